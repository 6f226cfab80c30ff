package io.meshwork.lineage;

import java.util.Locale;

/** What a node of the {@link LineageGraph} is. */
public enum NodeKind {
  /** A data product, {@code domain.name}. */
  PRODUCT,
  /** A data product whose contract declares {@code kind = feature-set}. */
  FEATURE_SET,
  /** A model registered by a training run, {@code model:<name>}. */
  MODEL,
  /**
   * A raw source a product or model was built from (a file, a table outside the mesh): only in
   * {@link LineageGraph#graphNodes()}, never a node of the graph's queries.
   */
  SOURCE;

  /** {@code product}, {@code feature-set}, {@code model} or {@code source}: how the command line and JSON name it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
