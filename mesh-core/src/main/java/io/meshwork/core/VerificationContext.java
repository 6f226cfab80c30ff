package io.meshwork.core;

import io.delta.tables.DeltaTable;
import org.apache.hadoop.fs.Path;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a verification may know beyond the rows: which run it is, other products' certified
 * versions and where metrics history is kept. The checks {@code references} (another product),
 * {@code freshness} (the run date) and {@code anomaly} (metrics history) need it; without it they
 * are reported as not verifiable.
 *
 * <pre>{@code
 * VerificationContext context = VerificationContext.forRun(mesh, product.id(), product.version(), runDate, runId);
 * QualityReport report = gate.verify(product, rows, context);
 * // or, where only QualityGate#verify(product, rows) is called (the Publisher):
 * new Publisher(spark, mesh.warehouse(), gate.withContext(context));
 * }</pre>
 *
 * @param product the product verified
 * @param contractVersion its contract version (stamped on the metrics), or null
 * @param runDate the run date; {@code freshness} is measured from the end of this day (UTC)
 * @param runId the run, or null outside a run
 * @param dataVersion the Delta version the verified rows become when published (the table's next
 *     version), or null when unknown; a tag on the stored metrics
 * @param certifiedReader reads another product's certified version ({@code crm.customers} latest,
 *     {@code crm.customers@7} pinned) for {@code references}; null when not available
 * @param metricsDir where the metrics history is kept ({@code <warehouse>/_mesh/metrics}); null to
 *     neither store metrics nor detect anomalies
 */
public record VerificationContext(
    ProductId product,
    SemVer contractVersion,
    LocalDate runDate,
    UUID runId,
    Long dataVersion,
    Function<ProductRef, Dataset<Row>> certifiedReader,
    Path metricsDir) {

  /** The directory under a warehouse's {@code _mesh} that holds metrics history. */
  public static final String METRICS_DIR = "metrics";

  public VerificationContext {
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(runDate, "runDate");
  }

  /**
   * The context of a run against a warehouse: certified versions read through {@code mesh},
   * metrics kept under {@code <warehouse>/_mesh/metrics}, and the data version the publish will
   * create (the product table's current version + 1, or 0 for a new table).
   */
  public static VerificationContext forRun(Mesh mesh, ProductId product, SemVer contractVersion, LocalDate runDate, UUID runId) {
    Objects.requireNonNull(mesh, "mesh");
    return new VerificationContext(
        product,
        contractVersion,
        runDate,
        runId,
        nextVersion(mesh, product, contractVersion == null ? 1 : contractVersion.major()),
        ref -> {
          io.meshwork.core.ProductReader reader = ref.major().isPresent() ? mesh.read(ref.id(), ref.major().getAsInt()) : mesh.read(ref.id());
          return ref.pinnedVersion().isPresent() ? reader.version(ref.pinnedVersion().getAsLong()) : reader.latest();
        },
        new Path(mesh.warehouse().meshDir(), METRICS_DIR));
  }

  /** This context with another data version tag. */
  public VerificationContext withDataVersion(Long version) {
    return new VerificationContext(product, contractVersion, runDate, runId, version, certifiedReader, metricsDir);
  }

  private static long nextVersion(Mesh mesh, ProductId product, int major) {
    String table = mesh.warehouse().table(product, major).toString();
    if (!io.meshwork.core.Warehouse.hasLog(mesh.warehouse().table(product, major)) || !DeltaTable.isDeltaTable(mesh.spark(), table)) {
      return 0;
    }
    Row last = DeltaTable.forPath(mesh.spark(), table).history(1).select("version").first();
    return last.getLong(0) + 1;
  }
}
