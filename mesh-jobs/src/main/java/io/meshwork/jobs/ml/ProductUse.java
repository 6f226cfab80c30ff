package io.meshwork.jobs.ml;

import java.util.Objects;

/**
 * A product version behind a training set: one that a feature-set version was built from, as its
 * publishing commit recorded.
 *
 * @param name the product, {@code domain.name}
 * @param version the data version read
 * @param via the feature-set version that read it, {@code features.customer_activity@4}
 */
public record ProductUse(String name, long version, String via) {
  public ProductUse {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(via, "via");
  }

  /** {@code name@version}. */
  public String ref() {
    return name + "@" + version;
  }
}
