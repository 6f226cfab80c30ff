package io.meshwork.quality;

import static io.meshwork.quality.TestProducts.error;
import static io.meshwork.quality.TestProducts.product;
import static io.meshwork.quality.TestProducts.spec;
import static io.meshwork.quality.TestProducts.warning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.SemVer;
import io.meshwork.core.publish.VerificationContext;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.testing.SharedSpark;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** on-fail = drop | quarantine: what is published, what is quarantined, and the quarantine table. */
@ExtendWith(SharedSpark.class)
class RowActionsTest {
  private static final UUID RUN = UUID.fromString("00000000-0000-0000-0000-000000000007");
  private static final LocalDate DAY = LocalDate.of(2026, 1, 10);
  private static final StructType ORDERS =
      new StructType()
          .add("order_id", DataTypes.IntegerType)
          .add("amount", DataTypes.createDecimalType(10, 2))
          .add("status", DataTypes.StringType)
          .add("customer_id", DataTypes.StringType);

  private static Dataset<Row> orders;

  @TempDir Path root;

  @BeforeAll
  static void data(SparkSession spark) {
    orders =
        spark.createDataFrame(
            List.of(
                row(1, "10.00", "NEW", "C1"),
                row(2, null, "NEW", "C1"), // incomplete amount: quarantined
                row(3, "-5.00", "PAID", "C2"), // negative: dropped
                row(4, null, "LOST", "C9"), // incomplete and unknown status: quarantined, both named
                row(5, "7.00", "LOST", "C9"), // unknown status (on-fail = fail): published, the gate decides
                row(6, "-1.00", "LOST", "C2")), // negative and unknown status: dropped
            ORDERS);
  }

  private static DataProduct product() {
    return TestProducts.product(
        spec("complete", List.of("amount"), "error", null, "on-fail", "quarantine"),
        spec("non-negative", List.of("amount"), "warning", "no refunds", "on-fail", "drop"),
        error("allowed-values", List.of("status"), "values", List.of("NEW", "PAID")),
        error("unique", List.of("order_id")));
  }

  @Test
  void dropAndQuarantineTakeTheirRowsAndNameEveryFailedConstraint() {
    RowSplit split = RowActions.split(product(), orders, RUN, DAY);

    assertThat(split.acts()).isTrue();
    assertThat(ids(split.publish())).containsExactly(1, 5);
    assertThat(split.publish().columns()).containsExactly("order_id", "amount", "status", "customer_id");
    Dataset<Row> quarantine = split.quarantine().orderBy("order_id");
    assertThat(quarantine.columns()).containsExactly("order_id", "amount", "status", "customer_id", "_mesh_failed", "_mesh_run_id", "_mesh_run_date");
    assertThat(quarantine.collectAsList())
        .extracting(r -> r.getInt(0) + " " + r.getList(4) + " " + r.getString(5) + " " + r.getDate(6))
        .containsExactly(
            "2 [complete(amount)] 00000000-0000-0000-0000-000000000007 2026-01-10",
            "4 [complete(amount), allowed-values(status)] 00000000-0000-0000-0000-000000000007 2026-01-10");
    assertThat(split.counts()).isEqualTo(new RowSplit.Counts(6, 2, 2));
    assertThat(split.counts().published()).isEqualTo(2);
  }

  @Test
  void theGateVerifiesWhatIsLeft() {
    RowSplit split = RowActions.split(product(), orders, RUN, DAY);

    var report = new DeequQualityGate().verify(product(), split.publish());

    assertThat(report.results()).extracting(r -> r.status().name()).containsExactly("PASSED", "PASSED", "FAILED", "PASSED");
    assertThat(report.results().get(2).message())
        .isEqualTo("allowed-values(status) must be >= 1.0 but was 0.5 on 2 rows [level=error] (examples: 'LOST')");
  }

  @Test
  void withoutActionsNothingIsComputed() {
    DataProduct plain = TestProducts.product(error("complete", List.of("amount")), warning("range", List.of("amount"), "min", 0, "on-fail", "fail"));

    RowSplit split = RowActions.split(plain, orders, RUN, DAY);

    assertThat(split.acts()).isFalse();
    assertThat(split.publish()).isSameAs(orders);
    assertThat(split.counts()).isEqualTo(new RowSplit.Counts(-1, 0, 0));
    assertThat(split.writeQuarantine(Warehouse.at(root))).isZero();
    assertThat(Path.of(RowActions.quarantineTable(Warehouse.at(root), plain).toUri())).doesNotExist();
  }

  @Test
  void referencesDropRowsWhoseValueTheOtherProductLacks(SparkSession spark) {
    Dataset<Row> customers = spark.createDataFrame(List.of(RowFactory.create("C1"), RowFactory.create("C2")), new StructType().add("id", DataTypes.StringType));
    DataProduct product =
        TestProducts.product(spec("references", List.of("customer_id"), "error", null, "product", "crm.customers", "ref-column", "id", "on-fail", "drop"));
    VerificationContext context = new VerificationContext(product.id(), product.version(), DAY, RUN, null, ref -> customers, null);

    RowSplit split = RowActions.split(product, orders, context);

    assertThat(ids(split.publish())).containsExactly(1, 2, 3, 6);
    assertThat(split.counts()).isEqualTo(new RowSplit.Counts(6, 2, 0));
    assertThat(new DeequQualityGate().verify(product, split.publish(), context).passed()).isTrue();
    assertThatThrownBy(() -> RowActions.split(product, orders, RUN, DAY))
        .isInstanceOf(MeshException.class)
        .hasMessage("sales.orders.conf:10: references(customer_id): on-fail = drop needs a verification context that can read crm.customers");
  }

  @Test
  void quarantineIsItsOwnDeltaTableInsideTheProductDirectoryAndDeltaIgnoresIt(SparkSession spark) {
    Warehouse warehouse = Warehouse.at(root);
    String table = warehouse.table(new ProductId("sales", "orders")).toString();
    RowSplit split = RowActions.split(product(), orders, RUN, DAY);
    split.publish().write().format("delta").save(table);

    assertThat(split.writeQuarantine(warehouse)).isEqualTo(2);
    assertThat(split.writeQuarantine(warehouse)).as("a rerun replaces its run date").isEqualTo(2);
    assertThat(RowActions.split(product(), orders, UUID.randomUUID(), DAY.plusDays(1)).writeQuarantine(warehouse)).isEqualTo(2);

    Path quarantine = Path.of(RowActions.quarantineTable(warehouse, product()).toUri());
    assertThat(quarantine).isEqualTo(root.resolve("_mesh/quarantine/sales/orders/v1"));
    assertThat(spark.read().format("delta").load(quarantine.toString()).count()).isEqualTo(4);
    assertThat(spark.read().format("delta").load(table).count()).isEqualTo(2);

    // The product table's own maintenance never touches the quarantine table.
    split.publish().limit(1).write().format("delta").mode("overwrite").save(table);
    spark.conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
    spark.conf().set("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2"); // VACUUM lists with 10,000 tasks by default
    try {
      DeltaTable.forPath(spark, table).vacuum(0.0);
    } finally {
      spark.conf().unset("spark.databricks.delta.retentionDurationCheck.enabled");
      spark.conf().unset("spark.sql.sources.parallelPartitionDiscovery.parallelism");
    }
    assertThat(spark.read().format("delta").load(table).count()).isEqualTo(1);
    assertThat(spark.read().format("delta").load(quarantine.toString()).count()).isEqualTo(4);
    assertThat(spark.read().format("delta").load(quarantine.toString()).where("_mesh_run_date = DATE'2026-01-10'").count()).isEqualTo(2);
  }

  @Test
  void eachContractMajorHasItsOwnQuarantineTable(SparkSession spark) {
    Warehouse warehouse = Warehouse.at(root);
    DataProduct v1 = product();
    DataProduct v2 = DataProduct.builder(v1.id(), new SemVer(2, 0, 0)).description(v1.description()).owner(v1.owner()).sql(v1.sql())
        .columns(v1.columns()).primaryKey(v1.primaryKey()).constraints(v1.constraints()).file(v1.file()).sha256(v1.sha256()).build();

    assertThat(RowActions.split(v2, orders, RUN, DAY).writeQuarantine(warehouse)).isEqualTo(2);
    assertThat(Path.of(RowActions.quarantineTable(warehouse, v2).toUri())).isEqualTo(root.resolve("_mesh/quarantine/sales/orders/v2"));
    assertThat(spark.read().format("delta").load(root.resolve("_mesh/quarantine/sales/orders/v2").toString()).count()).isEqualTo(2);
    assertThat(root.resolve("_mesh/quarantine/sales/orders/v1")).doesNotExist();
  }

  private static List<Integer> ids(Dataset<Row> rows) {
    return rows.orderBy("order_id").collectAsList().stream().map(r -> r.getInt(0)).toList();
  }

  private static Row row(int id, String amount, String status, String customer) {
    return RowFactory.create(id, amount == null ? null : new BigDecimal(amount), status, customer);
  }
}
