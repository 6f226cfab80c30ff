package io.meshwork.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshwork.core.Mesh;
import io.meshwork.core.contract.Contracts;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.QualityGateException;
import io.meshwork.core.publish.PublishResult;
import io.meshwork.core.publish.Publisher;
import io.meshwork.core.publish.QualityGate;
import io.meshwork.core.publish.RunStamp;
import io.meshwork.core.publish.VerificationContext;
import io.meshwork.testing.SharedSpark;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run as the runner is to wire it: a context per run, row actions before the publish, the
 * gate bound to the context inside the Publisher. Four daily runs of an order product that
 * references a customer product; the fourth halves the volume and is refused.
 */
@ExtendWith(SharedSpark.class)
class RunWiringTest {
  private static final DataProduct CUSTOMERS =
      Contracts.parse(
          """
          product {
            domain = crm, name = customers, version = "1.0.0", sql = "SELECT 1"
            schema.columns = [ { name = customer_id, type = string, nullable = false } ]
          }
          """,
          "customers.conf");
  private static final DataProduct ORDERS =
      Contracts.parse(
          """
          product {
            domain = sales, name = orders, version = "2.0.0", sql = "SELECT 1"
            schema.columns = [
              { name = order_id, type = int, nullable = false }
              { name = customer_id, type = string, nullable = false }
              { name = amount, type = "decimal(12,2)" }
            ]
            quality.constraints = [
              { check = complete, column = amount, on-fail = quarantine }
              { check = references, column = customer_id, product = crm.customers, ref-column = customer_id, on-fail = drop }
              { check = anomaly, metric = row-count, strategy = relative-rate-of-change, max-rate-decrease = 0.5, name = volume }
            ]
          }
          """,
          "orders.conf");
  private static final StructType ORDER_ROWS =
      new StructType().add("order_id", DataTypes.IntegerType).add("customer_id", DataTypes.StringType).add("amount", DataTypes.createDecimalType(12, 2));

  @TempDir Path root;

  private final QualityGate gate = new DeequQualityGate();

  /** {@code good} valid orders, then one without amount and one of an unknown customer. */
  private static Dataset<Row> orders(SparkSession spark, int good) {
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= good; i++) {
      rows.add(RowFactory.create(i, "C" + (i % 2), new BigDecimal("9.99")));
    }
    rows.add(RowFactory.create(100, "C1", null));
    rows.add(RowFactory.create(101, "C7", new BigDecimal("5.00")));
    return spark.createDataFrame(rows, ORDER_ROWS);
  }

  private record Run(PublishResult result, RowSplit.Counts counts, long quarantined) {}

  private Run run(SparkSession spark, Mesh mesh, LocalDate day, int good) {
    UUID runId = UUID.randomUUID();
    VerificationContext context = mesh.verificationContext(ORDERS.id(), ORDERS.version(), day, runId);
    RowSplit split = RowActions.split(ORDERS, orders(spark, good), context);
    long quarantined = split.writeQuarantine(mesh.warehouse());
    RowSplit.Counts counts = split.counts();
    PublishResult result =
        new Publisher(spark, mesh.warehouse(), gate.withContext(context)).publish(ORDERS, split.publish(), new RunStamp(runId, day, List.of()));
    return new Run(result, counts, quarantined);
  }

  @Test
  void fourDailyRuns(SparkSession spark) {
    Mesh mesh = Mesh.open(spark, root);
    LocalDate day1 = LocalDate.of(2026, 2, 1);
    new Publisher(spark, mesh.warehouse(), gate)
        .publish(CUSTOMERS, spark.createDataFrame(List.of(RowFactory.create("C0"), RowFactory.create("C1")), new StructType().add("customer_id", DataTypes.StringType)),
            new RunStamp(UUID.randomUUID(), day1, List.of()));

    for (int d = 0; d < 3; d++) {
      Run r = run(spark, mesh, day1.plusDays(d), 10);
      assertThat(r.result().dataVersion()).isEqualTo(d);
      assertThat(r.result().rows()).isEqualTo(10);
      assertThat(r.counts()).isEqualTo(new RowSplit.Counts(12, 1, 1));
      assertThat(r.quarantined()).isEqualTo(1);
    }
    QualityGateException refused = catchThrowableOfType(QualityGateException.class, () -> run(spark, mesh, day1.plusDays(3), 4));

    assertThat(refused.getMessage())
        .isEqualTo(
            "Quality gate failed for sales.orders (contract 2.0.0): row-count must be >= 5 (relative-rate-of-change from 10 on run date 2026-02-03) "
                + "but was 4 on 4 rows [level=error, check=volume]");
    assertThat(mesh.read("sales.orders").latestVersion()).isEqualTo(2);
    List<QualityRun> history = QualityHistory.of(spark, mesh.warehouse()).runs(ORDERS.id());
    assertThat(history).extracting(QualityRun::dataVersion).containsExactly(0L, 1L, 2L, 3L);
    assertThat(history).extracting(QualityRun::status).containsExactly("passed", "passed", "passed", "failed");
    assertThat(history).extracting(r -> r.metrics().get("row-count")).containsExactly(10.0, 10.0, 10.0, 4.0);
    assertThat(history).extracting(QualityRun::contractVersion).containsOnly("2.0.0");
    // the refused run's quarantine is written: it happened before the gate, labelled with its run date
    assertThat(spark.read().format("delta").load(RowActions.quarantineTable(mesh.warehouse(), ORDERS).toString()).count()).isEqualTo(4);
    assertThat(mesh.products()).extracting(Object::toString).containsExactly("crm.customers", "sales.orders");
  }
}
