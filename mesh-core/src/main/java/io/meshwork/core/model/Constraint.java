package io.meshwork.core.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

/**
 * One {@code quality.constraints} entry, typed: one record per {@link Check}, holding what that
 * check reads. A contract's constraints are read into these once, when it is loaded ({@link
 * ConstraintSpec#rule()}).
 *
 * <p>Code that treats checks differently implements {@link Visitor}: a check added here without a
 * visitor method, or a visitor that forgets one, does not compile.
 *
 * <pre>{@code
 * String what = spec.rule().accept(new Constraint.Visitor<String>() { ... });
 * }</pre>
 *
 * <p>Bounds and fractions are {@code null} when not given; whether they make sense together
 * ({@code min <= max}, a fraction between 0 and 1) is checked where they are used, since the
 * contract parser and the quality gate word it differently.
 */
public sealed interface Constraint {

  /** The kind of this constraint. */
  Check check();

  /** The columns it concerns, in the order declared (empty for a table-level check). */
  List<String> columns();

  /** Calls the visitor's method for this record. */
  <R> R accept(Visitor<R> visitor);

  /** One method per check. */
  interface Visitor<R> {
    R complete(Complete c);

    R unique(Unique c);

    R rowCount(RowCount c);

    R range(Range c);

    R allowedValues(AllowedValues c);

    R pattern(Pattern c);

    R nonNegative(NonNegative c);

    R maxLength(MaxLength c);

    R compliance(Compliance c);

    R mean(Mean c);

    R stddev(Stddev c);

    R sum(Sum c);

    R distinctCount(DistinctCount c);

    R references(References c);

    R freshness(Freshness c);

    R anomaly(Anomaly c);
  }

  /** {@code complete}: at least {@code minFraction} (default 1) of the rows have a value. */
  record Complete(String column, Double minFraction) implements Constraint {
    public Check check() { return Check.COMPLETE; }
    public List<String> columns() { return List.of(column); }
    public <R> R accept(Visitor<R> v) { return v.complete(this); }
  }

  /** {@code unique}: no two rows share the values of these columns. */
  record Unique(List<String> columns) implements Constraint {
    public Unique { columns = List.copyOf(columns); }
    public Check check() { return Check.UNIQUE; }
    public <R> R accept(Visitor<R> v) { return v.unique(this); }
  }

  /** {@code row-count}: the number of rows is within the bounds. */
  record RowCount(Double min, Double max) implements Constraint {
    public Check check() { return Check.ROW_COUNT; }
    public List<String> columns() { return List.of(); }
    public <R> R accept(Visitor<R> v) { return v.rowCount(this); }
  }

  /** {@code range}: every value of the column is within the bounds. */
  record Range(String column, Double min, Double max) implements Constraint {
    public Check check() { return Check.RANGE; }
    public List<String> columns() { return List.of(column); }
    public <R> R accept(Visitor<R> v) { return v.range(this); }
  }

  /** {@code allowed-values}: at least {@code minFraction} of the values are among {@code values}. */
  record AllowedValues(String column, List<String> values, Double minFraction) implements Constraint {
    public AllowedValues { values = List.copyOf(values); }
    public Check check() { return Check.ALLOWED_VALUES; }
    public List<String> columns() { return List.of(column); }
    public <R> R accept(Visitor<R> v) { return v.allowedValues(this); }
  }

  /** {@code pattern}: at least {@code minFraction} of the values match {@code regex}. */
  record Pattern(String column, String regex, Double minFraction) implements Constraint {
    public Check check() { return Check.PATTERN; }
    public List<String> columns() { return List.of(column); }
    public <R> R accept(Visitor<R> v) { return v.pattern(this); }
  }

  /** {@code non-negative}: no value of the column is below zero. */
  record NonNegative(String column) implements Constraint {
    public Check check() { return Check.NON_NEGATIVE; }
    public List<String> columns() { return List.of(column); }
    public <R> R accept(Visitor<R> v) { return v.nonNegative(this); }
  }

  /** {@code max-length}: no string of the column is longer than {@code max}. */
  record MaxLength(String column, double max) implements Constraint {
    public Check check() { return Check.MAX_LENGTH; }
    public List<String> columns() { return List.of(column); }
    public <R> R accept(Visitor<R> v) { return v.maxLength(this); }
  }

  /** {@code compliance}: at least {@code minFraction} of the rows satisfy a Spark SQL condition. */
  record Compliance(List<String> columns, String predicate, Double minFraction) implements Constraint {
    public Compliance { columns = List.copyOf(columns); }
    public Check check() { return Check.COMPLIANCE; }
    public <R> R accept(Visitor<R> v) { return v.compliance(this); }
  }

  /** {@code mean}: the mean of the column is within the bounds. */
  record Mean(String column, Double min, Double max) implements Constraint {
    public Check check() { return Check.MEAN; }
    public List<String> columns() { return List.of(column); }
    public <R> R accept(Visitor<R> v) { return v.mean(this); }
  }

  /** {@code stddev}: the standard deviation of the column is within the bounds. */
  record Stddev(String column, Double min, Double max) implements Constraint {
    public Check check() { return Check.STDDEV; }
    public List<String> columns() { return List.of(column); }
    public <R> R accept(Visitor<R> v) { return v.stddev(this); }
  }

  /** {@code sum}: the sum of the column is within the bounds. */
  record Sum(String column, Double min, Double max) implements Constraint {
    public Check check() { return Check.SUM; }
    public List<String> columns() { return List.of(column); }
    public <R> R accept(Visitor<R> v) { return v.sum(this); }
  }

  /** {@code distinct-count}: the number of distinct values of the columns is within the bounds. */
  record DistinctCount(List<String> columns, Double min, Double max) implements Constraint {
    public DistinctCount { columns = List.copyOf(columns); }
    public Check check() { return Check.DISTINCT_COUNT; }
    public <R> R accept(Visitor<R> v) { return v.distinctCount(this); }
  }

  /**
   * {@code references}: at least {@code minFraction} of the column's values occur in {@code
   * refColumn} of the certified {@code product} (a product reference as written).
   */
  record References(String column, String product, String refColumn, Double minFraction) implements Constraint {
    public Check check() { return Check.REFERENCES; }
    public List<String> columns() { return List.of(column); }
    public <R> R accept(Visitor<R> v) { return v.references(this); }
  }

  /** {@code freshness}: the newest value of the column is at most {@code maxAge} (as written: {@code 24h}) old. */
  record Freshness(String column, String maxAge) implements Constraint {
    public Check check() { return Check.FRESHNESS; }
    public List<String> columns() { return List.of(column); }
    public <R> R accept(Visitor<R> v) { return v.freshness(this); }
  }

  /**
   * {@code anomaly}: a metric ({@code row-count}, {@code mean(amount)}) stays within what its
   * history predicts by {@code strategy}; {@code settings} holds the strategy's other keys as written.
   */
  record Anomaly(List<String> columns, String metric, String strategy, Map<String, Object> settings) implements Constraint {
    public Anomaly {
      columns = List.copyOf(columns);
      settings = Map.copyOf(settings);
    }
    public Check check() { return Check.ANOMALY; }
    public <R> R accept(Visitor<R> v) { return v.anomaly(this); }
  }

  /**
   * Reads a declaration ({@code check}, its columns, its other keys as written) into its record.
   *
   * @throws IllegalArgumentException when it cannot be read, with why ({@code unknown check 'uniq'
   *     (known: ...)}, {@code it needs 'min' and/or 'max'}, ...)
   */
  static Constraint of(String check, List<String> columns, Map<String, Object> params) {
    Check kind = Check.of(check).orElseThrow(() -> new IllegalArgumentException(
        "unknown check '" + check + "' (known: " + String.join(", ", Check.KEYWORDS) + ")"));
    return switch (kind) {
      case COMPLETE -> new Complete(one(columns), number(params, "min-fraction"));
      case UNIQUE -> new Unique(some(columns));
      case ROW_COUNT -> {
        Double[] b = bounds(params);
        yield new RowCount(b[0], b[1]);
      }
      case RANGE -> {
        String c = one(columns);
        Double[] b = bounds(params);
        yield new Range(c, b[0], b[1]);
      }
      case ALLOWED_VALUES -> {
        String c = one(columns);
        yield new AllowedValues(c, values(params), number(params, "min-fraction"));
      }
      case PATTERN -> {
        String c = one(columns);
        String regex = text(params, "regex");
        try {
          java.util.regex.Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException(
              "'regex' is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
        }
        yield new Pattern(c, regex, number(params, "min-fraction"));
      }
      case NON_NEGATIVE -> new NonNegative(one(columns));
      case MAX_LENGTH -> {
        String c = one(columns);
        if (!(params.get("max") instanceof Number max)) {
          throw new IllegalArgumentException("it needs a numeric 'max'");
        }
        yield new MaxLength(c, max.doubleValue());
      }
      case COMPLIANCE -> new Compliance(columns, text(params, "predicate"), number(params, "min-fraction"));
      case MEAN, STDDEV, SUM -> {
        String c = one(columns);
        Double[] b = bounds(params);
        yield kind == Check.MEAN ? new Mean(c, b[0], b[1]) : kind == Check.SUM ? new Sum(c, b[0], b[1]) : new Stddev(c, b[0], b[1]);
      }
      case DISTINCT_COUNT -> {
        List<String> cs = some(columns);
        Double[] b = bounds(params);
        yield new DistinctCount(cs, b[0], b[1]);
      }
      case REFERENCES -> {
        String c = one(columns);
        String product = text(params, "product");
        String refColumn = text(params, "ref-column");
        yield new References(c, product, refColumn, number(params, "min-fraction"));
      }
      case FRESHNESS -> {
        String c = one(columns);
        yield new Freshness(c, text(params, "max-age"));
      }
      case ANOMALY -> {
        String metric = text(params, "metric");
        String strategy = text(params, "strategy");
        Map<String, Object> settings = new LinkedHashMap<>(params);
        settings.keySet().removeAll(List.of("metric", "strategy", "on-fail"));
        yield new Anomaly(columns, metric, strategy, settings);
      }
    };
  }

  private static String one(List<String> columns) {
    if (columns.size() != 1) {
      throw new IllegalArgumentException("it needs exactly one column, got " + columns.size());
    }
    return columns.get(0);
  }

  private static List<String> some(List<String> columns) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("it needs one or more columns");
    }
    return columns;
  }

  private static Double[] bounds(Map<String, Object> params) {
    Double lo = number(params, "min");
    Double hi = number(params, "max");
    if (lo == null && hi == null) {
      throw new IllegalArgumentException("it needs 'min' and/or 'max'");
    }
    return new Double[] {lo, hi};
  }

  private static Double number(Map<String, Object> params, String key) {
    if (!params.containsKey(key)) {
      return null;
    }
    Object v = params.get(key);
    if (!(v instanceof Number n) || Double.isNaN(n.doubleValue())) {
      throw new IllegalArgumentException("'" + key + "' must be a number, got '" + v + "'");
    }
    return n.doubleValue();
  }

  private static String text(Map<String, Object> params, String key) {
    if (!(params.get(key) instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException("it needs '" + key + "'");
    }
    return s;
  }

  private static List<String> values(Map<String, Object> params) {
    Object v = params.get("values");
    List<String> values =
        v instanceof List<?> list ? list.stream().map(String::valueOf).toList() : v == null ? List.of() : List.of(String.valueOf(v));
    if (values.isEmpty()) {
      throw new IllegalArgumentException("it needs a non-empty list 'values'");
    }
    return values;
  }
}
