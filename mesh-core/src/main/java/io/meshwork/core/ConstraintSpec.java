package io.meshwork.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of {@code quality.constraints}, as declared. Interpreting the check is the quality
 * module's job; the core only knows its kind, its columns and its parameters.
 *
 * @param check the kind: {@code unique}, {@code complete}, {@code row-count}, {@code range}, ...
 * @param columns the columns it concerns ({@code column = x} and {@code columns = [x, y]} both land here)
 * @param params every other key, unwrapped ({@code min}, {@code max}, {@code values}, ...)
 * @param level {@code error} (blocks the publish) or {@code warning} (reported, published)
 * @param name an optional human name ({@code name = "order keys"})
 */
public record ConstraintSpec(
    String check,
    List<String> columns,
    Map<String, Object> params,
    String level,
    String name,
    SourceLocation location) {
  public static final String ERROR = "error";
  public static final String WARNING = "warning";

  public ConstraintSpec {
    columns = List.copyOf(columns);
    params = Map.copyOf(params);
  }

  public boolean blocking() {
    return !WARNING.equals(level);
  }

  /** A numeric parameter, when present. */
  public Optional<Double> number(String key) {
    Object v = params.get(key);
    return v instanceof Number n ? Optional.of(n.doubleValue()) : Optional.empty();
  }

  /** The constraint as a user reads it: {@code unique(order_id)}, {@code row-count}. */
  public String label() {
    return columns.isEmpty() ? check : check + "(" + String.join(", ", columns) + ")";
  }
}
