package io.meshwork.jobs.ml;

import java.util.List;
import java.util.Objects;

/**
 * One feature set a training set read, exactly as it read it: the data version and the columns
 * used, so that the training set can be rebuilt even after the contract changed.
 *
 * @param name the feature set, {@code domain.name}
 * @param version the certified data version read
 * @param entity the entity key column joined on
 * @param eventTime the event-time column compared with the label time
 * @param features the feature columns taken, in order
 */
public record FeatureSetUse(String name, long version, String entity, String eventTime, List<String> features) {
  public FeatureSetUse {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(eventTime, "eventTime");
    features = List.copyOf(features);
  }

  /** {@code name@version}, the way lineage names it. */
  public String ref() {
    return name + "@" + version;
  }
}
