package io.meshwork.core.publish;

import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.ProductRef;
import io.meshwork.core.model.SemVer;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a verification may know beyond the rows: which run it is, other products' certified
 * versions and where metrics history is kept. The checks {@code references} (another product),
 * {@code freshness} (the run date) and {@code anomaly} (metrics history) need it; without it they
 * are reported as not verifiable.
 *
 * <pre>{@code
 * VerificationContext context = mesh.verificationContext(product.id(), product.version(), runDate, runId);
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

  /** This context with another data version tag. */
  public VerificationContext withDataVersion(Long version) {
    return new VerificationContext(product, contractVersion, runDate, runId, version, certifiedReader, metricsDir);
  }
}
