package io.meshwork.quality;

import io.meshwork.core.model.ConstraintResult;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.QualityGateException;
import io.meshwork.core.model.QualityReport;
import io.meshwork.core.publish.PublishOutcome;
import io.meshwork.core.publish.QualityGate;
import io.meshwork.core.publish.TableChange;
import io.meshwork.core.publish.VerificationContext;
import io.meshwork.core.publish.WriteObserver;
import io.meshwork.core.storage.WrittenStatistics;
import io.meshwork.quality.internal.ConstraintPlan;
import io.meshwork.quality.internal.DeequChecks.Measure;
import io.meshwork.quality.internal.DeequChecks;
import io.meshwork.quality.internal.FileStates;
import io.meshwork.quality.internal.MetricsStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quality gate on Deequ: every contract constraint becomes a Deequ constraint in one {@code
 * VerificationSuite} run (one {@code Check} per level: {@code error} blocks, {@code warning}
 * reports), and comes back as exactly one {@link ConstraintResult}, in contract order.
 *
 * <pre>{@code
 * QualityReport report = new DeequQualityGate().verify(product, staged);
 * if (!report.passed()) {
 *   report.failures().forEach(r -> System.err.println(r.message()));
 *   // completeness(amount) must be >= 1.0 but was 0.8 on 5 rows [level=error]
 * }
 * }</pre>
 *
 * <h2>Checks</h2>
 *
 * <table>
 *   <caption>contract check → what is measured (metric name in messages)</caption>
 *   <tr><th>check</th><th>parameters</th><th>measure</th></tr>
 *   <tr><td>complete</td><td>column; min-fraction (default 1.0)</td><td>completeness(c) ≥ min-fraction</td></tr>
 *   <tr><td>unique</td><td>columns (1+)</td><td>uniqueness(a, b) == 1.0 (rows whose key occurs once; NULL keys count as not unique)</td></tr>
 *   <tr><td>row-count</td><td>min and/or max</td><td>row-count</td></tr>
 *   <tr><td>range</td><td>column; min and/or max</td><td>minimum(c), maximum(c), or both as range(c); NULLs are not violations</td></tr>
 *   <tr><td>non-negative</td><td>column</td><td>minimum(c) ≥ 0.0</td></tr>
 *   <tr><td>allowed-values</td><td>column; values; min-fraction</td><td>allowed-values(c): fraction of non-null values in values</td></tr>
 *   <tr><td>pattern</td><td>column; regex (Java, found anywhere unless anchored); min-fraction</td><td>pattern(c): fraction of non-null values matching</td></tr>
 *   <tr><td>max-length</td><td>column; max</td><td>max-length(c): the longest value</td></tr>
 *   <tr><td>compliance</td><td>predicate (Spark SQL); optional columns; min-fraction</td><td>compliance(predicate): fraction of rows where it is not false (NULL complies, as in a SQL CHECK)</td></tr>
 *   <tr><td>mean, stddev, sum</td><td>column; min and/or max</td><td>mean(c), stddev(c), sum(c) over non-null values</td></tr>
 *   <tr><td>distinct-count</td><td>columns (1+); min and/or max</td><td>distinct-count(c): exact number of distinct non-null values</td></tr>
 *   <tr><td>references</td><td>column; product ({@code crm.customers} or {@code crm.customers@7}); ref-column; min-fraction</td><td>references(c): fraction of non-null values found in ref-column of the product's certified version (one outer join); examples are the missing values</td></tr>
 *   <tr><td>freshness</td><td>column (timestamp or date); max-age (24h, 7d)</td><td>freshness(c): age of the newest value at the end of the run date (midnight UTC after it), ≤ max-age</td></tr>
 *   <tr><td>anomaly</td><td>metric (row-count, completeness(c), mean(c), sum(c), minimum(c), maximum(c), stddev(c), distinct-count(c), max-length(c)); strategy; its parameters; min-history</td><td>the metric of this run against earlier run dates in the metrics history, with Deequ's anomaly detection (see below)</td></tr>
 * </table>
 *
 * <p>{@code references}, {@code freshness} and {@code anomaly} need a {@link VerificationContext}
 * (other products, the run date, metrics history): {@link #verify(DataProduct, Dataset,
 * VerificationContext)}. Without one they are reported as not verifiable (FAILED at level error,
 * WARNED at level warning) rather than passed. So are constraints the gate cannot evaluate as
 * declared (unknown check, missing parameter, no such column, invalid regex or predicate), with
 * the reason.
 *
 * <h2>Anomalies</h2>
 *
 * {@code { check = anomaly, metric = row-count, strategy = relative-rate-of-change,
 * max-rate-decrease = 0.5, max-rate-increase = 2.0 }}. Strategies (Deequ's): {@code
 * relative-rate-of-change} and {@code absolute-change} ({@code max-rate-decrease} and/or
 * {@code max-rate-increase}, {@code order} default 1: the new value over, or minus, the value
 * {@code order} run dates earlier), {@code online-normal} ({@code lower-deviation-factor} and
 * {@code upper-deviation-factor} default 3.0, {@code ignore-start-percentage} 0.1, {@code
 * ignore-anomalies} true). The history is one point per earlier run date: the latest
 * verification of that date whose rows were published, so neither a refused run nor one that lost
 * a publish conflict ever becomes the baseline. With
 * fewer than {@code min-history} earlier run dates (default: the order, 3 for online-normal) the
 * check passes and its threshold says it was not checked. The message gives the interval the
 * value had to lie in: {@code row-count must be >= 5 (relative-rate-of-change from 10 on run
 * date 2026-02-03) but was 4 on 4 rows [level=error, check=volume]}.
 *
 * <h2>Metrics history</h2>
 *
 * With a context that has a {@link VerificationContext#metricsDir()}, every metric Deequ computed
 * is stored after each verification, passed or failed, with its outcome ({@code refused} at once;
 * {@code published} or {@code conflict} when the publisher {@link #settle settles} it; see
 * {@link QualityHistory}).

 * <h2>Messages</h2>
 *
 * {@code <metric> must be <threshold> but was <observed> on <n> rows [level=<level>, check=<name>]},
 * followed for row-level checks by up to three offending values found with a filter + limit:
 * {@code minimum(amount) must be >= 0.0 but was -5.0 on 5 rows [level=warning, check=non-negative amounts] (examples: -5.00, -1.00)}.
 * Whole counts have no decimals ({@code 48,211}); other values have one to four decimals
 * ({@code 1.0}, {@code 0.9713}); a value is shown in full when rounding would make it look like
 * its threshold. Over no (non-null) values, row-level checks and range pass (nothing violates
 * them), sum and distinct-count are 0, and mean and stddev are undefined, which fails.
 *
 * <p>Stateless and thread-safe; the data's own SparkSession runs the verification.
 */
public final class DeequQualityGate implements QualityGate {
  private static final Logger LOG = LoggerFactory.getLogger(DeequQualityGate.class);

  /** A gate with no configuration. */
  public DeequQualityGate() {}

  /**
   * Runs one Deequ verification of every constraint of {@code product} over {@code data}, without
   * a context: {@code references}, {@code freshness} and {@code anomaly} are reported as not
   * verifiable, and no metrics are stored.
   *
   * @return one result per contract constraint, in contract order; {@code rows} is Deequ's row
   *     count from the same pass
   * @throws QualityGateException (without a report) when the data cannot be scanned at all
   */
  @Override
  public QualityReport verify(DataProduct product, Dataset<Row> data) {
    return run(product, data, null, null);
  }

  /**
   * Runs one Deequ verification of every constraint of {@code product} over {@code data}, in the
   * context of a run: {@code references} reads the referenced product's certified version,
   * {@code freshness} measures from the run date, {@code anomaly} compares with the metrics
   * history. When the context has a metrics directory, every metric of this verification is
   * stored there, whether the gate passed or not.
   *
   * @throws QualityGateException (without a report) when the data cannot be scanned at all
   */
  @Override
  public QualityReport verify(DataProduct product, Dataset<Row> data, VerificationContext context) {
    Objects.requireNonNull(context, "context");
    return run(product, data, null, context);
  }

  /**
   * As {@link #verify(DataProduct, Dataset)}, taking the row count, completeness and numeric
   * minimums and maximums from {@code statistics} (the written files' statistics of exactly
   * {@code data}) instead of scanning for them: the one scan reads only the columns the other
   * constraints need.
   */
  @Override
  public QualityReport verify(DataProduct product, Dataset<Row> data, WrittenStatistics statistics) {
    return run(product, data, statistics, null);
  }

  /** As {@link #verify(DataProduct, Dataset, WrittenStatistics)}, in the context of a run. */
  @Override
  public QualityReport verify(DataProduct product, Dataset<Row> data, WrittenStatistics statistics, VerificationContext context) {
    Objects.requireNonNull(context, "context");
    return run(product, data, statistics, context);
  }

  /**
   * Verifies the table as it will be after a publish from what the publish changes, reading only
   * the rows it adds: see {@link #verify(DataProduct, TableChange, VerificationContext)}.
   */
  @Override
  public QualityReport verify(DataProduct product, TableChange change) {
    return run(product, change, null);
  }

  /**
   * Verifies the table as it will be after a publish, in the context of a run, reading only what
   * the publish adds where the metrics allow it. Row count, completeness and numeric ranges come
   * from Delta's statistics of every live file; the other scan-shareable metrics (sums, means,
   * deviations, maximum lengths, patterns, allowed values, compliance, freshness) from merging
   * per-file states kept in {@link TableChange#stateDir()}; a {@code unique} key from the added
   * rows plus the kept files whose key ranges overlap theirs. What cannot be decided so (an exact
   * distinct count, a key not proven unique that way, {@code references}) is computed over the
   * whole table, as {@link #verify(DataProduct, Dataset, VerificationContext)} would. Same
   * results, metrics and messages as verifying the whole table.
   */
  @Override
  public QualityReport verify(DataProduct product, TableChange change, VerificationContext context) {
    Objects.requireNonNull(context, "context");
    return run(product, change, context);
  }

  /**
   * Records in the metrics history what became of the rows this gate last passed in {@code
   * context}'s run (see {@link QualityRun#outcome()}); a history that cannot be written is
   * logged, never thrown.
   */
  @Override
  public void settle(DataProduct product, VerificationContext context, PublishOutcome outcome, Long dataVersion) {
    if (context == null || context.metricsDir() == null) {
      return;
    }
    try {
      MetricsStore.settle(SparkSession.active(), context, outcome, dataVersion);
    } catch (RuntimeException e) {
      LOG.warn("{}: could not record outcome {} in the metrics history under {}: {}", product.id(), outcome.label(), context.metricsDir(), e.toString());
    }
  }

  /**
   * Measures the rows while the publish writes them (see {@link
   * io.meshwork.quality.internal.WriteProbe}): the per-file states and key uniqueness that {@link
   * #verify(DataProduct, TableChange, VerificationContext)} would otherwise read the written files
   * for. Verdicts are the same either way.
   */
  @Override
  public Optional<WriteObserver> observer(DataProduct product, Dataset<Row> rows, List<String> clusteredBy, int clusterPartitions) {
    try {
      List<ConstraintPlan> plans = plans(product, rows, null);
      return Optional.ofNullable(DeequChecks.probe(rows, product.displayName(), measures(plans), clusteredBy, clusterPartitions));
    } catch (RuntimeException e) { // a help, never a reason to refuse a publish: the gate reads the files instead
      LOG.warn("{}: the gate will read the written files, as it could not measure them while written: {}", product.id(), e.toString());
      return Optional.empty();
    }
  }

  private static List<ConstraintPlan> plans(DataProduct product, Dataset<Row> data, VerificationContext context) {
    return product.constraints().stream().map(c -> ConstraintPlan.of(c, product, data, context)).toList();
  }

  private static List<Measure> measures(List<ConstraintPlan> plans) {
    return plans.stream().flatMap(p -> p.measures().stream()).toList();
  }

  private static Map<String, Column> derived(List<ConstraintPlan> plans) {
    Map<String, Column> all = new java.util.LinkedHashMap<>();
    plans.forEach(p -> all.putAll(p.derived()));
    return all;
  }

  private static Dataset<Row> withDerived(Dataset<Row> data, List<ConstraintPlan> plans) {
    Dataset<Row> verified = data;
    for (Map.Entry<String, Column> d : derived(plans).entrySet()) {
      verified = verified.withColumn(d.getKey(), d.getValue());
    }
    return verified;
  }

  private QualityReport run(DataProduct product, TableChange change, VerificationContext context) {
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(change, "change");
    Dataset<Row> data = change.replacesAll() ? change.added() : change.table();
    WrittenStatistics statistics = (change.replacesAll() ? change.addedStatistics() : change.liveStatistics()).orElse(null);
    List<ConstraintPlan> plans = plans(product, data, context);
    FileStates states = FileStates.load(change);
    Instant at = Instant.now();
    DeequChecks.Verification verification =
        DeequChecks.verify(withDerived(data, plans), statistics, product.displayName(), measures(plans), states, d -> withDerived(d, plans));
    QualityReport report = run(product, data, plans, context, verification, at);
    if (verification.metrics() != null) {
      states.record(verification.metrics());
    }
    if (report.passed()) {
      try {
        states.save();
      } catch (RuntimeException e) {
        // the next publish reads the files this snapshot would have spared it
        LOG.warn("{}: could not keep the gate's file states under {}: {}", product.id(), change.stateDir(), e.toString());
      }
    }
    return report;
  }

  private QualityReport run(DataProduct product, Dataset<Row> data, WrittenStatistics statistics, VerificationContext context) {
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(data, "data");
    List<ConstraintPlan> plans = plans(product, data, context);
    Instant at = Instant.now();
    return run(product, data, plans, context, DeequChecks.verify(withDerived(data, plans), statistics, product.displayName(), measures(plans)), at);
  }

  private QualityReport run(
      DataProduct product, Dataset<Row> data, List<ConstraintPlan> plans, VerificationContext context, DeequChecks.Verification verification,
      Instant at) {
    if (verification.error() != null) {
      // Scan-shareable metrics are computed in one aggregation: when it fails (unreadable
      // files, a predicate that throws at run time) there is no count and no result to report.
      throw new QualityGateException(
          "Quality gate could not verify " + product.displayName() + ": the data could not be scanned: " + verification.error(), null);
    }

    Env env = new Env(data.sparkSession(), context);
    List<ConstraintResult> results = new ArrayList<>(plans.size());
    int next = 0;
    for (ConstraintPlan plan : plans) {
      int n = plan.measures().size();
      results.add(plan.result(verification.measured().subList(next, next + n), verification.rows(), data, env));
      next += n;
    }
    QualityReport report = new QualityReport(results, verification.rows());
    if (context != null && context.metricsDir() != null) {
      try {
        MetricsStore.save(data.sparkSession(), context, report.passed(), verification.metrics(), at);
      } catch (RuntimeException e) {
        // History serves later anomaly checks and people; it never decides this publish.
        LOG.warn("{}: could not store quality metrics under {}: {}", product.id(), context.metricsDir(), e.toString());
      }
    }
    return report;
  }

  /** The run's context and, read once when an anomaly check asks, the product's metrics history. */
  private static final class Env implements ConstraintPlan.Env {
    private final SparkSession spark;
    private final VerificationContext context;
    private List<QualityRun> history;

    Env(SparkSession spark, VerificationContext context) {
      this.spark = spark;
      this.context = context;
    }

    @Override
    public VerificationContext context() {
      return context;
    }

    @Override
    public List<QualityRun> history() {
      if (history == null) {
        history = context == null || context.metricsDir() == null ? List.of() : MetricsStore.load(spark, context.metricsDir(), context.product());
      }
      return history;
    }
  }
}
