package io.meshwork.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.Mesh;
import io.meshwork.core.catalog.CatalogEntry;
import io.meshwork.core.catalog.ProductVersion;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.publish.Faults;
import io.meshwork.jobs.Reconciler;
import io.meshwork.jobs.TestProject;
import io.meshwork.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The crash matrix: a child JVM publishes with {@code -Dmesh.fault=<point>} and dies with
 * {@code halt} there. Then: the table is the old or the new version, never partial; {@code mesh
 * doctor} brings catalog and lineage in line with the Delta log; a rerun of the same date succeeds
 * and no row is duplicated. The product appends, the write mode where a rerun could duplicate.
 */
@ExtendWith(SharedSpark.class)
class FaultInjectionTest {
  static final String CONTRACT =
      """
      product {
        domain = sales
        name = orders
        version = "1.0.0"
        description = "Orders, appended per day."
        owner { team = sales-data, email = "sales-data@example.com" }
        inputs { sources { raw_orders { path = "data/orders.csv", format = csv } } }
        sql = "SELECT order_id, CAST(amount AS DECIMAL(12,2)) AS amount, CAST(order_date AS DATE) AS order_date FROM raw_orders"
        schema {
          columns = [
            { name = order_id, type = string, nullable = false, description = "Order id", classification = internal }
            { name = amount, type = "decimal(12,2)", nullable = false, description = "Amount", classification = internal }
            { name = order_date, type = date, nullable = false, description = "Order date", classification = internal }
          ]
          primary-key = [order_id]
        }
        quality.constraints = [
          { check = unique, columns = [order_id] }
          { check = row-count, min = 1 }
        ]
        write { mode = append }
        sla.freshness = 24h
      }
      """;
  static final String DAY1 = "order_id,amount,order_date\nO-1,10.50,2026-11-22\nO-2,20.00,2026-11-22\nO-3,5.25,2026-11-22\n";
  static final String DAY2 = "order_id,amount,order_date\nO-4,7.00,2026-11-23\nO-5,1.99,2026-11-23\n";
  static final ProductId ORDERS = ProductId.parse("sales.orders");

  private final SparkSession spark;
  @TempDir Path project;

  FaultInjectionTest(SparkSession spark) {
    this.spark = spark;
  }

  @ParameterizedTest
  @ValueSource(strings = {Faults.AFTER_WRITE, Faults.AFTER_COMMIT, Faults.BEFORE_CATALOG, Faults.DURING_LINEAGE})
  void aCrashLeavesTheOldOrTheNewVersionAndARerunDuplicatesNothing(String point) throws Exception {
    write("conf/products/sales/orders.conf", CONTRACT);
    write("data/orders.csv", DAY1);
    TestProject.Result day1 = mesh("run", "sales.orders", "--date", "2026-11-22");
    assertThat(day1.code()).as(day1.err()).isZero();

    write("data/orders.csv", DAY2);
    TestProject.Result crash = runChild(point, "run", "sales.orders", "--date", "2026-11-23");
    assertThat(crash.code())
        .as("the fault point '%s' was not reached: is Faults.maybeHalt(\"%s\") called in the run? stderr:%n%s", point, point, crash.err())
        .isEqualTo(Faults.EXIT_CODE);
    assertThat(crash.err()).contains("mesh: -Dmesh.fault=" + point + ": halting the process at " + point + " (exit 86)");

    boolean committed = !point.equals(Faults.AFTER_WRITE);
    Mesh mesh = Mesh.open(spark, project.resolve("warehouse"));
    List<String> old = List.of("O-1", "O-2", "O-3");
    List<String> both = List.of("O-1", "O-2", "O-3", "O-4", "O-5");
    // Old or new, never partial: what Meshwork serves and what any Delta reader sees agree.
    assertThat(mesh.read(ORDERS).versions().stream().map(ProductVersion::version).toList()).isEqualTo(committed ? List.of(0L, 1L) : List.of(0L));
    assertThat(ids(mesh.read(ORDERS).latest().collectAsList())).isEqualTo(committed ? both : old);
    assertThat(ids(spark.read().format("delta").load(mesh.warehouse().table(ORDERS).toString()).collectAsList())).isEqualTo(committed ? both : old);

    long catalogVersion = mesh.catalog().lastCertified(ORDERS).orElseThrow().dataVersion();
    assertThat(catalogVersion).isEqualTo(point.equals(Faults.DURING_LINEAGE) ? 1L : 0L);

    if (point.equals(Faults.AFTER_COMMIT) || point.equals(Faults.BEFORE_CATALOG)) {
      TestProject.Result dryRun = mesh("doctor", "--dry-run");
      assertThat(dryRun.out()).startsWith("Would make 2 repairs in " + mesh.warehouse() + ":");
      assertThat(mesh.catalog().lastCertified(ORDERS).orElseThrow().dataVersion()).as("a dry run changes nothing").isZero();
    }
    TestProject.Result doctor = mesh("doctor");
    assertThat(doctor.code()).as(doctor.err()).isZero();
    String runId = committed ? mesh.read(ORDERS).versions().get(1).runId() : null;
    switch (point) {
      case Faults.AFTER_WRITE -> assertThat(doctor.out()).startsWith("Nothing to repair: the catalog and lineage agree with the Delta log of 1 product table in ");
      case Faults.DURING_LINEAGE ->
          assertThat(doctor.out().lines().toList())
              .containsExactly(
                  "Made 1 repair in " + mesh.warehouse() + ":",
                  "  sales.orders v1 (run " + runId + "): emitted the run's COMPLETE lineage event");
      default ->
          assertThat(doctor.out().lines().toList())
              .containsExactly(
                  "Made 2 repairs in " + mesh.warehouse() + ":",
                  "  sales.orders v1 (run " + runId + "): recorded the certified version in the catalog",
                  "  sales.orders v1 (run " + runId + "): emitted the run's COMPLETE lineage event");
    }
    if (committed) {
      CatalogEntry entry = mesh.catalog().lastCertified(ORDERS).orElseThrow();
      assertThat(entry.dataVersion()).isEqualTo(1L);
      assertThat(entry.runId()).isEqualTo(runId);
      assertThat(entry.rows()).as("the rows of the version").isEqualTo(5);
      assertThat(entry.rowsAdded()).as("the rows the run appended").isEqualTo(2);
      if (!point.equals(Faults.DURING_LINEAGE)) {
        assertThat(entry.message()).isEqualTo(Reconciler.RECORDED_BY_DOCTOR);
      }
      assertThat(lineageEvents()).anyMatch(l -> l.contains("\"eventType\":\"COMPLETE\"") && l.contains(runId));
    }
    assertThat(mesh("doctor").out()).as("a second doctor finds nothing").startsWith("Nothing to repair");

    TestProject.Result rerun = mesh("run", "sales.orders", "--date", "2026-11-23");
    assertThat(rerun.code()).as(rerun.err()).isZero();
    assertThat(ids(mesh.read(ORDERS).latest().collectAsList())).isEqualTo(both);
    assertThat(mesh.read(ORDERS).latestVersion()).isEqualTo(1L);
  }

  /** A run that dies between the product's commit and its quarantine commit: mesh doctor makes the second, once. */
  @Test
  void doctorWritesTheQuarantinedRowsOfARunThatDiedAfterThePublish() throws Exception {
    write("conf/products/sales/orders.conf",
        CONTRACT.replace("write { mode = append }\n", "").replace("{ check = row-count, min = 1 }", "{ check = row-count, min = 1 }\n    { check = range, column = amount, min = 0, on-fail = quarantine }"));
    write("data/orders.csv", DAY1 + "O-9,-3.00,2026-11-22\n");
    TestProject.Result crash = runChild(Faults.AFTER_COMMIT, "run", "sales.orders", "--date", "2026-11-22");
    assertThat(crash.code()).as(crash.err()).isEqualTo(Faults.EXIT_CODE);
    Path quarantine = project.resolve("warehouse/_mesh/quarantine/sales/orders/v1");
    Path firstCommit = quarantine.resolve("_delta_log/00000000000000000000.json");
    assertThat(firstCommit).as("the quarantine commit was not made").doesNotExist();
    Path pending = project.resolve("warehouse/_mesh/products/sales/orders/v1/quarantine-pending");
    assertThat(pending).isDirectoryContaining("glob:**.json");

    TestProject.Result dryRun = mesh("doctor", "--dry-run");
    assertThat(dryRun.out()).contains("wrote the quarantined rows of the published version");
    assertThat(firstCommit).doesNotExist();

    TestProject.Result doctor = mesh("doctor");
    assertThat(doctor.code()).as(doctor.err()).isZero();
    assertThat(doctor.out()).contains("sales.orders v0 (run ").contains("wrote the quarantined rows of the published version");
    String runId = io.meshwork.core.Mesh.open(spark, project.resolve("warehouse")).read(ORDERS).latestCertified().runId();
    List<Row> kept = spark.read().format("delta").load(quarantine.toString()).select("order_id", "_mesh_data_version", "_mesh_run_id").collectAsList();
    assertThat(kept).extracting(Row::toString).containsExactly("[O-9,0," + runId + "]");
    assertThat(pending).isEmptyDirectory();

    assertThat(mesh("doctor").out()).doesNotContain("quarantined rows");
    assertThat(spark.read().format("delta").load(quarantine.toString()).count()).as("a second doctor writes nothing again").isEqualTo(1);
  }

  private List<String> lineageEvents() throws IOException {
    return io.meshwork.jobs.TestProject.lineageEvents(project.resolve("warehouse/_mesh/lineage"));
  }

  private static List<String> ids(List<Row> rows) {
    List<String> ids = new ArrayList<>(rows.stream().map(r -> r.<String>getAs("order_id")).toList());
    ids.sort(null);
    return ids;
  }

  private TestProject.Result mesh(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--conf", project.resolve("conf").toString(), "--warehouse", project.resolve("warehouse").toString()));
    return TestProject.execute(all.toArray(String[]::new));
  }

  private void write(String relative, String text) throws IOException {
    Path p = project.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  /** The mesh command line in a new JVM with this test's classpath and JVM flags, and a fault set. */
  private TestProject.Result runChild(String fault, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--conf", project.resolve("conf").toString(), "--warehouse", project.resolve("warehouse").toString()));
    return TestProject.executeInChildJvm(project, List.of("-D" + Faults.PROPERTY + "=" + fault), all.toArray(String[]::new));
  }
}
