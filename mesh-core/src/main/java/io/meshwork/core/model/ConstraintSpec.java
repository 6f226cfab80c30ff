package io.meshwork.core.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of {@code quality.constraints}: as declared, and read into its typed {@link Constraint}.
 * The declared form ({@code check}, {@code columns}, {@code params}) is what contracts, ODCS and
 * JSON show, exactly as written; the {@link #rule()} is what code acts on.
 *
 * @param check the kind as written: {@code unique}, {@code complete}, {@code row-count}, {@code range}, ... (see {@link Check})
 * @param columns the columns it concerns ({@code column = x} and {@code columns = [x, y]} both land here)
 * @param params every other key, unwrapped ({@code min}, {@code max}, {@code values}, {@code on-fail}, ...)
 * @param level {@code error} (blocks the publish) or {@code warning} (reported, published)
 * @param name an optional human name ({@code name = "order keys"})
 * @param rule the declaration read into its record, once, when the spec is made; null when it
 *     cannot be read ({@link Constraint#of} says why): an unknown check or a missing parameter in a
 *     spec built in code, or what the contract parser lets through for the gate to report
 *     ({@code values = []}, {@code references} on two columns)
 */
public record ConstraintSpec(
    String check,
    List<String> columns,
    Map<String, Object> params,
    String level,
    String name,
    SourceLocation location,
    Constraint rule) {
  public static final String ERROR = "error";
  public static final String WARNING = "warning";

  /** What a failed constraint does to the publish. */
  public enum Level {
    /** blocks the publish */
    ERROR,
    /** reported, published */
    WARNING;

    /** As written in a contract: {@code error}, {@code warning}. */
    public String keyword() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The level with this keyword, if any. */
    public static Optional<Level> of(String keyword) {
      for (Level l : values()) {
        if (l.keyword().equals(keyword)) {
          return Optional.of(l);
        }
      }
      return Optional.empty();
    }

    @Override
    public String toString() {
      return keyword();
    }
  }

  /** What happens to the rows a row-level check finds failing ({@code on-fail = ...}). */
  public enum OnFail {
    /** the constraint fails (the default) */
    FAIL,
    /** the failing rows are left out of the publish */
    DROP,
    /** the failing rows go to the product's quarantine table */
    QUARANTINE;

    /** As written in a contract: {@code fail}, {@code drop}, {@code quarantine}. */
    public String keyword() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The action with this keyword, if any. */
    public static Optional<OnFail> of(String keyword) {
      for (OnFail f : values()) {
        if (f.keyword().equals(keyword)) {
          return Optional.of(f);
        }
      }
      return Optional.empty();
    }

    @Override
    public String toString() {
      return keyword();
    }
  }

  public ConstraintSpec {
    columns = List.copyOf(columns);
    params = Map.copyOf(params);
  }

  /** A declaration, read into its {@link #rule()} here (null when it cannot be read). */
  public ConstraintSpec(String check, List<String> columns, Map<String, Object> params, String level, String name, SourceLocation location) {
    this(check, columns, params, level, name, location, read(check, columns, params));
  }

  private static Constraint read(String check, List<String> columns, Map<String, Object> params) {
    try {
      return Constraint.of(check, List.copyOf(columns), Map.copyOf(params));
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }

  /** The kind, when {@link #check()} is one ({@code Optional.empty()} for an unknown keyword). */
  public Optional<Check> kind() {
    return rule != null ? Optional.of(rule.check()) : Check.of(check);
  }

  /** The level; anything but {@code warning} counts as {@link Level#ERROR}. */
  public Level severity() {
    return WARNING.equals(level) ? Level.WARNING : Level.ERROR;
  }

  /** The {@code on-fail} action (any case); {@link OnFail#FAIL} when not given (or not one of them). */
  public OnFail onFail() {
    Object v = params.get("on-fail");
    return v == null ? OnFail.FAIL : OnFail.of(String.valueOf(v).toLowerCase(java.util.Locale.ROOT)).orElse(OnFail.FAIL);
  }

  public boolean blocking() {
    return severity() == Level.ERROR;
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
