package io.meshwork.core.model;

import java.util.Map;

/**
 * One column of a product's schema.
 *
 * @param type a Spark SQL type in DDL form ({@code string}, {@code decimal(12,2)}, {@code date}, ...)
 * @param classification {@code public | internal | confidential | pii}, or null when not given
 */
public record ColumnSpec(
    String name,
    String type,
    boolean nullable,
    String description,
    String classification,
    Map<String, String> tags,
    SourceLocation location) {
  public ColumnSpec {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }
}
