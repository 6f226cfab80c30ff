package io.meshwork.core.publish;

import static io.meshwork.core.publish.PublishFixtures.DAY1;
import static io.meshwork.core.publish.PublishFixtures.DAY2;
import static io.meshwork.core.publish.PublishFixtures.ORDERS;
import static io.meshwork.core.publish.PublishFixtures.ids;
import static io.meshwork.core.publish.PublishFixtures.order;
import static io.meshwork.core.publish.PublishFixtures.orders;
import static io.meshwork.core.publish.PublishFixtures.parquetOnDisk;
import static io.meshwork.core.publish.PublishFixtures.parquetReferenced;
import static io.meshwork.core.publish.PublishFixtures.rows;
import static io.meshwork.core.publish.PublishFixtures.stamp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import io.meshwork.core.model.ConstraintResult;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Problem;
import io.meshwork.core.model.QualityGateException;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.core.storage.WrittenStatistics;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedSpark.class)
class PublishGateTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark;
  @TempDir Path root;

  PublishGateTest(SparkSession spark) {
    this.spark = spark;
  }

  private Path table() {
    return Path.of(Warehouse.at(root).table(ORDERS).toUri());
  }

  private Publisher publisher() {
    return new Publisher(spark, Warehouse.at(root), new PublishFixtures.FakeGate());
  }

  @Test
  void overwriteCommitsTheRowsAndTheStampInOneVersion() throws Exception {
    DataProduct product = orders("overwrite", List.of());
    RunStamp stamp = stamp(DAY1);

    PublishResult result =
        publisher().publish(product, rows(spark, order(1, "c1", "10.00", DAY1), order(2, "c2", "20.50", DAY1), order(3, "c1", null, DAY1)), stamp);

    assertThat(result.dataVersion()).isZero();
    assertThat(result.rows()).isEqualTo(3);
    assertThat(result.report().passed()).isTrue();
    assertThat(result.report().count(ConstraintResult.Status.PASSED)).isEqualTo(2);
    assertThat(result.schema().fieldNames()).containsExactly("order_id", "customer_id", "amount", "order_date");
    assertThat(ids(spark, table())).containsExactly(1L, 2L, 3L);
    assertThat(PublishFixtures.kernelVersion(table())).isZero();

    Row detail = DeltaTable.forPath(spark, table().toString()).detail().first();
    Map<String, String> properties = detail.getJavaMap(detail.fieldIndex("properties"));
    assertThat(properties)
        .containsEntry("mesh.product", "sales.orders")
        .containsEntry("mesh.contract.version", "1.0.0")
        .containsEntry("mesh.owner", "sales-data")
        .containsEntry("mesh.contract.sha256", "ab12".repeat(16));
    assertThat(detail.<String>getAs("description")).isEqualTo("Orders placed in the web shop");
    StructField amount = spark.read().format("delta").load(table().toString()).schema().apply("amount");
    assertThat(amount.getComment().get()).isEqualTo("Order total in EUR");

    Row commit = DeltaTable.forPath(spark, table().toString()).history().first();
    assertThat(commit.<Long>getAs("version")).isZero();
    assertThat(commit.<String>getAs("operation")).isEqualTo("WRITE");
    assertThat(commit.<String, String>getJavaMap(commit.fieldIndex("operationParameters"))).containsEntry("mode", "Overwrite");
    assertThat(commit.getTimestamp(commit.fieldIndex("timestamp")).toInstant()).isEqualTo(result.committedAt());
    JsonNode meta = JSON.readTree(commit.<String>getAs("userMetadata"));
    assertThat(meta.get("product").asText()).isEqualTo("sales.orders");
    assertThat(meta.get("contractVersion").asText()).isEqualTo("1.0.0");
    assertThat(meta.get("runId").asText()).isEqualTo(stamp.runId().toString());
    assertThat(meta.get("runDate").asText()).isEqualTo("2026-11-23");
    assertThat(meta.get("rows").asLong()).isEqualTo(3);
    assertThat(meta.get("inputs")).hasSize(2);
    assertThat(meta.get("inputs").get(0).get("name").asText()).isEqualTo("raw_orders");
    assertThat(meta.get("inputs").get(0).get("kind").asText()).isEqualTo("source");
    assertThat(meta.get("inputs").get(0).get("uri").asText()).isEqualTo("file:/data/raw/orders.csv");
    assertThat(meta.get("inputs").get(0).get("version").isNull()).isTrue();
    assertThat(meta.get("inputs").get(1).get("name").asText()).isEqualTo("crm.customers");
    assertThat(meta.get("inputs").get(1).get("kind").asText()).isEqualTo("product");
    assertThat(meta.get("inputs").get(1).get("version").asLong()).isEqualTo(7);
    assertThat(meta.get("quality").get("passed").asLong()).isEqualTo(2);
    assertThat(meta.get("quality").get("failed").asLong()).isZero();
    assertThat(meta.get("quality").get("warned").asLong()).isZero();
    assertThat(meta.size()).isEqualTo(7);
  }

  @Test
  void theGateIsGivenTheStagedFilesStatisticsOnlyWhenTheyAreTheWholeTable() {
    PublishFixtures.FakeGate gate = new PublishFixtures.FakeGate();
    Publisher publisher = new Publisher(spark, Warehouse.at(root), gate);

    publisher.publish(orders("append", List.of()), rows(spark, order(4, "c1", "10.00", DAY1), order(2, "c2", null, DAY1)), stamp(DAY1));

    assertThat(gate.statistics).hasSize(1);
    WrittenStatistics first = gate.statistics.get(0);
    assertThat(first.rows()).isEqualTo(2);
    assertThat(first.nulls()).containsEntry("order_id", 0L).containsEntry("amount", 1L).containsEntry("customer_id", 0L);
    assertThat(first.minimums()).containsEntry("order_id", 2.0).containsEntry("amount", 10.0).doesNotContainKey("customer_id");
    assertThat(first.maximums()).containsEntry("order_id", 4.0);

    // Appended to, the table as it will be holds rows no staged file describes: no statistics.
    publisher.publish(orders("append", List.of()), rows(spark, order(3, "c3", "5.00", DAY2)), stamp(DAY2));

    assertThat(gate.statistics).hasSize(1);
    assertThat(gate.verifiedRows).containsExactly(2L, 3L);
  }

  @Test
  void overwriteRerunReplacesTheRows() {
    DataProduct product = orders("overwrite", List.of());
    publisher().publish(product, rows(spark, order(1, "c1", "10.00", DAY1), order(2, "c2", "20.50", DAY1)), stamp(DAY1));

    PublishResult rerun = publisher().publish(product, rows(spark, order(7, "c1", "1.00", DAY1)), stamp(DAY1));

    assertThat(rerun.dataVersion()).isEqualTo(1);
    assertThat(rerun.rows()).isEqualTo(1);
    assertThat(ids(spark, table())).containsExactly(7L);
    assertThat(parquetOnDisk(table())).hasSize(3);
    assertThat(parquetReferenced(spark, table())).hasSize(1);
  }

  @Test
  void failedGateCommitsNothingAndLeavesNoFileBehind() throws Exception {
    DataProduct product = orders("overwrite", List.of());
    publisher().publish(product, rows(spark, order(1, "c1", "10.00", DAY1), order(2, "c2", "20.50", DAY1)), stamp(DAY1));
    var before = parquetOnDisk(table());

    QualityGateException e =
        catchThrowableOfType(
            QualityGateException.class,
            () -> publisher().publish(
                product,
                rows(spark, order(3, "c1", "-5.00", DAY1), order(3, "c2", "1.00", DAY1), order(4, "c3", "-1.00", DAY1)),
                stamp(DAY1)));

    assertThat(e.getMessage())
        .isEqualTo("Quality gate failed for sales.orders (contract 1.0.0): unique(order_id) violated by 1 of 3 rows; "
            + "non-negative(amount) violated by 2 of 3 rows");
    assertThat(e.problems()).extracting(Problem::message).containsExactly(e.getMessage());
    assertThat(e.report().rows()).isEqualTo(3);
    assertThat(e.report().failures()).hasSize(2);
    assertThat(DeltaTable.forPath(spark, table().toString()).history().count()).isEqualTo(1);
    assertThat(PublishFixtures.kernelVersion(table())).isZero();
    assertThat(ids(spark, table())).containsExactly(1L, 2L);
    assertThat(parquetOnDisk(table())).isEqualTo(before).isEqualTo(parquetReferenced(spark, table()));
    try (var crc = Files.walk(table())) {
      assertThat(crc.filter(p -> p.toString().endsWith(".parquet.crc"))).hasSize(before.size());
    }
  }

  @Test
  void failedFirstPublishLeavesNoTable() {
    DataProduct product = orders("overwrite", List.of("order_date"));

    QualityGateException e =
        catchThrowableOfType(
            QualityGateException.class,
            () -> publisher().publish(product, rows(spark, order(1, "c1", "-5.00", DAY1)), stamp(DAY1)));

    assertThat(e.getMessage()).isEqualTo("Quality gate failed for sales.orders (contract 1.0.0): non-negative(amount) violated by 1 of 1 rows");
    assertThat(table()).doesNotExist();
    assertThat(DeltaTable.isDeltaTable(spark, table().toString())).isFalse();
  }

  @Test
  void nullInRequiredColumnIsRefusedBeforeTheGate() throws Exception {
    DataProduct product = orders("overwrite", List.of());
    PublishFixtures.FakeGate gate = new PublishFixtures.FakeGate();
    Publisher publisher = new Publisher(spark, Warehouse.at(root), gate);
    publisher.publish(product, rows(spark, order(1, "c1", "10.00", DAY1)), stamp(DAY1));

    QualityGateException e =
        catchThrowableOfType(
            QualityGateException.class,
            () -> publisher.publish(
                product,
                rows(spark, order(2, null, "1.00", DAY1), order(3, null, "2.00", DAY1), order(4, "c4", null, DAY1)),
                stamp(DAY1)));

    assertThat(e.getMessage()).isEqualTo("Schema check failed for sales.orders (contract 1.0.0): column 'customer_id' is not nullable but has 2 null values");
    assertThat(e.report()).isNull();
    assertThat(gate.verifiedRows).containsExactly(1L);
    assertThat(PublishFixtures.kernelVersion(table())).isZero();
    assertThat(ids(spark, table())).containsExactly(1L);
    assertThat(parquetOnDisk(table())).isEqualTo(parquetReferenced(spark, table()));
  }
}
