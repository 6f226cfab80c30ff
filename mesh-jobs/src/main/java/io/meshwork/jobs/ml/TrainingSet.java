package io.meshwork.jobs.ml;

import io.meshwork.jobs.ml.internal.PointInTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Labels joined point-in-time to feature sets, with the manifest of every version used.
 *
 * <p>Each label row carries the features of the newest row of its entity whose event time is at
 * or before the label's time: a feature value known only later never leaks into training. A label
 * with no such row keeps null features. Columns: the label columns, then each feature set's
 * feature columns. Build one with {@link MeshMl#trainingSet} (exploration) or
 * {@link TrainingRun#trainingSet} (a training run that registers a model).
 */
public final class TrainingSet {
  private final Dataset<Row> rows;
  private final String labelTime;
  private final List<FeatureSetUse> featureSets;
  private final List<ProductUse> products;

  TrainingSet(Dataset<Row> rows, String labelTime, List<FeatureSetUse> featureSets, List<ProductUse> products) {
    this.rows = Objects.requireNonNull(rows, "rows");
    this.labelTime = labelTime;
    this.featureSets = List.copyOf(featureSets);
    this.products = List.copyOf(products);
  }

  /** The rows: label columns, then feature columns. Lazy, like any Dataset. */
  public Dataset<Row> rows() {
    return rows;
  }

  /** The label column holding each label's time. */
  public String labelTime() {
    return labelTime;
  }

  /** The feature-set versions read, with the columns used. */
  public List<FeatureSetUse> featureSets() {
    return featureSets;
  }

  /** The product versions those feature-set versions were built from (as their commits recorded). */
  public List<ProductUse> products() {
    return products;
  }

  /** Every version used, {@code name@version}: feature sets first, then products. */
  public List<String> versions() {
    List<String> all = new ArrayList<>();
    featureSets.forEach(f -> all.add(f.ref()));
    products.forEach(p -> all.add(p.ref()));
    return all;
  }

  /** Row count and order-independent checksum of the rows (runs a Spark job). */
  public ContentChecksum checksum() {
    return PointInTime.checksum(rows);
  }

  @Override
  public String toString() {
    return "TrainingSet[" + String.join(", ", versions()) + "]";
  }
}
