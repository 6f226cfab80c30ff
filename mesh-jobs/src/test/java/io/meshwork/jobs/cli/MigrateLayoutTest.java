package io.meshwork.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import io.meshwork.core.storage.internal.ProductWrites;
import io.meshwork.jobs.TestProject;
import io.meshwork.testing.SharedSpark;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate-layout} on a warehouse the previous release wrote (test resource
 * {@code old-layout/warehouse.zip}: the sample mesh's products run with that release, sales.orders
 * bumped to major 2 with a quarantine rule, crm.support_tickets published twice; made as
 * old-layout/README.md says), and the side-by-side layout it leads to.
 */
@ExtendWith(SharedSpark.class)
class MigrateLayoutTest {
  /** The old fixture's tables (major 1 at the product directory, major 2 nested in it) and where each must go. */
  private static final Map<String, String> TABLES = new LinkedHashMap<>();

  static {
    for (String product : List.of("crm/customers", "crm/support_tickets", "features/customer_activity", "sales/orders", "sales/revenue_daily", "supply_chain/inventory_positions", "supply_chain/shipments")) {
      TABLES.put(product, product + "/v1");
    }
    TABLES.put("sales/orders/v2", "sales/orders/v2");
    TABLES.put("sales/orders/v2/_quarantine", "_mesh/quarantine/sales/orders/v2");
  }

  /** A table's history as plain Delta sees it: each version's commit time, stamp and rows, and the rows at that time. */
  private record Version(long version, java.sql.Timestamp at, String stamp, long rows) {}

  @Test
  void movesEveryTableBesideTheOthersKeepingEveryVersionByNumberAndByTime(SparkSession spark, @TempDir Path dir) throws Exception {
    TestProject project = new TestProject(dir).write("conf/mesh.conf", "mesh {}\n");
    unzip("/old-layout/warehouse.zip", dir);
    Path warehouse = project.warehouse();
    Map<String, List<Version>> before = new TreeMap<>();
    for (String old : TABLES.keySet()) {
      before.put(old, versions(spark, warehouse.resolve(old)));
    }
    assertThat(before.get("crm/support_tickets")).hasSize(2);
    assertThat(before.get("sales/orders/v2/_quarantine").get(0).rows()).isEqualTo(1);
    List<String> files = listing(warehouse);

    TestProject.Result refused = project.mesh("catalog", "list");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("layout of an earlier Meshwork release").contains("sales.orders").contains("bin/mesh migrate-layout");

    TestProject.Result dry = project.mesh("migrate-layout", "--dry-run");
    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("would move sales/orders/_delta_log -> sales/orders/v1/_delta_log")
        .contains("would move sales/orders/v2/_quarantine -> _mesh/quarantine/sales/orders/v2")
        .contains("would move sales/orders/v2/_mesh/contracts -> _mesh/products/sales/orders/v2/contracts")
        .contains("7 product(s)").contains("dry run: nothing moved");
    assertThat(listing(warehouse)).as("a dry run moves nothing").isEqualTo(files);

    TestProject.Result moved = project.mesh("migrate-layout");
    assertThat(moved.code()).as(moved.err()).isZero();
    assertThat(moved.err()).contains("[7/7] supply_chain.shipments").doesNotContain("warning");
    for (Map.Entry<String, String> t : TABLES.entrySet()) {
      assertThat(versions(spark, warehouse.resolve(t.getValue()))).as(t.getValue() + ": every version by number and by time, stamps kept").isEqualTo(before.get(t.getKey()));
    }
    assertThat(warehouse.resolve("_mesh/products/sales/orders/v2/contracts")).isDirectoryContaining("glob:**.conf");
    assertThat(warehouse.resolve("_mesh/products/crm/customers/v1/contracts")).isDirectoryContaining("glob:**.conf");
    try (Stream<Path> productDirs = Files.list(warehouse.resolve("sales/orders"))) {
      assertThat(productDirs.map(p -> p.getFileName().toString())).as("a product directory holds its majors' tables and nothing else").containsExactlyInAnyOrder("v1", "v2");
    }

    TestProject.Result read = project.mesh("read", "crm.support_tickets", "--version", "0", "--limit", "1");
    assertThat(read.code()).as(read.err()).isZero();
    assertThat(project.mesh("catalog", "list").code()).isZero();
    TestProject.Result again = project.mesh("migrate-layout");
    assertThat(again.out()).contains("already in the current layout, nothing to move");

    // A plain Delta VACUUM (RETAIN 0 HOURS) of any one table takes nothing another table needs.
    spark.conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
    try {
      for (String table : TABLES.values()) {
        if (!table.startsWith("_mesh/")) { // every product table
          ProductWrites.certified(() -> DeltaTable.forPath(spark, warehouse.resolve(table).toString()).vacuum(0.0).count());
        }
      }
    } finally {
      spark.conf().unset("spark.databricks.delta.retentionDurationCheck.enabled");
    }
    for (Map.Entry<String, String> t : TABLES.entrySet()) {
      List<Version> history = before.get(t.getKey());
      long latestRows = history.get(history.size() - 1).rows();
      assertThat(spark.read().format("delta").load(warehouse.resolve(t.getValue()).toString()).count()).as(t.getValue() + " after every product table was vacuumed").isEqualTo(latestRows);
    }
    assertThat(new io.meshwork.core.catalog.Catalog(spark, io.meshwork.core.storage.Warehouse.at(warehouse)).entries(io.meshwork.core.model.ProductId.parse("sales.orders"))).isNotEmpty();
    assertThat(warehouse.resolve("_mesh/products/sales/orders/v2/contracts")).isDirectoryContaining("glob:**.conf");
  }

  private static List<Version> versions(SparkSession spark, Path table) {
    List<Version> versions = new ArrayList<>();
    for (Row r : DeltaTable.forPath(spark, table.toString()).history().select("version", "timestamp", "userMetadata").orderBy("version").collectAsList()) {
      long v = r.getLong(0);
      java.sql.Timestamp at = r.getTimestamp(1);
      long rows = spark.read().format("delta").option("versionAsOf", v).load(table.toString()).count();
      String asOf = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
          .withZone(java.time.ZoneId.of(spark.conf().get("spark.sql.session.timeZone"))).format(at.toInstant());
      long byTime = spark.read().format("delta").option("timestampAsOf", asOf).load(table.toString()).count();
      assertThat(byTime).as(table + " at the time of version " + v).isEqualTo(rows);
      versions.add(new Version(v, at, r.isNullAt(2) ? null : r.getString(2), rows));
    }
    return versions;
  }

  private static List<String> listing(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  /** Unzips a resource under {@code dir}, each file with the modification time it was zipped with. */
  private static void unzip(String resource, Path dir) throws IOException {
    Map<Path, FileTime> times = new LinkedHashMap<>();
    try (InputStream in = MigrateLayoutTest.class.getResourceAsStream(resource); ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        Path target = dir.resolve(e.getName()).normalize();
        if (e.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        Files.copy(zip, target);
        times.put(target, e.getLastModifiedTime());
      }
    }
    for (Map.Entry<Path, FileTime> t : times.entrySet()) {
      Files.setLastModifiedTime(t.getKey(), t.getValue());
    }
  }
}
