package io.meshwork.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.Mesh;
import io.meshwork.core.catalog.CatalogEntry;
import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.publish.PublishResult;
import io.meshwork.core.publish.Publisher;
import io.meshwork.core.publish.RunStamp;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.jobs.Reconciler;
import io.meshwork.jobs.TestProject;
import io.meshwork.quality.DeequQualityGate;
import io.meshwork.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mesh doctor} in-process: a version published without its catalog row (what a crash after
 * the commit leaves) gets its row, also when the product's contract is gone (owner then from the
 * table's properties), and a consistent warehouse is left alone.
 */
@ExtendWith(SharedSpark.class)
class DoctorCommandTest {
  private static final ProductId ORDERS = ProductId.parse("sales.orders");
  private final SparkSession spark;
  @TempDir Path project;

  DoctorCommandTest(SparkSession spark) {
    this.spark = spark;
  }

  @Test
  void recordsACommittedVersionTheCatalogMissesEvenWithoutItsContract() throws IOException {
    write("conf/products/sales/orders.conf", FaultInjectionTest.CONTRACT);
    write("conf/mesh.conf", "lineage.transport = none\n");
    write("data/orders.csv", FaultInjectionTest.DAY1);
    DataProduct product = new ContractRepository(project.resolve("conf")).load(ORDERS);
    Dataset<Row> rows =
        spark.read().option("header", "true").csv(project.resolve("data/orders.csv").toString())
            .selectExpr("order_id", "CAST(amount AS DECIMAL(12,2)) AS amount", "CAST(order_date AS DATE) AS order_date");
    UUID runId = UUID.randomUUID();
    PublishResult published =
        new Publisher(spark, Warehouse.at(project.resolve("warehouse")), new DeequQualityGate())
            .publish(product, rows, new RunStamp(runId, LocalDate.parse("2026-11-22"), List.of()));
    Files.delete(project.resolve("conf/products/sales/orders.conf"));
    Mesh mesh = Mesh.open(spark, project.resolve("warehouse"));
    assertThat(mesh.catalog().last(ORDERS)).isEmpty();

    TestProject.Result doctor = doctor();
    assertThat(doctor.code()).as(doctor.err()).isZero();
    assertThat(doctor.out().lines().toList())
        .containsExactly(
            "Made 1 repair in " + mesh.warehouse() + ":",
            "  sales.orders v0 (run " + runId + "): recorded the certified version in the catalog");
    CatalogEntry entry = mesh.catalog().lastCertified(ORDERS).orElseThrow();
    assertThat(entry.dataVersion()).isZero();
    assertThat(entry.runId()).isEqualTo(runId.toString());
    assertThat(entry.runDate()).isEqualTo(LocalDate.parse("2026-11-22"));
    assertThat(entry.rows()).isEqualTo(3);
    assertThat(entry.contractVersion()).isEqualTo("1.0.0");
    assertThat(entry.owner()).isEqualTo("sales-data");
    assertThat(entry.constraintsPassed()).isEqualTo(published.report().results().size());
    assertThat(entry.publishedAt()).isEqualTo(published.committedAt());
    assertThat(entry.message()).isEqualTo(Reconciler.RECORDED_BY_DOCTOR);

    TestProject.Result again = doctor("--json");
    assertThat(again.code()).isZero();
    assertThat(again.out().trim()).isEqualTo("[ ]");
  }

  @Test
  void anEmptyWarehouseNeedsNothing() throws IOException {
    write("conf/mesh.conf", "lineage.transport = none\n");
    TestProject.Result doctor = doctor();
    assertThat(doctor.code()).as(doctor.err()).isZero();
    assertThat(doctor.out().trim())
        .isEqualTo("Nothing to repair: the catalog and lineage agree with the Delta log of 0 product tables in " + project.resolve("warehouse") + ".");
  }

  private TestProject.Result doctor(String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "doctor";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--conf";
    all[args.length + 2] = project.resolve("conf").toString();
    all[args.length + 3] = "--warehouse";
    all[args.length + 4] = project.resolve("warehouse").toString();
    return TestProject.execute(all);
  }

  private void write(String relative, String text) throws IOException {
    Path p = project.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }
}
