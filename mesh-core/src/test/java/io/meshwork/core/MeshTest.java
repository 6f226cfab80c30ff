package io.meshwork.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.meshwork.core.catalog.Catalog;
import io.meshwork.core.catalog.CatalogEntry;
import io.meshwork.core.catalog.ProductVersion;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.NotFoundException;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.read.ProductReader;
import io.meshwork.core.storage.Storage;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads through {@link Mesh}. The warehouse holds sales.orders with certified versions 0 and 1, a
 * plain-Spark commit 2 and a commit 3 carrying another product's metadata (neither certified);
 * crm.customers with certified version 0; crm.raw with only an uncertified commit; crm.pending
 * with an empty log (a failed first publish). Commit times are pinned through the log files'
 * modification times. The tests only read, so the warehouse is built once.
 */
@ExtendWith(SharedSpark.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeshTest {
  private static final StructType ORDERS = new StructType().add("order_id", DataTypes.IntegerType).add("amount", DataTypes.LongType);

  private final SparkSession spark;
  private Path dir;
  private Mesh mesh;

  MeshTest(SparkSession spark) {
    this.spark = spark;
  }

  @BeforeAll
  void publish(@TempDir Path warehouse) throws IOException {
    dir = warehouse;
    Path orders = write("sales/orders/v1", rows(1, 10, 2, 20), metadata("sales.orders", "1.0.0", "run-a", "2026-11-23", 2));
    write("sales/orders/v1", rows(1, 11, 2, 21, 3, 31), metadata("sales.orders", "1.1.0", "run-b", "2026-11-24", 3));
    write("sales/orders/v1", rows(9, 99), null); // someone writing with plain Spark
    write("sales/orders/v1", rows(8, 88), metadata("sales.returns", "1.0.0", "run-c", "2026-11-24", 1));
    commitTimes(orders, "2026-11-25T10:00:00Z", "2026-11-25T11:00:00Z", "2026-11-25T12:00:00Z", "2026-11-25T13:00:00Z");
    commitTimes(write("crm/customers/v2", rows(7, 70), metadata("crm.customers", "2.0.0", "run-d", "2026-11-23", 1)), "2026-11-24T08:00:00Z");
    write("crm/raw/v1", rows(5, 50), "not json");
    new Catalog(spark, Warehouse.at(dir)).record(
        new CatalogEntry("sales.orders", "sales", "orders", 1L, "1.1.0", "sales-team", "certified", 3,
            Instant.parse("2026-11-25T11:00:00Z"), "run-b", LocalDate.parse("2026-11-24"), 4, 0, 0, null, null, orders.toString()));
    Files.createDirectories(dir.resolve("_staging/orders/_delta_log"));
    Files.createDirectories(dir.resolve("crm/pending/v1/_delta_log")); // a first publish that failed
    mesh = Mesh.open(spark, dir);
  }

  @Test
  void latestIsTheNewestCertifiedVersionEvenWhenNewerCommitsExist() {
    ProductReader orders = mesh.read("sales.orders");

    assertThat(orders.id()).isEqualTo(ProductId.parse("sales.orders"));
    assertThat(orders.latestVersion()).isEqualTo(1);
    assertThat(contents(orders.latest())).isEqualTo("[[1,11], [2,21], [3,31]]");
    assertThat(contents(mesh.read(ProductId.parse("crm.customers")).latest())).isEqualTo("[[7,70]]");
  }

  @Test
  void versionsAreTheCertifiedCommitsOldestFirst() {
    assertThat(mesh.read("sales.orders").versions())
        .containsExactly(
            new ProductVersion(0, Instant.parse("2026-11-25T10:00:00Z"), "1.0.0", "run-a", LocalDate.parse("2026-11-23"), 2L, "WRITE"),
            new ProductVersion(1, Instant.parse("2026-11-25T11:00:00Z"), "1.1.0", "run-b", LocalDate.parse("2026-11-24"), 3L, "WRITE"));
    assertThat(mesh.read("crm.raw").versions()).isEmpty();
  }

  @Test
  void readsAPinnedCertifiedVersion() {
    assertThat(contents(mesh.read("sales.orders").version(0))).isEqualTo("[[1,10], [2,20]]");
  }

  @Test
  void readsAsOfATime() {
    ProductReader orders = mesh.read("sales.orders");

    assertThat(contents(orders.asOf(Instant.parse("2026-11-25T10:59:59.999Z")))).isEqualTo("[[1,10], [2,20]]");
    assertThat(contents(orders.asOf("2026-11-25T10:00:00Z"))).isEqualTo("[[1,10], [2,20]]");
    assertThat(contents(orders.asOf("2026-11-25 11:00:00"))).isEqualTo("[[1,11], [2,21], [3,31]]");
    assertThat(contents(orders.asOf("2026-11-26"))).isEqualTo("[[1,11], [2,21], [3,31]]");
  }

  @Test
  void refusesAnUncertifiedOrUnknownVersion() {
    ProductReader orders = mesh.read("sales.orders");

    assertThatThrownBy(() -> orders.version(2))
        .isInstanceOf(MeshException.class)
        .hasMessage("sales.orders has no certified version 2 (certified versions: 0, 1)")
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> orders.version(9)).hasMessage("sales.orders has no certified version 9 (certified versions: 0, 1)");
  }

  @Test
  void refusesATimeBeforeTheFirstCertifiedVersion() {
    assertThatThrownBy(() -> mesh.read("sales.orders").asOf("2020-01-01"))
        .isInstanceOf(MeshException.class)
        .hasMessage("sales.orders has no certified version at or before 2020-01-01T00:00:00Z (first certified version 0 at 2026-11-25T10:00:00Z)")
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void refusesTextThatIsNotATime() {
    assertThatThrownBy(() -> mesh.read("sales.orders").asOf("yesterday"))
        .isInstanceOf(MeshException.class)
        .hasMessage("'yesterday' is not a timestamp: expected an ISO-8601 instant (2026-11-25T10:00:00Z) or yyyy-MM-dd[ HH:mm:ss] in UTC");
  }

  @Test
  void refusesAProductWithoutCertifiedVersions() {
    ProductReader raw = mesh.read("crm.raw");

    String message = "crm.raw has no certified version yet in warehouse " + dir.toAbsolutePath();
    assertThatThrownBy(raw::latest).isInstanceOf(MeshException.class).hasMessage(message);
    assertThatThrownBy(raw::latestVersion).hasMessage(message);
    assertThatThrownBy(() -> raw.asOf(Instant.now())).hasMessage(message);
    assertThatThrownBy(() -> raw.version(0)).hasMessage("crm.raw has no certified version 0 (certified versions: none)");
    assertThat(mesh.read("crm.pending").versions()).isEmpty();
    assertThatThrownBy(() -> mesh.read("crm.pending").latest())
        .hasMessage("crm.pending has no certified version yet in warehouse " + dir.toAbsolutePath());
  }

  @Test
  void refusesAnUnknownProductNamingTheKnownOnes() {
    assertThat(mesh.products()).extracting(ProductId::toString).containsExactly("crm.customers", "crm.pending", "crm.raw", "sales.orders");
    assertThatThrownBy(() -> mesh.read("sales.orderz"))
        .isInstanceOf(MeshException.class)
        .hasMessage("No data product sales.orderz in warehouse " + dir.toAbsolutePath() + " (known: crm.customers, crm.pending, crm.raw, sales.orders)")
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void refusesAMalformedProductName() {
    assertThatThrownBy(() -> mesh.read("salesorders"))
        .isInstanceOf(MeshException.class)
        .hasMessage("'salesorders' is not a product name: expected <domain>.<name>, each a plain lower-case identifier");
  }

  @Test
  void anEmptyWarehouseKnowsNoProducts(@TempDir Path empty) {
    Mesh none = Mesh.open(spark, empty.toUri().toString());

    assertThat(none.warehouse().root()).isEqualTo(Storage.location(empty));
    assertThat(none.warehouse().root().toString()).isEqualTo("file:" + empty.toAbsolutePath());
    assertThat(none.catalog().list()).isEmpty();
    assertThatThrownBy(() -> none.read("sales.orders"))
        .hasMessage("No data product sales.orders in warehouse " + empty.toAbsolutePath() + " (known: none)");
  }

  @Test
  void exposesTheCatalogOfTheWarehouse() {
    assertThat(mesh.catalog().list())
        .extracting(CatalogEntry::product, CatalogEntry::dataVersion)
        .containsExactly(tuple("sales.orders", 1L));
    assertThat(mesh.spark()).isSameAs(spark);
  }

  private Path write(String table, Dataset<Row> data, String userMetadata) {
    Path path = dir.resolve(table);
    var writer = data.write().format("delta").mode("overwrite");
    if (userMetadata != null) {
      writer = writer.option("userMetadata", userMetadata);
    }
    writer.save(path.toString());
    return path;
  }

  private Dataset<Row> rows(long... idAndAmount) {
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < idAndAmount.length; i += 2) {
      rows.add(RowFactory.create((int) idAndAmount[i], idAndAmount[i + 1]));
    }
    return spark.createDataFrame(rows, ORDERS);
  }

  private static String metadata(String product, String contract, String runId, String runDate, long rows) {
    return "{\"product\":\"" + product + "\",\"contractVersion\":\"" + contract + "\",\"runId\":\"" + runId + "\",\"runDate\":\""
        + runDate + "\",\"rows\":" + rows + ",\"inputs\":[],\"quality\":{\"passed\":4,\"failed\":0,\"warned\":0}}";
  }

  /** Delta takes a commit's time from its log file's modification time. */
  private static void commitTimes(Path table, String... times) throws IOException {
    for (int v = 0; v < times.length; v++) {
      Path commit = table.resolve("_delta_log").resolve(String.format("%020d.json", v));
      Files.setLastModifiedTime(commit, FileTime.from(Instant.parse(times[v])));
    }
  }

  private static String contents(Dataset<Row> data) {
    return data.orderBy("order_id").collectAsList().toString();
  }
}
