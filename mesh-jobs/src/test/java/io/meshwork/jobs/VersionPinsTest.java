package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.Mesh;
import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.publish.Publisher;
import io.meshwork.core.storage.TableProperties;
import io.meshwork.jobs.internal.VersionPins;
import io.meshwork.jobs.ml.FeatureSetUse;
import io.meshwork.jobs.ml.MeshMl;
import io.meshwork.jobs.ml.ModelManifest;
import io.meshwork.jobs.ml.ProductUse;
import io.meshwork.jobs.ml.internal.Manifests;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * The versions consumers pin and model manifests name are what a run's publish keeps readable;
 * past retention, {@code mesh read --version} and {@code mesh ml reproduce} say so, naming it.
 */
@ExtendWith(SharedSpark.class)
class VersionPinsTest {
  private static final ProductId ORDERS = ProductId.parse("sales.orders");

  private final SparkSession spark;
  @TempDir Path root;

  VersionPinsTest(SparkSession spark) {
    this.spark = spark;
  }

  private TestProject project() {
    return new TestProject(root).write("conf/products/sales/orders.conf", TestProject.ORDERS);
  }

  private void run(TestProject project, String csv) {
    project.write("data/orders.csv", csv);
    TestProject.Result r = project.mesh("run", "sales.orders");
    assertThat(r.code()).as(r.err()).isZero();
  }

  private Mesh mesh(TestProject project) {
    return Mesh.open(spark, project.warehouse());
  }

  private void age(Mesh mesh, long version, long days) throws Exception {
    Path commit = Path.of(mesh.warehouse().table(ORDERS).toUri()).resolve("_delta_log").resolve(String.format("%020d.json", version));
    Files.setLastModifiedTime(commit, FileTime.from(Instant.now().minus(Duration.ofDays(days))));
  }

  private Map<String, String> properties(Mesh mesh) {
    return io.delta.tables.DeltaTable.forPath(spark, mesh.warehouse().table(ORDERS).toString()).detail().select("properties").head().getJavaMap(0);
  }

  private static void manifest(Mesh mesh, TestProject project, String model, ProductUse product, FeatureSetUse featureSet) {
    Manifests.write(
        MeshMl.of(mesh, new ContractRepository(project.root().resolve("conf"))).directory(model, 1),
        new ModelManifest(
            model, 1, "run-1", Instant.now().toString(), "label_time", "labels", 0, featureSet == null ? List.of() : List.of(featureSet),
            product == null ? List.of() : List.of(product), 0, "0", List.of(), Map.of(), Map.of(), "model", "none"));
  }

  @Test
  void consumersPinsAndModelManifestsKeepTheirVersionsThroughTheRetention() throws Exception {
    TestProject project = project()
        .write("conf/products/finance/totals.conf", TestProject.TOTALS.replace("inputs.products = [ sales.orders ]", "inputs.products = [ \"sales.orders@0\" ]"));
    run(project, "order_id,amount\nO-1,10.00\n");
    run(project, "order_id,amount\nO-1,10.00\nO-2,20.00\n");
    run(project, "order_id,amount\nO-1,10.00\nO-2,20.00\nO-3,30.00\n");
    Mesh mesh = mesh(project);
    manifest(mesh, project, "churn", null, new FeatureSetUse("sales.orders", 2, "order_id", "order_date", List.of("amount")));
    manifest(mesh, project, "upsell", new ProductUse("sales.orders", 1, "features.orders@4"), null);
    ContractRepository contracts = new ContractRepository(project.root().resolve("conf"));

    assertThat(VersionPins.of(contracts, mesh, contracts.load(ORDERS))).containsExactly(0L, 1L, 2L);

    age(mesh, 0, 100);
    run(project, "order_id,amount\nO-4,40.00\n");

    assertThat(properties(mesh)).containsEntry(TableProperties.PINNED, "0,1,2").containsEntry(TableProperties.RETENTION, "30 days");
    String[] interval = properties(mesh).get("delta.logRetentionDuration").split(" ");
    Duration kept = interval[2].equals("days") ? Duration.ofDays(Long.parseLong(interval[1])) : Duration.ofSeconds(Long.parseLong(interval[1]));
    assertThat(kept).as("from version 0's commit, 100 days ago, for 30 days more").isBetween(Duration.ofDays(130), Duration.ofDays(130).plusHours(1));
    assertThat(mesh.read(ORDERS).version(0).count()).isEqualTo(1);
  }

  @Test
  void aVersionPastRetentionSaysSoOnReadAndOnMlReproduceNamingThePlatformsRetention() throws Exception {
    TestProject project = project().write("conf/mesh.conf", "mesh.retention.versions = 20 days\n");
    run(project, "order_id,amount\nO-1,10.00\n");
    run(project, "order_id,amount\nO-1,10.00\nO-2,20.00\n");
    Mesh mesh = mesh(project);
    age(mesh, 0, 100);
    age(mesh, 1, 99);
    run(project, "order_id,amount\nO-3,30.00\n");
    DeltaLog log = DeltaLog.forTable(spark, mesh.warehouse().table(ORDERS));
    log.checkpoint();
    log.doLogCleanup(log.update(false, Option.empty(), Option.empty()));

    TestProject.Result read = project.mesh("read", "sales.orders", "--version", "0");

    assertThat(read.code()).as(read.out()).isEqualTo(2);
    assertThat(read.err()).contains("sales.orders version 0 is past retention").contains("20 days (retention.versions").contains("before version 2");

    manifest(mesh, project, "churn", new ProductUse("sales.orders", 0, "features.orders@1"), null);
    TestProject.Result reproduce = project.mesh("ml", "reproduce", "churn", "1");

    assertThat(reproduce.code()).as(reproduce.out()).isEqualTo(2);
    assertThat(reproduce.err()).contains("sales.orders version 0 is past retention").contains("20 days (retention.versions");
    assertThat(project.mesh("read", "sales.orders", "--version", "2").code()).isZero();
  }
}
