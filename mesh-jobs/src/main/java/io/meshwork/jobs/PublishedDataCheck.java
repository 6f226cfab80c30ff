package io.meshwork.jobs;

import io.meshwork.core.contract.ContractChange.Impact;
import io.meshwork.core.contract.ContractChange;
import io.meshwork.core.model.Check;
import io.meshwork.core.model.ConstraintResult;
import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Problem;
import io.meshwork.core.model.QualityGateException;
import io.meshwork.core.model.QualityReport;
import io.meshwork.core.publish.QualityGate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A tightening (a new error-level constraint, nullable to required, a narrower range, fewer allowed
 * values) on a table that keeps its history ({@code append}, {@code merge}, {@code
 * replace-partition}) is a promise about the rows already published too: they are checked against
 * the new rules before anything is written, with the quality gate.
 *
 * <p>Rules that are about a run rather than rows already there ({@code anomaly}, {@code freshness},
 * {@code references}) and rules on columns the table does not have yet are not checked.
 */
public final class PublishedDataCheck {
  /** Write modes whose table keeps the rows of earlier runs. */
  public static final Set<String> HISTORY_MODES = Set.of("append", "merge", "replace-partition");

  private PublishedDataCheck() {}

  /** Whether {@code product}'s table keeps history, so that its tightenings are checked against the published rows. */
  public static boolean keepsHistory(DataProduct product) {
    return product.write() != null && HISTORY_MODES.contains(product.write().mode());
  }

  /**
   * Checks the rows of {@code table} at data {@code version} against the tightenings among {@code
   * changes} to {@code next}.
   *
   * @throws QualityGateException (exit 3) naming each tightening the data breaks, with the gate's
   *     message and example values
   */
  public static void require(SparkSession spark, Path table, long version, DataProduct next, List<ContractChange> changes, QualityGate gate) {
    Dataset<Row> published = spark.read().format("delta").option("versionAsOf", version).load(table.toString());
    Set<String> columns = new HashSet<>(Arrays.asList(published.columns()));
    List<ContractChange> checked = new ArrayList<>();
    List<ConstraintSpec> rules = new ArrayList<>();
    for (ContractChange c : changes) {
      ConstraintSpec rule = c.rule();
      if (c.impact() == Impact.TIGHTENING && rule != null && !rule.kind().map(PublishedDataCheck::aboutRun).orElse(false)
          && columns.containsAll(rule.columns())) {
        checked.add(c);
        rules.add(new ConstraintSpec(rule.check(), rule.columns(), withoutRowActions(rule), ConstraintSpec.ERROR, rule.name(), rule.location()));
      }
    }
    if (rules.isEmpty()) {
      return;
    }
    QualityReport report = gate.verify(next.toBuilder().constraints(rules).build(), published);
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < report.results().size() && i < checked.size(); i++) {
      ConstraintResult r = report.results().get(i);
      if (r.status() == ConstraintResult.Status.FAILED) {
        ContractChange c = checked.get(i);
        problems.add(Problem.at(c.location(), next.id() + ": tightening not met by the data already published: " + c.description() + ": " + r.message())
            .about(next.id()));
      }
    }
    if (!problems.isEmpty()) {
      throw new QualityGateException(
          "Published data of " + next.displayName() + " (data version " + version + ", " + report.rows() + " rows, write mode "
              + next.write().mode() + ") breaks " + problems.size() + " tightening" + (problems.size() == 1 ? "" : "s")
              + " of the contract; nothing was written:\n" + String.join("\n", problems.stream().map(Problem::format).toList()),
          problems,
          report);
    }
  }

  /** Whether a check judges a run (its date, other products, earlier runs) rather than the rows already there. */
  private static boolean aboutRun(Check check) {
    return switch (check) {
      case ANOMALY, FRESHNESS, REFERENCES -> true;
      case COMPLETE, UNIQUE, ROW_COUNT, RANGE, ALLOWED_VALUES, PATTERN, NON_NEGATIVE, MAX_LENGTH, COMPLIANCE, MEAN, STDDEV, SUM,
          DISTINCT_COUNT -> false;
    };
  }

  /** The rule's parameters without {@code on-fail}: rows already published cannot be dropped or quarantined. */
  private static java.util.Map<String, Object> withoutRowActions(ConstraintSpec rule) {
    java.util.Map<String, Object> params = new java.util.LinkedHashMap<>(rule.params());
    params.remove("on-fail");
    return params;
  }
}
