package io.meshwork.quality;

import io.meshwork.core.DataProduct;
import io.meshwork.core.QualityGateException;
import io.meshwork.core.spi.ConstraintResult;
import io.meshwork.core.spi.QualityGate;
import io.meshwork.core.spi.QualityReport;
import io.meshwork.quality.internal.ConstraintPlan;
import io.meshwork.quality.internal.DeequChecks;
import io.meshwork.quality.internal.DeequChecks.Measure;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

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
 * </table>
 *
 * <p>{@code references}, {@code freshness} and {@code anomaly} need context beyond the data
 * (other products, the run date, metrics history); this version reports them as not verifiable
 * (FAILED at level error, WARNED at level warning) rather than passing them. So are constraints it
 * cannot evaluate as declared (unknown check, missing parameter, no such column, invalid regex
 * or predicate), with the reason.
 *
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
  /** A gate with no configuration. */
  public DeequQualityGate() {}

  /**
   * Runs one Deequ verification of every constraint of {@code product} over {@code data}.
   *
   * @return one result per contract constraint, in contract order; {@code rows} is Deequ's row
   *     count from the same pass
   * @throws QualityGateException (without a report) when the data cannot be scanned at all
   */
  @Override
  public QualityReport verify(DataProduct product, Dataset<Row> data) {
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(data, "data");
    List<ConstraintPlan> plans = product.constraints().stream().map(c -> ConstraintPlan.of(c, product, data)).toList();
    List<Measure> measures = plans.stream().flatMap(p -> p.measures().stream()).toList();
    DeequChecks.Verification verification = DeequChecks.verify(data, product.displayName(), measures);
    if (verification.error() != null) {
      // Scan-shareable metrics are computed in one aggregation: when it fails (unreadable
      // files, a predicate that throws at run time) there is no count and no result to report.
      throw new QualityGateException(
          "Quality gate could not verify " + product.displayName() + ": the data could not be scanned: " + verification.error(), null);
    }

    List<ConstraintResult> results = new ArrayList<>(plans.size());
    int next = 0;
    for (ConstraintPlan plan : plans) {
      int n = plan.measures().size();
      results.add(plan.result(verification.measured().subList(next, next + n), verification.rows(), data));
      next += n;
    }
    return new QualityReport(results, verification.rows());
  }
}
