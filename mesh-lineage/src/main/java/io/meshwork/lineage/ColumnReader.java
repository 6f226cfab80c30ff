package io.meshwork.lineage;

import java.util.Objects;

/**
 * One node downstream of a product, and whether it reads one of its columns (see {@link
 * LineageGraph#columnImpact(String, String)}).
 *
 * @param node the node, with its versions and the versions it read
 * @param reads {@code yes}, {@code no}, or {@code may} (its column lineage, or that of a node on
 *     the way, is unknown)
 */
public record ColumnReader(LineageNode node, String reads) {
  public static final String YES = "yes";
  public static final String NO = "no";
  public static final String MAY = "may";

  public ColumnReader {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(reads, "reads");
  }
}
