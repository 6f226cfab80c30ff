package io.meshwork.core.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of {@code quality.constraints} entries ({@code check = ...}): the one definition of the
 * vocabulary, with what the contract format allows for each. Code that treats checks differently
 * switches over this enum with a switch expression without {@code default} (or visits a {@link
 * Constraint}), so that a new check it forgets does not compile.
 */
public enum Check {
  COMPLETE("complete", Columns.ONE, true, false, "min-fraction"),
  UNIQUE("unique", Columns.AT_LEAST_ONE, false, false),
  ROW_COUNT("row-count", Columns.ANY, false, true, "min", "max"),
  RANGE("range", Columns.ONE, true, true, "min", "max"),
  ALLOWED_VALUES("allowed-values", Columns.ONE, true, false, "values", "min-fraction"),
  PATTERN("pattern", Columns.ONE, true, false, "regex", "min-fraction"),
  NON_NEGATIVE("non-negative", Columns.ONE, true, false),
  MAX_LENGTH("max-length", Columns.ONE, true, false, "max"),
  COMPLIANCE("compliance", Columns.ANY, true, false, "predicate", "min-fraction"),
  MEAN("mean", Columns.ONE, false, true, "min", "max"),
  STDDEV("stddev", Columns.ONE, false, true, "min", "max"),
  SUM("sum", Columns.ONE, false, true, "min", "max"),
  DISTINCT_COUNT("distinct-count", Columns.ONE, false, true, "min", "max"),
  REFERENCES("references", Columns.AT_LEAST_ONE, true, false, "product", "ref-column", "min-fraction"),
  FRESHNESS("freshness", Columns.ONE, false, false, "max-age"),
  ANOMALY("anomaly", Columns.ANY, false, false,
      "metric", "strategy", "min-history", "max-rate-decrease", "max-rate-increase", "order",
      "lower-deviation-factor", "upper-deviation-factor", "ignore-start-percentage", "ignore-anomalies");

  /**
   * How many columns a check may name in a contract ({@code column = x} or {@code columns = [x,
   * y]}). The gate is more lenient with specs built in code ({@code distinct-count} of several columns).
   */
  public enum Columns {
    /** exactly one */
    ONE,
    /** one or more */
    AT_LEAST_ONE,
    /** any number, none included */
    ANY
  }

  /** Every check's keyword, in declaration order: {@code complete, unique, row-count, ...}. */
  public static final List<String> KEYWORDS = Arrays.stream(values()).map(Check::keyword).toList();

  /** The keys every constraint may have, whatever its check. */
  public static final List<String> COMMON_KEYS = List.of("check", "column", "columns", "level", "name", "on-fail");

  private final String keyword;
  private final Columns columns;
  private final boolean rowLevel;
  private final boolean bounded;
  private final List<String> keys;

  Check(String keyword, Columns columns, boolean rowLevel, boolean bounded, String... keys) {
    this.keyword = keyword;
    this.columns = columns;
    this.rowLevel = rowLevel;
    this.bounded = bounded;
    this.keys = List.of(keys);
  }

  /** The check as written in a contract: {@code allowed-values}. */
  public String keyword() {
    return keyword;
  }

  /** How many columns it names. */
  public Columns columns() {
    return columns;
  }

  /**
   * Whether it judges each row on its own, so that {@code on-fail = drop | quarantine} can act on
   * the failing rows.
   */
  public boolean rowLevel() {
    return rowLevel;
  }

  /** Whether it needs a lower and/or an upper bound ({@code min}, {@code max}). */
  public boolean bounded() {
    return bounded;
  }

  /** The keys it reads besides {@link #COMMON_KEYS}. */
  public List<String> keys() {
    return keys;
  }

  /** The check with this keyword, if any. */
  public static Optional<Check> of(String keyword) {
    for (Check c : values()) {
      if (c.keyword.equals(keyword)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return keyword;
  }
}
