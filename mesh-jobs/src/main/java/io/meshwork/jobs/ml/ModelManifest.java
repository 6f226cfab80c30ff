package io.meshwork.jobs.ml;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a training run read and produced, written as {@code manifest.json} in the model version's
 * directory {@code <warehouse>/_mesh/models/<name>/<version>/} when the run commits. Enough to
 * rebuild the training set exactly ({@link MeshMl#reproduce}).
 *
 * @param model the model's name
 * @param version the model version
 * @param runId the training run
 * @param createdAt when the run committed (ISO-8601 instant)
 * @param labelTime the label column holding each label's time
 * @param labels the labels snapshot, relative to the version directory ({@code labels}, Parquet)
 * @param labelRows rows of the labels snapshot
 * @param featureSets every feature-set version read, with the columns used
 * @param products every product version those feature-set versions were built from
 * @param rows rows of the training set
 * @param checksum the training set's content checksum ({@link ContentChecksum})
 * @param columns the training set's columns, in order
 * @param params the training parameters
 * @param metrics the metrics measured
 * @param modelPath the saved model, relative to the version directory ({@code model})
 * @param modelClass the saved model's class, to load it back ({@code PipelineModel.load(path)})
 */
public record ModelManifest(
    String model,
    long version,
    String runId,
    String createdAt,
    String labelTime,
    String labels,
    long labelRows,
    List<FeatureSetUse> featureSets,
    List<ProductUse> products,
    long rows,
    String checksum,
    List<String> columns,
    Map<String, String> params,
    Map<String, Double> metrics,
    String modelPath,
    String modelClass) {
  public ModelManifest {
    Objects.requireNonNull(model, "model");
    featureSets = List.copyOf(featureSets);
    products = List.copyOf(products);
    columns = List.copyOf(columns);
    params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
    metrics = java.util.Collections.unmodifiableMap(new TreeMap<>(metrics));
  }
}
