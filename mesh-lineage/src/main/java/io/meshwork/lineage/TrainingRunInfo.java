package io.meshwork.lineage;

import io.meshwork.core.model.InputVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What lineage records about one training run of a model.
 *
 * @param model the model's name; its lineage dataset is {@code model:<name>}
 * @param version the model version this run registers
 * @param inputs the feature sets and products read, each with the data version read; the labels
 *     as a {@link InputVersion#SOURCE} (their snapshot's location)
 * @param params the training parameters, as text
 * @param metrics the metrics measured, by name
 * @param trainingRows rows of the training set, or null when not known yet
 * @param checksum the training set's content checksum, or null when not known yet
 * @param manifest the location of the model's {@code manifest.json}, or null before it is written
 */
public record TrainingRunInfo(
    UUID runId,
    String model,
    long version,
    Instant startedAt,
    List<InputVersion> inputs,
    Map<String, String> params,
    Map<String, Double> metrics,
    Long trainingRows,
    String checksum,
    String manifest) {
  public TrainingRunInfo {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(model, "model");
    inputs = List.copyOf(inputs);
    params = Map.copyOf(params);
    metrics = Map.copyOf(metrics);
  }
}
