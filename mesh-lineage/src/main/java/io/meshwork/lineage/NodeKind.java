package io.meshwork.lineage;

import java.util.Locale;

/** What a node of the {@link LineageGraph} is. */
public enum NodeKind {
  /** A data product, {@code domain.name}. */
  PRODUCT,
  /** A data product whose contract declares {@code kind = feature-set}. */
  FEATURE_SET,
  /** A model registered by a training run, {@code model:<name>}. */
  MODEL;

  /** {@code product}, {@code feature-set} or {@code model}: how the command line and JSON name it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
