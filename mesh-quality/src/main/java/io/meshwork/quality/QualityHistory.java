package io.meshwork.quality;

import io.meshwork.core.model.ProductId;
import io.meshwork.core.publish.VerificationContext;
import io.meshwork.core.storage.Storage;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.quality.internal.MetricsStore;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The metrics history the quality gate keeps: every verification run with a {@link
 * VerificationContext} that has a metrics directory, passed or failed, with every metric it
 * computed. Stored with Deequ's {@code FileSystemMetricsRepository}, one file per product under
 * {@code <warehouse>/_mesh/metrics/<domain>/<name>/metrics.json}.
 *
 * <pre>{@code
 * for (QualityRun run : QualityHistory.of(spark, warehouse).runs(ProductId.parse("sales.orders"))) {
 *   System.out.println(run.runDate() + " " + run.status() + " " + run.metrics().get("row-count"));
 * }
 * }</pre>
 */
public final class QualityHistory {
  private final SparkSession spark;
  private final Path metricsDir;

  private QualityHistory(SparkSession spark, Path metricsDir) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.metricsDir = Objects.requireNonNull(metricsDir, "metricsDir");
  }

  /** The history of a warehouse, {@code <warehouse>/_mesh/metrics}. */
  public static QualityHistory of(SparkSession spark, Warehouse warehouse) {
    return new QualityHistory(spark, new Path(warehouse.meshDir(), VerificationContext.METRICS_DIR));
  }

  /** The history kept in {@code metricsDir} (a {@link VerificationContext#metricsDir()}). */
  public static QualityHistory at(SparkSession spark, Path metricsDir) {
    return new QualityHistory(spark, metricsDir);
  }

  /** The history kept in a local {@code metricsDir}. */
  public static QualityHistory at(SparkSession spark, java.nio.file.Path metricsDir) {
    return new QualityHistory(spark, Storage.location(metricsDir));
  }

  /** Every stored verification of {@code product}, oldest first; empty when there is none. */
  public List<QualityRun> runs(ProductId product) {
    return MetricsStore.load(spark, metricsDir, product);
  }

  /** Where the history is kept. */
  public Path dir() {
    return metricsDir;
  }
}
