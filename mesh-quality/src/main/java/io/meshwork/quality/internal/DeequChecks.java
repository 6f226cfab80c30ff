package io.meshwork.quality.internal;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationRunBuilder;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Analyzers$;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.CountDistinct;
import com.amazon.deequ.analyzers.MaxLength;
import com.amazon.deequ.analyzers.Maximum;
import com.amazon.deequ.analyzers.Minimum;
import com.amazon.deequ.analyzers.PatternMatch;
import com.amazon.deequ.analyzers.ScanShareableAnalyzer;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.analyzers.runners.EmptyStateException;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.constraints.Constraint$;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.constraints.ConstraintStatus;
import com.amazon.deequ.metrics.DoubleMetric;
import com.amazon.deequ.metrics.Entity;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.ResultKey;
import com.amazon.deequ.repository.memory.InMemoryMetricsRepository;
import io.meshwork.core.storage.WrittenStatistics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;
import scala.runtime.BoxedUnit;
import scala.util.Success;
import scala.util.Try;
import scala.util.matching.Regex;

/**
 * The only place that speaks Deequ. Takes neutral {@link Measure}s, runs ONE
 * {@code VerificationSuite} with one {@code Check} per level, and hands back one
 * {@link Measured} per measure, in the same order.
 *
 * <p>Deequ's {@code Check} is immutable: every {@code hasX(...)} returns a new check. Each
 * addition is therefore reassigned and counted, so a measure can never be dropped silently.
 */
public final class DeequChecks {
  private DeequChecks() {}

  /** What Deequ measures. Fractions are of all rows; NULLs are skipped by the value metrics. */
  public enum Kind {
    /** number of rows. */
    SIZE,
    /** fraction of non-null values of one column. */
    COMPLETENESS,
    /** fraction of rows whose value (combination) occurs exactly once. */
    UNIQUENESS,
    MINIMUM,
    MAXIMUM,
    MEAN,
    STANDARD_DEVIATION,
    SUM,
    /** exact number of distinct non-null values (combinations). */
    COUNT_DISTINCT,
    /** longest string length. */
    MAX_LENGTH,
    /** fraction of non-null values matching {@code arguments[0]} (a Java regex, found anywhere). */
    PATTERN_MATCH,
    /** fraction of non-null values that are one of {@code arguments}. */
    ALLOWED_VALUES,
    /** fraction of rows where the Spark SQL predicate {@code arguments[0]} is true; {@code arguments[1]}, if any, names the metric. */
    COMPLIANCE
  }

  /**
   * One thing to measure and the inclusive bounds it must lie within (a null bound is open).
   *
   * @param blocking true for {@code CheckLevel.Error}, false for {@code CheckLevel.Warning}
   */
  public record Measure(Kind kind, List<String> columns, List<String> arguments, Double min, Double max, boolean blocking) {
    public Measure {
      Objects.requireNonNull(kind, "kind");
      columns = List.copyOf(columns);
      arguments = List.copyOf(arguments);
    }
  }

  /**
   * What Deequ said about one measure.
   *
   * @param value the metric, or null when there was nothing to measure or it failed
   * @param satisfied Deequ's verdict on the bounds
   * @param empty true when Deequ had no (non-null) value to compute the metric from
   * @param error why the metric could not be computed (first line), or null
   */
  public record Measured(Double value, boolean satisfied, boolean empty, String error) {}

  /**
   * The row count (Deequ's {@code Size}, same pass) and one result per measure, in order.
   *
   * @param rows the row count, or -1 when the data could not be scanned
   * @param error why the data could not be scanned (then every measure failed too), or null
   */
  public record Verification(long rows, String error, List<Measured> measured, AnalyzerContext metrics) {}

  /**
   * Runs one verification of {@code measures} over {@code data}, taking what it can from {@code
   * statistics} (see {@link Prepared#verify}); null statistics: every metric is computed.
   */
  public static Verification verify(Dataset<Row> data, WrittenStatistics statistics, String description, List<Measure> measures) {
    return prepare(description, measures).verify(data, statistics, null, null);
  }

  /**
   * As {@link #verify(Dataset, WrittenStatistics, String, List)} for a publish's change: the
   * scan-shareable metrics {@code statistics} (of every live file) do not give come from the
   * merged per-file {@code states}, and a key's uniqueness from {@link FileStates#provenUnique};
   * {@code data} (the table as it will be) is scanned only for the rest (exact distinct counts,
   * uniqueness not proven that way).
   *
   * @param prepare adds the derived columns to rows read from the files
   */
  public static Verification verify(
      Dataset<Row> data, WrittenStatistics statistics, String description, List<Measure> measures, FileStates states,
      java.util.function.Function<Dataset<Row>, Dataset<Row>> prepare) {
    return prepare(description, measures).verify(data, statistics, states, prepare);
  }

  /**
   * A probe of {@code rows} while they are written ({@link WriteProbe}) for what {@link #verify(Dataset,
   * WrittenStatistics, String, List, FileStates, java.util.function.Function)} would otherwise read
   * the written files for: the per-file states of the mergeable metrics Delta's statistics do not
   * give, and the uniqueness of each key; null when there is nothing to probe.
   */
  public static WriteProbe probe(Dataset<Row> rows, String description, List<Measure> measures, List<String> clusteredBy, int partitions) {
    Prepared prepared = prepare(description, measures);
    List<Analyzer<?, ?>> analyzers = new ArrayList<>();
    List<List<String>> keys = new ArrayList<>();
    for (Analyzer<?, ?> a : prepared.analyzers()) {
      if (a instanceof com.amazon.deequ.analyzers.Uniqueness u && u.where().isEmpty() && u.analyzerOptions().isEmpty()) {
        keys.add(JavaConverters.seqAsJavaList(u.columns()));
      } else if (a instanceof ScanShareableAnalyzer<?, ?> && FileStates.mergeable(a) && !Prepared.fromStatistics(a) && Prepared.preconditionsHold(a, rows.schema())) {
        analyzers.add(a);
      }
    }
    return WriteProbe.of(rows, analyzers, keys, clusteredBy, partitions);
  }

  /** The Deequ checks of {@code measures}, built once, for {@link Prepared#verify}. */
  private static Prepared prepare(String description, List<Measure> measures) {
    Check error = new Check(CheckLevel.Error(), description + " [error]", Scala.seq(List.of()));
    Check warning = new Check(CheckLevel.Warning(), description + " [warning]", Scala.seq(List.of()));
    int[] position = new int[measures.size()];
    for (int i = 0; i < measures.size(); i++) {
      Measure m = measures.get(i);
      Check before = m.blocking() ? error : warning;
      Check after = add(before, m);
      if (after.constraints().size() != before.constraints().size() + 1) {
        throw new IllegalStateException("Deequ check did not take measure " + m);
      }
      position[i] = before.constraints().size();
      if (m.blocking()) {
        error = after;
      } else {
        warning = after;
      }
    }
    return new Prepared(measures, error, warning, position);
  }

  /**
   * One verification's checks. Deequ's analyzers are compared by value, except that a pattern's
   * {@code Regex} is compared by identity: so the checks are built once, and the metrics computed
   * ahead of Deequ are matched to the very analyzers the verification asks for.
   */
  private static final class Prepared {
    private final List<Measure> measures;
    private final Check error;
    private final Check warning;
    private final int[] position;
    private final Size size = new Size(Scala.none());

    private Prepared(List<Measure> measures, Check error, Check warning, int[] position) {
      this.measures = measures;
      this.error = error;
      this.warning = warning;
      this.position = position;
    }

    /**
     * Runs the verification over {@code data}. The row count, completeness and numeric minimums
     * and maximums are taken from {@code statistics} (the written files' statistics of exactly
     * these rows; null when there are none); the other shared-scan metrics are computed in one
     * aggregation reading only their columns; a key proven unique the cheap way ({@link
     * Uniqueness}) is not counted again; Deequ computes the rest (an exact uniqueness, distinct
     * counts) and evaluates every constraint.
     */
    public Verification verify(
        Dataset<Row> data, WrittenStatistics statistics, FileStates states, java.util.function.Function<Dataset<Row>, Dataset<Row>> prepare) {
      VerificationRunBuilder run = new VerificationSuite().onData(data).addRequiredAnalyzer(anyAnalyzer(size));
      if (!error.constraints().isEmpty()) {
        run = run.addCheck(error);
      }
      if (!warning.constraints().isEmpty()) {
        run = run.addCheck(warning);
      }
      Map<Analyzer<?, Metric<?>>, Metric<?>> known = new LinkedHashMap<>(statisticsMetrics(statistics, data.schema()));
      if (states == null) {
        known.putAll(scanMetrics(data, known));
      } else {
        known.putAll(states.metrics(mergeable(data.schema(), known), prepare));
      }
      known.putAll(provenUnique(data, rowCount(known), statistics, states));
      if (!known.isEmpty()) {
        InMemoryMetricsRepository repository = new InMemoryMetricsRepository();
        ResultKey key = new ResultKey(0L, Scala.map(Map.of()));
        repository.save(key, new AnalyzerContext(Scala.map(known)));
        run = run.useRepository(repository).reuseExistingResultsForKey(key, false);
      }
      VerificationResult result = run.run();

      List<Measured> measured = new ArrayList<>(measures.size());
      for (int i = 0; i < measures.size(); i++) {
        Check check = measures.get(i).blocking() ? error : warning;
        CheckResult checkResult = result.checkResults().get(check).get();
        measured.add(measured(checkResult.constraintResults().apply(position[i])));
      }
      Option<Metric<?>> rows = result.metrics().get(anyAnalyzer(size));
      Measured count = rows.isDefined() ? value(rows.get().value(), true) : new Measured(null, false, false, "no row count");
      AnalyzerContext metrics = new AnalyzerContext(result.metrics());
      return count.value() == null
          ? new Verification(-1, count.error(), measured, metrics)
          : new Verification(count.value().longValue(), null, measured, metrics);
    }

    /**
     * The metrics {@code statistics} give exactly as Deequ's scan would: the row count, the
     * completeness of a column, a numeric column's minimum and maximum (Deequ casts to double, as
     * the statistics are). None over no rows, where Deequ's own empty-data verdicts apply.
     */
    private Map<Analyzer<?, Metric<?>>, Metric<?>> statisticsMetrics(WrittenStatistics statistics, StructType schema) {
      Map<Analyzer<?, Metric<?>>, Metric<?>> known = new LinkedHashMap<>();
      if (statistics == null || statistics.rows() <= 0) {
        return known;
      }
      long rows = statistics.rows();
      known.put(anyAnalyzer(size), Analyzers$.MODULE$.metricFromValue((double) rows, "Size", "*", Entity.Dataset(), Scala.none()));
      for (Analyzer<?, ?> a : analyzers()) {
        if (!fromStatistics(a) || !preconditionsHold(a, schema)) {
          continue;
        }
        if (a instanceof Completeness c && statistics.nulls().containsKey(c.column())) {
          double complete = (double) (rows - statistics.nulls().get(c.column())) / rows;
          known.put(anyAnalyzer(a), Analyzers$.MODULE$.metricFromValue(complete, "Completeness", c.column(), Entity.Column(), Scala.none()));
        } else if (a instanceof Minimum m && statistics.minimums().containsKey(m.column())) {
          known.put(anyAnalyzer(a), Analyzers$.MODULE$.metricFromValue(statistics.minimums().get(m.column()), "Minimum", m.column(), Entity.Column(), Scala.none()));
        } else if (a instanceof Maximum m && statistics.maximums().containsKey(m.column())) {
          known.put(anyAnalyzer(a), Analyzers$.MODULE$.metricFromValue(statistics.maximums().get(m.column()), "Maximum", m.column(), Entity.Column(), Scala.none()));
        }
      }
      return known;
    }

    /**
     * Every scan-shareable metric not already {@code known} in one aggregation of {@code data},
     * as Deequ's shared scan would compute them; empty when the aggregation fails, so that Deequ
     * runs it and reports why.
     */
    private Map<Analyzer<?, Metric<?>>, Metric<?>> scanMetrics(Dataset<Row> data, Map<Analyzer<?, Metric<?>>, Metric<?>> known) {
      List<Scanned> scanned = scanned(data.schema()).stream().filter(s -> !known.containsKey(s.analyzer())).toList();
      List<Column> aggregations = aggregations(scanned);
      if (aggregations.isEmpty()) {
        return Map.of();
      }
      Row row;
      try {
        row = data.agg(aggregations.get(0), aggregations.subList(1, aggregations.size()).toArray(Column[]::new)).first();
      } catch (Exception unreadable) { // SparkException is checked in Scala's eyes only
        return Map.of();
      }
      return metricsFrom(scanned, row);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<Analyzer<?, Metric<?>>, Metric<?>> metricsFrom(List<Scanned> scanned, Row row) {
      Map<Analyzer<?, Metric<?>>, Metric<?>> computed = new LinkedHashMap<>();
      int offset = 0;
      for (Scanned s : scanned) {
        computed.put((Analyzer) s.analyzer(), s.metric().apply(row, offset));
        offset += s.aggregations().size();
      }
      return computed;
    }

    /** The scan-shareable analyzers whose preconditions hold on {@code schema}, with their aggregations. */
    private List<Scanned> scanned(StructType schema) {
      List<Scanned> scanned = new ArrayList<>();
      for (Analyzer<?, ?> a : analyzers()) {
        if (a instanceof ScanShareableAnalyzer<?, ?> s && preconditionsHold(a, schema)) {
          Scanned plain = Scanned.plain(a);
          scanned.add(plain != null ? plain : Scanned.deequ(s));
        }
      }
      return scanned;
    }

    private static List<Column> aggregations(List<Scanned> scanned) {
      List<Column> aggregations = new ArrayList<>();
      for (Scanned s : scanned) {
        for (Column c : s.aggregations()) {
          aggregations.add(c.as("_mesh_m" + aggregations.size()));
        }
      }
      return aggregations;
    }

    /** The row count among {@code known} metrics, or -1. */
    private long rowCount(Map<Analyzer<?, Metric<?>>, Metric<?>> known) {
      Metric<?> rows = known.get(anyAnalyzer(size));
      return rows != null && rows.value().isSuccess() ? ((Number) rows.value().get()).longValue() : -1;
    }

    /**
     * Uniqueness 1.0, for each uniqueness analyzer whose key is proven unique in {@code data} the
     * cheap way ({@link Uniqueness#provenUnique}); the others are left to Deequ's exact count.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    /** The scan-shareable analyzers not {@code known} whose states merge ({@link FileStates#mergeable}). */
    private List<Analyzer<?, ?>> mergeable(StructType schema, Map<Analyzer<?, Metric<?>>, Metric<?>> known) {
      List<Analyzer<?, ?>> mergeable = new ArrayList<>();
      for (Analyzer<?, ?> a : analyzers()) {
        if (a instanceof ScanShareableAnalyzer<?, ?> && FileStates.mergeable(a) && !known.containsKey(a) && preconditionsHold(a, schema)) {
          mergeable.add(a);
        }
      }
      return mergeable;
    }

    private Map<Analyzer<?, Metric<?>>, Metric<?>> provenUnique(Dataset<Row> data, long rows, WrittenStatistics statistics, FileStates states) {
      List<String> clusteredBy = statistics == null ? List.of() : statistics.clusteredBy();
      int clusterPartitions = statistics == null ? 0 : statistics.clusterPartitions();
      Map<Analyzer<?, Metric<?>>, Metric<?>> proven = new LinkedHashMap<>();
      for (Analyzer<?, ?> a : analyzers()) {
        if (a instanceof com.amazon.deequ.analyzers.Uniqueness u && u.where().isEmpty() && u.analyzerOptions().isEmpty()) {
          List<String> key = JavaConverters.seqAsJavaList(u.columns());
          if (preconditionsHold(a, data.schema()) && (states == null ? Uniqueness.provenUnique(data, key, rows, clusteredBy, clusterPartitions) : states.provenUnique(key, rows))) {
            proven.put((Analyzer) a, new DoubleMetric(
                key.size() == 1 ? Entity.Column() : Entity.Multicolumn(), "Uniqueness", String.join(",", key), new Success<>(1.0), Scala.none()));
          }
        }
      }
      return proven;
    }

    /**
     * Whether Delta's file statistics can give this metric (row count, completeness, numeric
     * extremes, none with a filter): taken from them when they hold it, and not probed.
     */
    static boolean fromStatistics(Analyzer<?, ?> a) {
      return a instanceof Size
          || (a instanceof Completeness c && c.where().isEmpty() && c.analyzerOptions().isEmpty())
          || (a instanceof Minimum m && m.where().isEmpty() && m.analyzerOptions().isEmpty())
          || (a instanceof Maximum m && m.where().isEmpty() && m.analyzerOptions().isEmpty());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<Analyzer<?, ?>> analyzers() {
      java.util.Set<Analyzer<?, ?>> all = new java.util.LinkedHashSet<>();
      all.add(size);
      for (Check check : List.of(error, warning)) {
        all.addAll((java.util.Collection) JavaConverters.setAsJavaSet(check.requiredAnalyzers()));
      }
      return List.copyOf(all);
    }

    private static boolean preconditionsHold(Analyzer<?, ?> analyzer, StructType schema) {
      try {
        for (Function1<StructType, BoxedUnit> p : JavaConverters.seqAsJavaList(analyzer.preconditions())) {
          p.apply(schema);
        }
        return true;
      } catch (RuntimeException fails) {
        return false; // Deequ reports the failed precondition itself, without scanning
      }
    }
  }

  /** One analyzer's aggregations in the shared scan, and how its metric is read from their values. */
  private record Scanned(Analyzer<?, ?> analyzer, List<Column> aggregations, java.util.function.BiFunction<Row, Integer, Metric<?>> metric) {
    /** As Deequ aggregates it. */
    static Scanned deequ(ScanShareableAnalyzer<?, ?> a) {
      return new Scanned(
          a, JavaConverters.seqAsJavaList(a.aggregationFunctions()),
          (row, offset) -> (Metric<?>) a.metricFromAggregationResult(row, offset, Scala.none(), Scala.none()));
    }

    /**
     * Deequ 2 selects the value of a minimum, maximum or max-length through an array built for
     * every row (to offer row-level results, which Meshwork does not use), and tests a pattern by
     * extracting each match: plain aggregates give the same metrics at a fraction of the cost.
     * Null for the other analyzers.
     */
    static Scanned plain(Analyzer<?, ?> a) {
      String name;
      String column;
      Column value;
      if (a instanceof Minimum m && m.where().isEmpty() && m.analyzerOptions().isEmpty()) {
        name = "Minimum";
        column = m.column();
        value = functions.min(ConstraintPlan.col(column).cast(DataTypes.DoubleType));
      } else if (a instanceof Maximum m && m.where().isEmpty() && m.analyzerOptions().isEmpty()) {
        name = "Maximum";
        column = m.column();
        value = functions.max(ConstraintPlan.col(column).cast(DataTypes.DoubleType));
      } else if (a instanceof MaxLength m && m.where().isEmpty() && m.analyzerOptions().isEmpty()) {
        name = "MaxLength";
        column = m.column();
        value = functions.max(functions.length(ConstraintPlan.col(column))).cast(DataTypes.DoubleType);
      } else if (a instanceof PatternMatch p && p.analyzerOptions().isEmpty()) {
        // Deequ extracts each match (regexp_extract) to test it is not empty; RLIKE only finds it,
        // on the bytes of the value when the regex compiles to a ByteRegex. The same fraction,
        // except that a pattern matching the empty string matches "" here. The count is spelled
        // as Deequ's completeness is, so that Spark computes the two as one aggregate.
        Column where = p.where().isDefined() ? functions.expr(p.where().get()) : functions.lit(true);
        Column matches = functions.sum(functions.when(where.and(FindRegex.rlike(ConstraintPlan.col(p.column()), p.pattern().regex())), 1L).otherwise(0L));
        Column count = functions.sum(where.cast(DataTypes.IntegerType));
        return new Scanned(
            a, List.of(matches, count),
            (row, offset) -> row.isNullAt(offset + 1) || row.getLong(offset + 1) == 0
                ? Analyzers$.MODULE$.metricFromEmpty(a, "PatternMatch", p.column(), Entity.Column())
                : Analyzers$.MODULE$.metricFromValue(
                    (double) row.getLong(offset) / row.getLong(offset + 1), "PatternMatch", p.column(), Entity.Column(), Scala.none()));
      } else {
        return null;
      }
      return new Scanned(
          a, List.of(value),
          (row, offset) -> row.isNullAt(offset)
              ? Analyzers$.MODULE$.metricFromEmpty(a, name, column, Entity.Column())
              : Analyzers$.MODULE$.metricFromValue(row.getDouble(offset), name, column, Entity.Column(), Scala.none()));
    }
  }

  private static Check add(Check check, Measure m) {
    Function1<Object, Object> within = Scala.within(m.min(), m.max());
    List<String> cols = m.columns();
    return switch (m.kind()) {
      case SIZE -> check.hasSize(within, Scala.none());
      case COMPLETENESS -> check.hasCompleteness(cols.get(0), within, Scala.none(), Scala.none());
      case UNIQUENESS -> check.hasUniqueness(Scala.seq(cols), within, Scala.none(), Scala.none());
      case MINIMUM -> check.hasMin(cols.get(0), within, Scala.none(), Scala.none());
      case MAXIMUM -> check.hasMax(cols.get(0), within, Scala.none(), Scala.none());
      case MEAN -> check.hasMean(cols.get(0), within, Scala.none());
      case STANDARD_DEVIATION -> check.hasStandardDeviation(cols.get(0), within, Scala.none());
      case SUM -> check.hasSum(cols.get(0), within, Scala.none());
      // Check.hasNumberOfDistinctValues goes through a Histogram, which counts NULL as a value;
      // CountDistinct is exact and skips NULLs. anomalyConstraint is Deequ's generic
      // "assert on any double-valued analyzer".
      case COUNT_DISTINCT -> check.addConstraint(distinctCount(cols, within));
      case MAX_LENGTH -> check.hasMaxLength(cols.get(0), within, Scala.none(), Scala.none());
      // Deequ's PatternMatch counts NULL as a mismatch; restricting both fractions to non-null
      // rows leaves NULLs to completeness, as for every other check.
      case PATTERN_MATCH ->
          check.hasPattern(cols.get(0), new Regex(m.arguments().get(0), Scala.seq(List.of())), within, Scala.none(), Scala.none(), Scala.none())
              .where(notNull(cols.get(0)));
      case ALLOWED_VALUES ->
          check.isContainedIn(cols.get(0), m.arguments().toArray(String[]::new), within, Scala.none(), Scala.none())
              .where(notNull(cols.get(0)));
      // arguments: the SQL condition Deequ evaluates, then the name its metric is stored under.
      case COMPLIANCE ->
          check.satisfies(m.arguments().get(0), m.arguments().size() > 1 ? m.arguments().get(1) : m.arguments().get(0), within, Scala.none(), Scala.list(cols), Scala.none());
    };
  }

  private static String notNull(String column) {
    return "`" + column.replace("`", "``") + "` IS NOT NULL";
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static com.amazon.deequ.constraints.Constraint distinctCount(List<String> columns, Function1<Object, Object> within) {
    Analyzer analyzer = CountDistinct.apply(Scala.seq(columns));
    return Constraint$.MODULE$.anomalyConstraint(analyzer, within, Scala.none());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Analyzer<?, Metric<?>> anyAnalyzer(Analyzer<?, ?> analyzer) {
    return (Analyzer) analyzer;
  }

  private static Measured measured(ConstraintResult result) {
    boolean satisfied = result.status() == ConstraintStatus.Success();
    if (result.metric().isEmpty()) {
      return new Measured(null, satisfied, false, "no metric");
    }
    return value(result.metric().get().value(), satisfied);
  }

  private static Measured value(Try<?> value, boolean satisfied) {
    if (value.isFailure()) {
      Throwable e = value.failed().get();
      if (e instanceof EmptyStateException) {
        return new Measured(null, satisfied, true, null);
      }
      return new Measured(null, satisfied, false, firstLine(e));
    }
    double v = ((Number) value.get()).doubleValue();
    return Double.isNaN(v) ? new Measured(null, satisfied, true, null) : new Measured(v, satisfied, false, null);
  }

  private static String firstLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }
}
