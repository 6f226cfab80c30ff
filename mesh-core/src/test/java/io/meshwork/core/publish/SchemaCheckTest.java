package io.meshwork.core.publish;

import static io.meshwork.core.publish.PublishFixtures.DAY1;
import static io.meshwork.core.publish.PublishFixtures.column;
import static io.meshwork.core.publish.PublishFixtures.order;
import static io.meshwork.core.publish.PublishFixtures.orders;
import static io.meshwork.core.publish.PublishFixtures.rows;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Problem;
import io.meshwork.core.model.QualityGateException;
import io.meshwork.core.model.WriteSpec;
import io.meshwork.testing.SharedSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSpark.class)
class SchemaCheckTest {
  private final SparkSession spark;

  SchemaCheckTest(SparkSession spark) {
    this.spark = spark;
  }

  @Test
  void conformSelectsTheContractColumnsInOrderWithDescriptionsAsComments() {
    Dataset<Row> shuffled = rows(spark, order(1, "c1", "10.00", DAY1)).select("order_date", "amount", "order_id", "customer_id");

    Dataset<Row> conformed = SchemaCheck.conform(orders("overwrite", List.of()), shuffled);

    assertThat(conformed.schema().fieldNames()).containsExactly("order_id", "customer_id", "amount", "order_date");
    assertThat(conformed.schema().apply("order_id").getComment().get()).isEqualTo("Order number, unique");
    assertThat(conformed.schema().apply("order_date").getComment().get()).isEqualTo("Day the order was placed");
    assertThat(conformed.first().getLong(0)).isEqualTo(1L);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Dataset<Row> data =
        rows(spark, order(1, "c1", "10.00", DAY1))
            .drop("order_date")
            .withColumn("amount", col("amount").cast("string"))
            .withColumn("y", lit(1))
            .withColumn("order_id", col("order_id").cast("int"));

    QualityGateException e =
        catchThrowableOfType(QualityGateException.class, () -> SchemaCheck.conform(orders("overwrite", List.of()), data));

    assertThat(e.getMessage())
        .isEqualTo("Schema check failed for sales.orders (contract 1.0.0): missing column 'order_date' (date); "
            + "column 'order_id' expected bigint but was int; column 'amount' expected decimal(12,2) but was string; "
            + "unexpected column 'y' (int)");
    assertThat(e.problems()).extracting(Problem::message).containsExactly(e.getMessage());
    assertThat(e.report()).isNull();
  }

  @Test
  void namesAreCaseSensitiveAndDuplicatesAreRefused() {
    Dataset<Row> data = rows(spark, order(1, "c1", "10.00", DAY1)).withColumnRenamed("amount", "Amount").withColumn("customer_id", lit("x"));
    Dataset<Row> twice = data.select(col("order_id"), col("customer_id"), col("customer_id"), col("Amount").as("amount"), col("order_date"));

    QualityGateException renamed =
        catchThrowableOfType(QualityGateException.class, () -> SchemaCheck.conform(orders("overwrite", List.of()), data));
    QualityGateException duplicated =
        catchThrowableOfType(QualityGateException.class, () -> SchemaCheck.conform(orders("overwrite", List.of()), twice));

    assertThat(renamed.getMessage())
        .isEqualTo("Schema check failed for sales.orders (contract 1.0.0): missing column 'amount' (decimal(12,2)); unexpected column 'Amount' (decimal(12,2))");
    assertThat(duplicated.getMessage()).isEqualTo("Schema check failed for sales.orders (contract 1.0.0): column 'customer_id' appears 2 times");
  }

  @Test
  void nullabilityIsIgnoredAtEveryLevelButNestedTypesMustMatch() {
    DataProduct product =
        PublishFixtures.product(
            List.of(column("id", "bigint", false, null), column("tags", "array<struct<k: string, v: int>>", true, "Key-value tags")),
            WriteSpec.DEFAULT);
    StructType entry = new StructType().add("k", DataTypes.StringType, false).add("v", DataTypes.IntegerType, false);
    StructType strict = new StructType().add("id", DataTypes.LongType, false).add("tags", new ArrayType(entry, false), false);
    StructType wider = new StructType().add("id", DataTypes.LongType).add("tags", new ArrayType(entry.add("w", DataTypes.IntegerType), true));

    Dataset<Row> ok = SchemaCheck.conform(product, spark.createDataFrame(List.of(RowFactory.create(1L, List.of())), strict));
    QualityGateException e =
        catchThrowableOfType(
            QualityGateException.class,
            () -> SchemaCheck.conform(product, spark.createDataFrame(List.<Row>of(), wider)));

    assertThat(ok.schema().apply("tags").getComment().get()).isEqualTo("Key-value tags");
    assertThat(ok.schema().apply("id").getComment().isEmpty()).isTrue();
    assertThat(e.getMessage())
        .isEqualTo("Schema check failed for sales.orders (contract 1.0.0): column 'tags' expected array<struct<k:string,v:int>> "
            + "but was array<struct<k:string,v:int,w:int>>");
  }

  @Test
  void aTypeThatIsNotSparkSqlIsReportedAsSuch() {
    DataProduct product = PublishFixtures.product(List.of(column("id", "bigint", false, null), column("x", "varchar2", true, null)), WriteSpec.DEFAULT);

    QualityGateException e =
        catchThrowableOfType(
            QualityGateException.class,
            () -> SchemaCheck.conform(product, spark.range(1).withColumnRenamed("id", "id")));

    assertThat(e.getMessage())
        .isEqualTo("Schema check failed for sales.orders (contract 1.0.0): column 'x' has type 'varchar2', which is not a Spark SQL type");
  }
}
