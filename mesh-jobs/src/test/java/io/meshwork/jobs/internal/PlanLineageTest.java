package io.meshwork.jobs.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.model.InputVersion;
import io.meshwork.core.spi.ColumnLineage;
import io.meshwork.core.spi.ColumnSource;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Column lineage read from analyzed plans: SQL over registered views, and Dataset jobs. */
@ExtendWith(SharedSpark.class)
class PlanLineageTest {
  private static final InputVersion ORDERS = new InputVersion("sales.orders", InputVersion.PRODUCT, "file:/wh/sales/orders", 3L);
  private static final InputVersion RETURNS = new InputVersion("raw_returns", InputVersion.SOURCE, "file:/data/returns.csv", null);
  private static final StructType ORDER_ROWS =
      new StructType()
          .add("id", DataTypes.LongType)
          .add("region", DataTypes.StringType)
          .add("email", DataTypes.StringType)
          .add("amount", DataTypes.DoubleType);

  private SparkSession spark;
  private Dataset<Row> orders;
  private Dataset<Row> returns;

  @BeforeEach
  void inputs(SparkSession shared) {
    spark = shared.newSession();
    orders = spark.createDataFrame(List.of(RowFactory.create(1L, "north", "a@example.com", 12.0)), ORDER_ROWS);
    returns = spark.createDataFrame(List.of(RowFactory.create(1L)), new StructType().add("id", DataTypes.LongType));
    orders.createOrReplaceTempView("orders");
    returns.createOrReplaceTempView("raw_returns");
  }

  private Optional<ColumnLineage> sql(String query) {
    Map<InputVersion, LogicalPlan> handedOut = new LinkedHashMap<>();
    handedOut.put(ORDERS, orders.queryExecution().analyzed());
    handedOut.put(RETURNS, returns.queryExecution().analyzed());
    return PlanLineage.of(spark.sql(query).queryExecution().analyzed(), Map.of("orders", ORDERS, "raw_returns", RETURNS), handedOut, null);
  }

  private Optional<ColumnLineage> job(Dataset<Row> built) {
    return PlanLineage.of(built.queryExecution().analyzed(), Map.of(), Map.of(ORDERS, orders.queryExecution().analyzed()), null);
  }

  /** {@code out <- input.field:USE, ...; ... | dataset: ...}, short names for the inputs. */
  private static String render(Optional<ColumnLineage> lineage) {
    if (lineage.isEmpty()) {
      return "none";
    }
    String fields =
        lineage.get().fields().entrySet().stream()
            .map(e -> e.getKey() + " <- " + e.getValue().stream().map(PlanLineageTest::render).collect(Collectors.joining(", ")))
            .collect(Collectors.joining("; "));
    return fields + " | dataset: " + lineage.get().dataset().stream().map(PlanLineageTest::render).collect(Collectors.joining(", "));
  }

  private static String render(ColumnSource s) {
    return (s.input() == ORDERS ? "orders" : "returns") + "." + s.field() + ":" + s.use() + (s.masking() ? "!masked" : "");
  }

  @Test
  void aCteIsFollowedToTheViewItReads() {
    assertThat(render(sql("WITH big AS (SELECT id, amount * 2 AS doubled FROM orders WHERE amount > 5) SELECT id AS order_id, doubled FROM big")))
        .isEqualTo("order_id <- orders.id:IDENTITY; doubled <- orders.amount:TRANSFORMATION | dataset: orders.amount:FILTER");
  }

  @Test
  void aCaseConditionIsConditionalAndAHashMasks() {
    assertThat(render(sql("SELECT CASE WHEN amount > 10 THEN region ELSE 'low' END AS band, sha2(email, 256) AS email_hash FROM orders")))
        .isEqualTo("band <- orders.amount:CONDITIONAL, orders.region:TRANSFORMATION; email_hash <- orders.email:TRANSFORMATION!masked | dataset: ");
  }

  @Test
  void aUnionTakesEachBranchAndAWindowKeyIsADatasetDependency() {
    assertThat(render(sql("SELECT id FROM orders UNION ALL SELECT id FROM raw_returns")))
        .isEqualTo("id <- orders.id:IDENTITY, returns.id:IDENTITY | dataset: ");
    assertThat(render(sql("SELECT id, SUM(amount) OVER (PARTITION BY region) AS region_total FROM orders")))
        .isEqualTo("id <- orders.id:IDENTITY; region_total <- orders.amount:AGGREGATION | dataset: orders.region:WINDOW");
  }

  @Test
  void anAggregateOverATransformationIsAnAggregation() {
    assertThat(render(sql("SELECT region, SUM(doubled) AS total FROM (SELECT region, amount * 2 AS doubled FROM orders) GROUP BY region")))
        .isEqualTo("region <- orders.region:IDENTITY; total <- orders.amount:AGGREGATION | dataset: orders.region:GROUP_BY");
  }

  @Test
  void aJavaJobsDatasetIsFollowedFromTheDatasetItWasHanded() {
    Dataset<Row> built = orders.filter(col("amount").gt(0)).groupBy("region").agg(sum("amount").as("total"));

    assertThat(render(job(built)))
        .isEqualTo("region <- orders.region:IDENTITY; total <- orders.amount:AGGREGATION | dataset: orders.amount:FILTER, orders.region:GROUP_BY");
  }

  @Test
  void aDatasetUsedTwiceIsRecognisedWithTheAttributeIdsSparkRenewed() {
    Dataset<Row> totals = orders.groupBy("id").agg(sum("amount").as("total"));
    Dataset<Row> built = orders.select(col("id"), col("region")).join(totals, "id");

    assertThat(render(job(built)))
        .isEqualTo("id <- orders.id:IDENTITY; region <- orders.region:IDENTITY; total <- orders.amount:AGGREGATION"
            + " | dataset: orders.id:GROUP_BY, orders.id:JOIN");
  }

  @Test
  void dataNotHandedOutByMeshworkGivesNoLineageRatherThanAPartialOne(@TempDir Path dir) throws Exception {
    Path csv = Files.writeString(dir.resolve("extra.csv"), "id,note\n1,x\n");
    Dataset<Row> direct = spark.read().option("header", "true").csv(csv.toString());
    Dataset<Row> typed = orders.map((MapFunction<Row, String>) r -> r.getString(1), Encoders.STRING()).toDF("region");

    assertThat(render(job(orders.join(direct, "id")))).isEqualTo("none");
    assertThat(render(job(typed))).isEqualTo("none");
    assertThat(render(job(orders.select(col("id"), col("amount").multiply(2).as("twice")))))
        .isEqualTo("id <- orders.id:IDENTITY; twice <- orders.amount:TRANSFORMATION | dataset: ");
  }
}
