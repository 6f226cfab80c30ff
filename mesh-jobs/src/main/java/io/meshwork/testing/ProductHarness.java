package io.meshwork.testing;

import io.meshwork.core.Mesh;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.QualityGateException;
import io.meshwork.core.model.QualityReport;
import io.meshwork.jobs.ExitCodes;
import io.meshwork.jobs.Platform;
import io.meshwork.jobs.RunReport;
import io.meshwork.jobs.internal.Runs;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a project's products the way {@code mesh run} does (governance, the Deequ quality gate,
 * the Delta publish, catalog and lineage) into a warehouse of the test's own, and reads them back.
 *
 * <pre>{@code
 * @RegisterExtension static final MeshExtension mesh = MeshExtension.forConf("conf");
 *
 * @Test void ordersPublish(ProductHarness mesh) {
 *   RunReport report = mesh.run("sales.orders");
 *   assertThat(report.rows()).isEqualTo(3);
 *   assertThat(mesh.read("sales.orders").count()).isEqualTo(3);
 * }
 * }</pre>
 */
public final class ProductHarness {
  private final Platform platform;
  private final Path warehouse;
  private final SparkSession spark;
  private Mesh mesh;

  /** A harness over the contracts of {@code confDir}, publishing into {@code warehouse}. */
  public ProductHarness(SparkSession spark, Path confDir, Path warehouse) {
    this.spark = spark;
    this.platform = Platform.load(confDir);
    this.warehouse = warehouse;
  }

  /** The same warehouse and session over the contracts of another {@code conf/} directory. */
  public ProductHarness forConf(Path confDir) {
    return new ProductHarness(spark, confDir, warehouse);
  }

  /** A harness on the shared {@link LocalSpark} session. */
  public static ProductHarness of(Path confDir, Path warehouse) {
    return new ProductHarness(LocalSpark.session(), confDir, warehouse);
  }

  /** The project's platform configuration ({@code conf/mesh.conf} over the defaults). */
  public Platform platform() {
    return platform;
  }

  /** The mesh over the test's warehouse. */
  public synchronized Mesh mesh() {
    if (mesh == null) {
      mesh = Mesh.open(spark, warehouse);
    }
    return mesh;
  }

  public SparkSession spark() {
    return spark;
  }

  public Path warehouse() {
    return warehouse;
  }

  /**
   * Builds, checks and publishes the product for today's date (UTC).
   *
   * @throws MeshException when the run is refused (its exit code and message, as on the command line)
   */
  public RunReport run(String product) {
    return run(product, LocalDate.now(ZoneOffset.UTC));
  }

  /** As {@link #run(String)}, for the run date {@code date}. */
  public RunReport run(String product, LocalDate date) {
    Runs.Setup setup = new Runs.Setup() {
      @Override
      public Platform platform() {
        return platform;
      }

      @Override
      public Mesh mesh() {
        return ProductHarness.this.mesh();
      }
    };
    return Runs.runner(setup, mesh()).run(ProductId.parse(product), date);
  }

  /**
   * Runs the product and returns its report whether it published or not: a refused run comes back
   * with status {@code failed}, its exit code, its message and (for a quality failure) the
   * quality report with every constraint's result.
   */
  public RunReport attempt(String product) {
    ProductId id = ProductId.parse(product);
    LocalDate date = LocalDate.now(ZoneOffset.UTC);
    long start = System.nanoTime();
    try {
      return run(product, date);
    } catch (MeshException e) {
      DataProduct p = platform.contracts().load(id);
      QualityReport report = e instanceof QualityGateException q ? q.report() : null;
      return new RunReport(
          id, p.version().toString(), null, date, RunReport.FAILED, null, report == null ? 0 : report.rows(), report,
          (System.nanoTime() - start) / 1e9, ExitCodes.of(e), e.getMessage());
    }
  }

  /** The latest certified version of a product, as a consumer reads it. */
  public Dataset<Row> read(String product) {
    return mesh().read(product).latest();
  }
}
