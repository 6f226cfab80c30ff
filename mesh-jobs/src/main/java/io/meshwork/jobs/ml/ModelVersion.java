package io.meshwork.jobs.ml;

import java.util.Objects;
import org.apache.hadoop.fs.Path;

/**
 * A registered model version.
 *
 * @param directory {@code <warehouse>/_mesh/models/<name>/<version>}: {@code manifest.json},
 *     {@code model/} and {@code labels/}
 */
public record ModelVersion(String model, long version, Path directory, ModelManifest manifest) {
  public ModelVersion {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(manifest, "manifest");
  }

  /** {@code model:<name>}, the model's node in lineage. */
  public String lineageName() {
    return "model:" + model;
  }

  /** Where the model was saved; load it with the class in {@link ModelManifest#modelClass()}. */
  public Path modelPath() {
    return new Path(directory, manifest.modelPath());
  }
}
