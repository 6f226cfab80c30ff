package io.meshwork.quality.internal;

import io.meshwork.core.model.Check;
import io.meshwork.core.model.Constraint;
import io.meshwork.core.model.ConstraintResult.Status;
import io.meshwork.core.model.ConstraintResult;
import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.publish.VerificationContext;
import io.meshwork.quality.QualityRun;
import io.meshwork.quality.internal.DeequChecks.Kind;
import io.meshwork.quality.internal.DeequChecks.Measure;
import io.meshwork.quality.internal.DeequChecks.Measured;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

/**
 * One contract constraint translated into Deequ measures, and back into a {@link ConstraintResult}.
 * Pure Java and Spark; the Deequ calls are in {@link DeequChecks}.
 */
public final class ConstraintPlan {
  /**
   * Whether the check needs a {@link VerificationContext}: another product, the run date, metrics
   * history.
   */
  static boolean needsContext(Check check) {
    return switch (check) {
      case REFERENCES, FRESHNESS, ANOMALY -> true;
      case COMPLETE, UNIQUE, ROW_COUNT, RANGE, ALLOWED_VALUES, PATTERN, NON_NEGATIVE, MAX_LENGTH, COMPLIANCE, MEAN, STDDEV, SUM,
          DISTINCT_COUNT -> false;
    };
  }

  private static final int EXAMPLES = 3;

  /** What a metric over no (non-null) values means for the constraint. */
  private enum WhenEmpty {
    /** nothing violates it: completeness of no rows, the minimum of only NULLs. */
    PASS,
    /** the metric is 0: sum or distinct count of nothing. */
    ZERO,
    /** the metric does not exist: mean or stddev of nothing fails. */
    UNDEFINED
  }

  private final ConstraintSpec spec;
  private final String problem;
  private final String metric;
  private final List<Measure> measures;
  private final Double min;
  private final Double max;
  private final boolean count;
  private final WhenEmpty whenEmpty;
  private final Function<Dataset<Row>, Dataset<Row>> offenders;
  private final boolean named;
  /** For row-level checks: true on a row that violates the constraint (never NULL). */
  private Column violation;
  /** For checks evaluated outside Deequ's verdict (references, freshness, anomaly). */
  private Evaluator evaluator;
  /** Columns to add to the verified data before Deequ runs (name, expression). */
  private Map<String, Column> derived = Map.of();

  /** Turns this plan's measurements into its result, for checks that need more than bounds. */
  @FunctionalInterface
  interface Evaluator {
    ConstraintResult evaluate(List<Measured> measured, long rows, Dataset<Row> data, Env env);
  }

  /**
   * What a verification knows besides the data: the run (null without a context) and, loaded
   * on first use, the product's metrics history.
   */
  public interface Env {
    VerificationContext context();

    List<QualityRun> history();
  }

  private ConstraintPlan(
      ConstraintSpec spec,
      String problem,
      String metric,
      List<Measure> measures,
      Double min,
      Double max,
      boolean count,
      WhenEmpty whenEmpty,
      Function<Dataset<Row>, Dataset<Row>> offenders,
      boolean named) {
    this.spec = spec;
    this.problem = problem;
    this.metric = metric;
    this.measures = List.copyOf(measures);
    this.min = min;
    this.max = max;
    this.count = count;
    this.whenEmpty = whenEmpty;
    this.offenders = offenders;
    this.named = named;
  }

  private static ConstraintPlan problem(ConstraintSpec spec, String message) {
    return new ConstraintPlan(spec, message, null, List.of(), null, null, false, WhenEmpty.PASS, null, false);
  }

  /** The Deequ measures this constraint needs (none when it cannot be verified). */
  public List<Measure> measures() {
    return measures;
  }

  /** Translates {@code spec} without a verification context. */
  public static ConstraintPlan of(ConstraintSpec spec, DataProduct product, Dataset<Row> data) {
    return of(spec, product, data, null);
  }

  /**
   * Translates {@code spec}, visiting its {@link Constraint}; problems (unknown kind, missing
   * parameter, no such column, a check that needs a context it was not given) become a plan that
   * reports them.
   */
  public static ConstraintPlan of(ConstraintSpec spec, DataProduct product, Dataset<Row> data, VerificationContext context) {
    Check check = spec.kind().orElse(null);
    if (check == null) {
      return problem(spec, Messages.cannotVerify(spec, "unknown check '" + (spec.check() == null ? "" : spec.check()) + "' (known: " + String.join(", ", Check.KEYWORDS) + ")"));
    }
    if (needsContext(check) && context == null) {
      return problem(spec, Messages.needsContext(spec));
    }
    try {
      return rule(spec).accept(new Translation(spec, product, data, context));
    } catch (Invalid e) {
      return problem(spec, Messages.cannotVerify(spec, e.getMessage()));
    }
  }

  /** The typed constraint; when the declaration cannot be read, {@link Invalid} says why. */
  private static Constraint rule(ConstraintSpec spec) {
    if (spec.rule() != null) {
      return spec.rule();
    }
    try {
      return Constraint.of(spec.check(), spec.columns(), spec.params());
    } catch (IllegalArgumentException e) {
      throw new Invalid(e.getMessage());
    }
  }

  /** A plan whose result an {@link Evaluator} makes from its measures (none is possible). */
  static ConstraintPlan evaluated(ConstraintSpec spec, List<Measure> measures, Map<String, Column> derived, Evaluator evaluator) {
    ConstraintPlan plan = new ConstraintPlan(spec, null, null, measures, null, null, false, WhenEmpty.PASS, null, false);
    plan.evaluator = evaluator;
    plan.derived = Map.copyOf(derived);
    return plan;
  }

  /** The contract constraint this plan verifies. */
  public ConstraintSpec spec() {
    return spec;
  }

  /** Columns to add to the data before verifying (freshness measures a derived column). */
  public Map<String, Column> derived() {
    return derived;
  }

  /**
   * For row-level checks that could be translated: a condition that is true exactly on the rows
   * violating the constraint (same NULL rules as the gate); empty otherwise.
   */
  public Optional<Column> violation() {
    return Optional.ofNullable(violation);
  }

  /** Why the constraint cannot be verified as declared, or null. */
  public String problem() {
    return problem;
  }

  private ConstraintPlan rowLevel(Column violates) {
    this.violation = functions.coalesce(violates, functions.lit(false));
    return this;
  }

  /** One plan per kind of constraint. */
  private record Translation(ConstraintSpec spec, DataProduct product, Dataset<Row> data, VerificationContext context)
      implements Constraint.Visitor<ConstraintPlan> {

    private boolean blocking() {
      return spec.blocking();
    }

    @Override
    public ConstraintPlan complete(Constraint.Complete k) {
      String c = column(data, k.column(), null);
      double fraction = fraction(k.minFraction());
      List<String> keys = product.primaryKey().stream().filter(x -> !x.equalsIgnoreCase(c) && has(data, x)).toList();
      return new ConstraintPlan(
          spec, null, "completeness(" + c + ")",
          List.of(measure(Kind.COMPLETENESS, k.columns(), List.of(), fraction, null, blocking())),
          fraction, null, false, WhenEmpty.PASS,
          keys.isEmpty() ? null : d -> d.filter(col(c).isNull()).select(columns(keys)), true)
          .rowLevel(col(c).isNull());
    }

    @Override
    public ConstraintPlan unique(Constraint.Unique k) {
      List<String> cols = k.columns();
      for (String c : cols) {
        present(data, c);
      }
      Column allNull = cols.stream().map(c -> col(c).isNull()).reduce(Column::and).orElseThrow();
      return new ConstraintPlan(
          spec, null, "uniqueness(" + String.join(", ", cols) + ")",
          List.of(measure(Kind.UNIQUENESS, cols, List.of(), 1.0, 1.0, blocking())),
          1.0, 1.0, false, WhenEmpty.PASS,
          d -> d.groupBy(columns(cols)).agg(functions.count(functions.lit(1)).as("__mesh_n"))
              .filter(functions.col("__mesh_n").gt(1).or(allNull)).select(columns(cols)), false);
    }

    @Override
    public ConstraintPlan rowCount(Constraint.RowCount k) {
      Double[] b = bounds(k.min(), k.max());
      return new ConstraintPlan(
          spec, null, "row-count", List.of(measure(Kind.SIZE, List.of(), List.of(), b[0], b[1], blocking())),
          b[0], b[1], true, WhenEmpty.PASS, null, false);
    }

    @Override
    public ConstraintPlan range(Constraint.Range k) {
      String c = column(data, k.column(), NumericType.class);
      Double[] b = bounds(k.min(), k.max());
      List<Measure> ms = new ArrayList<>();
      if (b[0] != null) {
        ms.add(measure(Kind.MINIMUM, k.columns(), List.of(), b[0], null, blocking()));
      }
      if (b[1] != null) {
        ms.add(measure(Kind.MAXIMUM, k.columns(), List.of(), null, b[1], blocking()));
      }
      String name = b[0] != null && b[1] != null ? "range" : b[0] != null ? "minimum" : "maximum";
      Column below = b[0] == null ? functions.lit(false) : col(c).lt(b[0]);
      Column above = b[1] == null ? functions.lit(false) : col(c).gt(b[1]);
      return new ConstraintPlan(
          spec, null, name + "(" + c + ")", ms, b[0], b[1], false, WhenEmpty.PASS,
          d -> d.filter(below.or(above)).select(col(c)), false)
          .rowLevel(below.or(above));
    }

    @Override
    public ConstraintPlan nonNegative(Constraint.NonNegative k) {
      String c = column(data, k.column(), NumericType.class);
      return new ConstraintPlan(
          spec, null, "minimum(" + c + ")", List.of(measure(Kind.MINIMUM, k.columns(), List.of(), 0.0, null, blocking())),
          0.0, null, false, WhenEmpty.PASS, d -> d.filter(col(c).lt(0)).select(col(c)), false)
          .rowLevel(col(c).lt(0));
    }

    @Override
    public ConstraintPlan allowedValues(Constraint.AllowedValues k) {
      String c = column(data, k.column(), null);
      List<String> values = k.values();
      double fraction = fraction(k.minFraction());
      return new ConstraintPlan(
          spec, null, "allowed-values(" + c + ")",
          List.of(measure(Kind.ALLOWED_VALUES, k.columns(), values, fraction, null, blocking())),
          fraction, null, false, WhenEmpty.PASS,
          d -> d.filter(col(c).isNotNull().and(functions.not(col(c).isin(values.toArray())))).select(col(c)), false)
          .rowLevel(col(c).isNotNull().and(functions.not(col(c).isin(values.toArray()))));
    }

    @Override
    public ConstraintPlan pattern(Constraint.Pattern k) {
      String c = column(data, k.column(), StringType.class);
      String regex = k.regex();
      double fraction = fraction(k.minFraction());
      return new ConstraintPlan(
          spec, null, "pattern(" + c + ")", List.of(measure(Kind.PATTERN_MATCH, k.columns(), List.of(regex), fraction, null, blocking())),
          fraction, null, false, WhenEmpty.PASS,
          d -> d.filter(col(c).isNotNull().and(functions.not(col(c).rlike(regex)))).select(col(c)), false)
          .rowLevel(col(c).isNotNull().and(functions.not(col(c).rlike(regex))));
    }

    @Override
    public ConstraintPlan maxLength(Constraint.MaxLength k) {
      String c = column(data, k.column(), StringType.class);
      double limit = k.max();
      return new ConstraintPlan(
          spec, null, "max-length(" + c + ")", List.of(measure(Kind.MAX_LENGTH, k.columns(), List.of(), null, limit, blocking())),
          null, limit, true, WhenEmpty.PASS,
          d -> d.filter(functions.length(col(c)).gt(limit)).select(col(c)), false)
          .rowLevel(functions.length(col(c)).gt(limit));
    }

    @Override
    public ConstraintPlan compliance(Constraint.Compliance k) {
      String predicate = k.predicate();
      List<String> cols = k.columns();
      DataType type;
      try {
        type = data.select(functions.expr(predicate)).schema().fields()[0].dataType();
      } catch (Exception e) {
        throw new Invalid("'predicate' is not a valid Spark SQL condition on this data: " + firstLine(e.getMessage()));
      }
      if (!(type instanceof BooleanType)) {
        throw new Invalid("'predicate' must be a condition (true/false) but is " + type.simpleString());
      }
      for (String c : cols) {
        present(data, c);
      }
      double fraction = fraction(k.minFraction());
      List<String> shown = !cols.isEmpty() ? cols : product.primaryKey().stream().filter(x -> has(data, x)).toList();
      return new ConstraintPlan(
          spec, null, "compliance(" + predicate + ")",
          // Like a SQL CHECK constraint: a row where the predicate is NULL (unknown) complies.
          List.of(measure(Kind.COMPLIANCE, cols, List.of("coalesce((" + predicate + "), true)", predicate), fraction, null, blocking())),
          fraction, null, false, WhenEmpty.PASS,
          shown.isEmpty() ? null : d -> d.filter(functions.not(functions.coalesce(functions.expr(predicate), functions.lit(true)))).select(columns(shown)),
          true)
          .rowLevel(functions.not(functions.coalesce(functions.expr(predicate), functions.lit(true))));
    }

    @Override
    public ConstraintPlan mean(Constraint.Mean k) {
      return aggregate(Kind.MEAN, k.column(), k.min(), k.max(), WhenEmpty.UNDEFINED);
    }

    @Override
    public ConstraintPlan stddev(Constraint.Stddev k) {
      return aggregate(Kind.STANDARD_DEVIATION, k.column(), k.min(), k.max(), WhenEmpty.UNDEFINED);
    }

    @Override
    public ConstraintPlan sum(Constraint.Sum k) {
      return aggregate(Kind.SUM, k.column(), k.min(), k.max(), WhenEmpty.ZERO);
    }

    /** mean, stddev, sum: one aggregate of a numeric column within bounds. */
    private ConstraintPlan aggregate(Kind kind, String column, Double min, Double max, WhenEmpty whenEmpty) {
      String c = column(data, column, NumericType.class);
      Double[] b = bounds(min, max);
      return new ConstraintPlan(
          spec, null, spec.check() + "(" + c + ")", List.of(measure(kind, List.of(column), List.of(), b[0], b[1], blocking())),
          b[0], b[1], false, whenEmpty, null, false);
    }

    @Override
    public ConstraintPlan distinctCount(Constraint.DistinctCount k) {
      List<String> cols = k.columns();
      for (String c : cols) {
        present(data, c);
      }
      Double[] b = bounds(k.min(), k.max());
      return new ConstraintPlan(
          spec, null, "distinct-count(" + String.join(", ", cols) + ")",
          List.of(measure(Kind.COUNT_DISTINCT, cols, List.of(), b[0], b[1], blocking())),
          b[0], b[1], true, WhenEmpty.ZERO, null, false);
    }

    @Override
    public ConstraintPlan references(Constraint.References k) {
      return ContextChecks.references(spec, k, data, context);
    }

    @Override
    public ConstraintPlan freshness(Constraint.Freshness k) {
      return ContextChecks.freshness(spec, k, data, context);
    }

    @Override
    public ConstraintPlan anomaly(Constraint.Anomaly k) {
      return Anomalies.plan(spec, k, data, context);
    }
  }

  /**
   * The result, given this plan's share of Deequ's measurements.
   *
   * @param data only read (filter + limit) to show offending values when the constraint failed
   */
  public ConstraintResult result(List<Measured> measured, long rows, Dataset<Row> data) {
    return result(measured, rows, data, null);
  }

  /** As {@link #result(List, long, Dataset)}, for checks that need the run's {@code env}. */
  public ConstraintResult result(List<Measured> measured, long rows, Dataset<Row> data, Env env) {
    Status failed = spec.blocking() ? Status.FAILED : Status.WARNED;
    if (problem != null) {
      return new ConstraintResult(spec, failed, null, null, rows, problem);
    }
    if (evaluator != null) {
      return evaluator.evaluate(measured, rows, data, env);
    }
    String threshold = Numbers.threshold(min, max, count);
    boolean ok = true;
    boolean undefined = false;
    String error = null;
    Double[] values = new Double[measured.size()];
    for (int i = 0; i < measured.size(); i++) {
      Measured m = measured.get(i);
      Measure measure = measures.get(i);
      if (m.error() != null) {
        ok = false;
        error = error == null ? m.error() : error;
      } else if (!m.empty()) {
        values[i] = m.value();
        ok &= m.satisfied();
      } else if (whenEmpty == WhenEmpty.ZERO) {
        values[i] = 0.0;
        ok &= (measure.min() == null || 0.0 >= measure.min()) && (measure.max() == null || 0.0 <= measure.max());
      } else if (whenEmpty == WhenEmpty.UNDEFINED) {
        ok = false;
        undefined = true;
      }
    }
    String observed = error != null || undefined ? null : observed(values);
    if (ok) {
      return new ConstraintResult(spec, Status.PASSED, observed, threshold, rows, null);
    }
    String message;
    if (error != null) {
      message = Messages.notComputed(spec, metric, threshold, rows, error);
    } else if (undefined || observed == null) {
      message = Messages.undefined(spec, metric, threshold, rows);
    } else {
      message = Messages.violated(spec, metric, threshold, observed, rows) + Messages.examples(examples(data));
    }
    return new ConstraintResult(spec, failed, observed, threshold, rows, message);
  }

  private String observed(Double[] values) {
    if (Arrays.stream(values).allMatch(v -> v == null)) {
      return null;
    }
    if (values.length == 2) {
      return text(values[0], min, null) + " to " + text(values[1], null, max);
    }
    return text(values[0], min, max);
  }

  private String text(Double value, Double lower, Double upper) {
    return value == null ? "none" : Numbers.observed(value, count, lower, upper);
  }

  /** Up to three distinct offending values, from a filter + limit over the data. */
  private List<String> examples(Dataset<Row> data) {
    if (offenders == null) {
      return List.of();
    }
    return examples(offenders.apply(data), named);
  }

  /**
   * Up to three distinct rows of {@code rows}, rendered; {@code named} shows {@code column=value}.
   * The rows found first are shown in order of their values, so the same offenders read the same
   * whatever order the files are read in.
   */
  static List<String> examples(Dataset<Row> rows, boolean named) {
    String[] names = rows.columns();
    Dataset<Row> found = rows.limit(EXAMPLES * 4);
    try {
      found = found.orderBy(java.util.Arrays.stream(names).map(ConstraintPlan::col).toArray(Column[]::new));
    } catch (Exception unorderable) { // AnalysisException, which Scala does not declare
      // a map column has no order: shown as found
    }
    Set<String> shown = new LinkedHashSet<>();
    for (Row row : found.collectAsList()) {
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < names.length; i++) {
        parts.add(named ? names[i] + "=" + render(row.get(i)) : render(row.get(i)));
      }
      shown.add(parts.size() == 1 ? parts.get(0) : "(" + String.join(", ", parts) + ")");
      if (shown.size() == EXAMPLES) {
        break;
      }
    }
    return List.copyOf(shown);
  }

  static String render(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof String s) {
      return "'" + s + "'";
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    return value.toString();
  }

  // ---- parameters -------------------------------------------------------------------------

  /** Thrown while translating: the constraint, as declared, cannot be evaluated. */
  static final class Invalid extends RuntimeException {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  static Measure measure(Kind kind, List<String> columns, List<String> arguments, Double min, Double max, boolean blocking) {
    return new Measure(kind, columns, arguments, min, max, blocking);
  }

  /** {@code column}, once it is found in {@code data} and (when {@code type} is given) of that type. */
  static String column(Dataset<Row> data, String c, Class<? extends DataType> type) {
    StructField field = present(data, c);
    if (type != null && !type.isInstance(field.dataType())) {
      String wanted = type == NumericType.class ? "numeric" : "string";
      throw new Invalid("column '" + c + "' is " + field.dataType().simpleString() + ", not " + wanted);
    }
    return c;
  }

  static StructField present(Dataset<Row> data, String column) {
    for (StructField f : data.schema().fields()) {
      if (f.name().equalsIgnoreCase(column)) {
        return f;
      }
    }
    throw new Invalid("no column '" + column + "' in the data (columns: " + String.join(", ", data.columns()) + ")");
  }

  private static boolean has(Dataset<Row> data, String column) {
    return Arrays.stream(data.columns()).anyMatch(column::equalsIgnoreCase);
  }

  private static Double[] bounds(Double lo, Double hi) {
    if (lo != null && hi != null && lo > hi) {
      throw new Invalid("'min' (" + Numbers.format(lo, false) + ") is greater than 'max' (" + Numbers.format(hi, false) + ")");
    }
    return new Double[] {lo, hi};
  }

  /** A minimum fraction: 1 when not given. */
  static double fraction(Double f) {
    if (f == null) {
      return 1.0;
    }
    if (f < 0.0 || f > 1.0) {
      throw new Invalid("'min-fraction' must be between 0.0 and 1.0, got " + Numbers.format(f, false));
    }
    return f;
  }

  static Double number(ConstraintSpec spec, String key) {
    if (!spec.params().containsKey(key)) {
      return null;
    }
    Optional<Double> n = spec.number(key);
    if (n.isEmpty() || n.get().isNaN()) {
      throw new Invalid("'" + key + "' must be a number, got '" + spec.params().get(key) + "'");
    }
    return n.get();
  }

  static String text(ConstraintSpec spec, String key) {
    Object v = spec.params().get(key);
    if (!(v instanceof String s) || s.isBlank()) {
      throw new Invalid("it needs '" + key + "'");
    }
    return s;
  }

  static Column col(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
  }

  private static Column[] columns(List<String> names) {
    return names.stream().map(ConstraintPlan::col).toArray(Column[]::new);
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int nl = text.indexOf('\n');
    return (nl < 0 ? text : text.substring(0, nl)).trim();
  }
}
