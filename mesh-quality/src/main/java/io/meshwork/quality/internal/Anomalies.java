package io.meshwork.quality.internal;

import com.amazon.deequ.anomalydetection.AbsoluteChangeStrategy;
import com.amazon.deequ.anomalydetection.AnomalyDetectionStrategy;
import com.amazon.deequ.anomalydetection.AnomalyDetector;
import com.amazon.deequ.anomalydetection.DataPoint;
import com.amazon.deequ.anomalydetection.DetectionResult;
import com.amazon.deequ.anomalydetection.OnlineNormalStrategy;
import com.amazon.deequ.anomalydetection.RelativeRateOfChangeStrategy;
import io.meshwork.core.model.Constraint;
import io.meshwork.core.model.ConstraintResult.Status;
import io.meshwork.core.model.ConstraintResult;
import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.publish.VerificationContext;
import io.meshwork.quality.QualityRun;
import io.meshwork.quality.internal.ConstraintPlan.Invalid;
import io.meshwork.quality.internal.DeequChecks.Kind;
import io.meshwork.quality.internal.DeequChecks.Measure;
import io.meshwork.quality.internal.DeequChecks.Measured;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import scala.Option;

/**
 * {@code check = anomaly}: a metric of this run compared, with one of Deequ's anomaly detection
 * strategies, to the same metric of earlier runs in the metrics history.
 *
 * <p>The history is one point per earlier run date (the latest verification whose rows were
 * published; refused runs and runs that lost a publish conflict never become the baseline, so a bad day cannot make the next bad day look normal), and
 * the point under test is this run's value at this run date. With fewer earlier run dates than
 * {@code min-history}, the check passes and says it was skipped.
 */
final class Anomalies {
  static final List<String> STRATEGIES = List.of("relative-rate-of-change", "absolute-change", "online-normal");

  private static final Map<String, Kind> FUNCTIONS =
      Map.of(
          "completeness", Kind.COMPLETENESS,
          "mean", Kind.MEAN,
          "sum", Kind.SUM,
          "minimum", Kind.MINIMUM,
          "maximum", Kind.MAXIMUM,
          "stddev", Kind.STANDARD_DEVIATION,
          "distinct-count", Kind.COUNT_DISTINCT,
          "max-length", Kind.MAX_LENGTH);
  private static final Pattern FUNCTION = Pattern.compile("([a-z-]+)\\((.+)\\)");

  private Anomalies() {}

  /** A parsed strategy: Deequ's object, and how to describe and bound the next value. */
  private record Strategy(
      String name, AnomalyDetectionStrategy deequ, Double decrease, Double increase, int order,
      double lowerFactor, double upperFactor, double ignoreStart, boolean ignoreAnomalies, int minHistory) {}

  static ConstraintPlan plan(ConstraintSpec spec, Constraint.Anomaly rule, Dataset<Row> data, VerificationContext context) {
    String metricText = rule.metric().strip();
    Kind kind;
    List<String> columns;
    boolean count;
    if (metricText.equals("row-count")) {
      kind = Kind.SIZE;
      columns = List.of();
      count = true;
    } else {
      Matcher m = FUNCTION.matcher(metricText);
      if (!m.matches() || !FUNCTIONS.containsKey(m.group(1))) {
        throw new Invalid(
            "'metric' must be row-count or one of " + String.join(", ", new TreeMap<>(FUNCTIONS).keySet())
                + " of a column, such as completeness(amount), got '" + metricText + "'");
      }
      kind = FUNCTIONS.get(m.group(1));
      String column = m.group(2).strip();
      var field = ConstraintPlan.present(data, column);
      boolean numeric = kind == Kind.MEAN || kind == Kind.SUM || kind == Kind.MINIMUM || kind == Kind.MAXIMUM || kind == Kind.STANDARD_DEVIATION;
      if (numeric && !(field.dataType() instanceof NumericType)) {
        throw new Invalid("column '" + column + "' is " + field.dataType().simpleString() + ", not numeric");
      }
      columns = List.of(column);
      count = kind == Kind.COUNT_DISTINCT || kind == Kind.MAX_LENGTH;
      metricText = m.group(1) + "(" + column + ")";
    }
    Strategy strategy = strategy(spec, rule.strategy());
    if (context.metricsDir() == null) {
      throw new Invalid("the verification context keeps no metrics history");
    }
    String metric = metricText;
    return ConstraintPlan.evaluated(
        spec,
        List.of(new Measure(kind, columns, List.of(), null, null, spec.blocking())),
        Map.of(),
        (measured, rows, d, env) -> evaluate(spec, strategy, metric, count, measured.get(0), rows, context.runDate(), env.history()));
  }

  private static ConstraintResult evaluate(
      ConstraintSpec spec, Strategy strategy, String metric, boolean count, Measured now, long rows, LocalDate runDate, List<QualityRun> history) {
    String described = strategy.name();
    if (now.error() != null) {
      return ContextChecks.failed(spec, null, described, rows, Messages.notComputed(spec, metric, "no anomaly (" + described + ")", rows, now.error()));
    }
    if (now.value() == null) {
      return ContextChecks.failed(spec, null, described, rows, Messages.undefined(spec, metric, "no anomaly (" + described + ")", rows));
    }
    double value = now.value();
    TreeMap<LocalDate, QualityRun> byDate = new TreeMap<>();
    for (QualityRun run : history) {
      if (run.published() && run.runDate() != null && run.runDate().isBefore(runDate) && run.metrics().containsKey(metric)) {
        byDate.merge(run.runDate(), run, (a, b) -> b.recordedAt().isAfter(a.recordedAt()) ? b : a);
      }
    }
    List<LocalDate> dates = new ArrayList<>(byDate.keySet());
    double[] series = byDate.values().stream().mapToDouble(r -> r.metrics().get(metric)).toArray();
    if (series.length < strategy.minHistory()) {
      String skipped =
          "no anomaly (" + described + "; not checked: " + series.length + " of " + strategy.minHistory()
              + (strategy.minHistory() == 1 ? " earlier run date" : " earlier run dates") + " in the history)";
      return new ConstraintResult(spec, Status.PASSED, Numbers.format(value, count), skipped, rows, null);
    }

    List<DataPoint<Object>> points = new ArrayList<>();
    for (int i = 0; i < series.length; i++) {
      points.add(new DataPoint<>(dates.get(i).toEpochDay(), Option.apply((Object) series[i])));
    }
    DetectionResult result =
        new AnomalyDetector(strategy.deequ())
            .isNewPointAnomalous(Scala.seq(points), new DataPoint<>(runDate.toEpochDay(), Option.apply((Object) value)));
    Double[] bounds = bounds(strategy, series, value);
    String threshold = (bounds[0] == null && bounds[1] == null ? "no anomaly" : Numbers.threshold(bounds[0], bounds[1], count))
        + " (" + describe(strategy, series, dates, count) + ")";
    String observed = Numbers.observed(value, count, bounds[0], bounds[1]);
    if (result.anomalies().isEmpty()) {
      return new ConstraintResult(spec, Status.PASSED, observed, threshold, rows, null);
    }
    return ContextChecks.failed(spec, observed, threshold, rows, Messages.violated(spec, metric, threshold, observed, rows));
  }

  /** The interval the new value had to lie in, as the strategy decided it (null: open). */
  static Double[] bounds(Strategy s, double[] history, double value) {
    int n = history.length;
    switch (s.name()) {
      case "relative-rate-of-change": {
        double base = history[n - s.order()];
        Double lo = s.decrease() == null ? null : base * s.decrease();
        Double hi = s.increase() == null ? null : base * s.increase();
        return base < 0 ? new Double[] {hi, lo} : new Double[] {lo, hi};
      }
      case "absolute-change": {
        // The order-k difference at the new point is value + rest; it must lie in [decrease, increase].
        double rest = 0;
        long binomial = 1;
        for (int i = 1; i <= s.order(); i++) {
          binomial = binomial * (s.order() - i + 1) / i;
          rest += (i % 2 == 0 ? 1 : -1) * binomial * history[n - i];
        }
        return new Double[] {s.decrease() == null ? null : s.decrease() - rest, s.increase() == null ? null : s.increase() - rest};
      }
      default: {
        // Deequ's OnlineNormalStrategy: running mean and variance, the new point included, and
        // (with ignore-anomalies) earlier anomalies left out; earlier points are never anomalies
        // here because the search interval holds only the new point.
        double mean = 0;
        double sn = 0;
        double std = 0;
        double[] all = new double[n + 1];
        System.arraycopy(history, 0, all, 0, n);
        all[n] = value;
        for (int i = 0; i <= n; i++) {
          double last = mean;
          mean = i == 0 ? all[i] : last + (all[i] - last) / (i + 1);
          sn += (all[i] - last) * (all[i] - mean);
          std = Math.sqrt(sn / (i + 1));
        }
        return new Double[] {mean - s.lowerFactor() * std, mean + s.upperFactor() * std};
      }
    }
  }

  private static String describe(Strategy s, double[] history, List<LocalDate> dates, boolean count) {
    int n = history.length;
    String order = s.order() == 1 ? "" : " of order " + s.order();
    return switch (s.name()) {
      case "relative-rate-of-change" ->
          s.name() + order + " from " + Numbers.format(history[n - s.order()], count) + " on run date " + dates.get(n - s.order());
      case "absolute-change" -> s.order() == 1
          ? s.name() + " from " + Numbers.format(history[n - 1], count) + " on run date " + dates.get(n - 1)
          : s.name() + order + " over run dates " + dates.get(n - s.order()) + " to " + dates.get(n - 1);
      default -> s.name() + " over " + n + (n == 1 ? " earlier run date" : " earlier run dates") + " and this run";
    };
  }

  private static Strategy strategy(ConstraintSpec spec, String strategy) {
    String name = strategy.strip();
    Integer minHistory = integer(spec, "min-history", 1);
    switch (name) {
      case "relative-rate-of-change":
      case "absolute-change": {
        Double decrease = ConstraintPlan.number(spec, "max-rate-decrease");
        Double increase = ConstraintPlan.number(spec, "max-rate-increase");
        if (decrease == null && increase == null) {
          throw new Invalid("strategy " + name + " needs 'max-rate-decrease' and/or 'max-rate-increase'");
        }
        if (decrease != null && increase != null && decrease > increase) {
          throw new Invalid("'max-rate-decrease' (" + Numbers.format(decrease, false) + ") is greater than 'max-rate-increase' (" + Numbers.format(increase, false) + ")");
        }
        Integer order = integer(spec, "order", 1);
        int k = order == null ? 1 : order;
        Option<Object> dec = decrease == null ? Option.empty() : Option.apply((Object) decrease);
        Option<Object> inc = increase == null ? Option.empty() : Option.apply((Object) increase);
        AnomalyDetectionStrategy deequ =
            name.equals("absolute-change") ? new AbsoluteChangeStrategy(dec, inc, k) : new RelativeRateOfChangeStrategy(dec, inc, k);
        return new Strategy(name, deequ, decrease, increase, k, 0, 0, 0, false, Math.max(k, minHistory == null ? k : minHistory));
      }
      case "online-normal": {
        Double lower = ConstraintPlan.number(spec, "lower-deviation-factor");
        Double upper = ConstraintPlan.number(spec, "upper-deviation-factor");
        Double ignoreStart = ConstraintPlan.number(spec, "ignore-start-percentage");
        double lo = lower == null ? 3.0 : lower;
        double hi = upper == null ? 3.0 : upper;
        double start = ignoreStart == null ? 0.1 : ignoreStart;
        if (lo < 0 || hi < 0) {
          throw new Invalid("'lower-deviation-factor' and 'upper-deviation-factor' must not be negative");
        }
        if (start < 0 || start > 1) {
          throw new Invalid("'ignore-start-percentage' must be between 0.0 and 1.0, got " + Numbers.format(start, false));
        }
        Object ignore = spec.params().get("ignore-anomalies");
        if (ignore != null && !(ignore instanceof Boolean)) {
          throw new Invalid("'ignore-anomalies' must be true or false, got '" + ignore + "'");
        }
        boolean ignoreAnomalies = ignore == null || (Boolean) ignore;
        AnomalyDetectionStrategy deequ = new OnlineNormalStrategy(Option.apply((Object) lo), Option.apply((Object) hi), start, ignoreAnomalies);
        return new Strategy(name, deequ, null, null, 1, lo, hi, start, ignoreAnomalies, minHistory == null ? 3 : minHistory);
      }
      default:
        throw new Invalid("'strategy' must be one of " + String.join(", ", STRATEGIES) + ", got '" + name + "'");
    }
  }

  private static Integer integer(ConstraintSpec spec, String key, int min) {
    Double v = ConstraintPlan.number(spec, key);
    if (v == null) {
      return null;
    }
    if (v != Math.rint(v) || v < min) {
      throw new Invalid("'" + key + "' must be a whole number >= " + min + ", got " + Numbers.format(v, false));
    }
    return v.intValue();
  }
}
