package io.meshwork.jobs.internal;

import io.meshwork.core.model.InputVersion;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.SemVer;
import io.meshwork.core.spi.InputMetrics;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.quality.QualityHistory;
import io.meshwork.quality.QualityRun;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/**
 * What the quality gate's metrics history knows about the product versions a run read: the
 * metrics of the verification that published each version (the latest passed verification of the
 * same table tagged with that data version). The gate verifies the table as it is after the
 * commit, so {@code row-count} is the version's row count, and single-column metrics give null
 * and distinct counts, sum, minimum and maximum ({@code completeness(c)} times the row count is
 * the non-null count). Raw sources, and versions without a recorded verification, have none.
 */
public final class InputMetricsHistory {
  private static final Pattern COLUMN_METRIC = Pattern.compile("(completeness|distinct-count|sum|minimum|maximum)\\(([^,()]+)\\)");

  private final SparkSession spark;
  private final Warehouse warehouse;

  public InputMetricsHistory(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  /** The known metrics of the product inputs among {@code inputs}, by input name. */
  public Map<String, InputMetrics> of(List<InputVersion> inputs) {
    QualityHistory history = QualityHistory.of(spark, warehouse);
    Map<String, InputMetrics> known = new LinkedHashMap<>();
    for (InputVersion in : inputs) {
      if (!InputVersion.PRODUCT.equals(in.kind()) || in.version() == null || in.name() == null) {
        continue;
      }
      ProductId id = ProductId.parse(in.name());
      published(history.runs(id), id, in).map(InputMetricsHistory::metrics).ifPresent(m -> known.put(in.name(), m));
    }
    return known;
  }

  /** The latest published verification tagged with the input's version, of the input's table (its contract major). */
  private Optional<QualityRun> published(List<QualityRun> runs, ProductId id, InputVersion in) {
    return runs.stream()
        .filter(r -> r.published() && in.version().equals(r.dataVersion()) && sameTable(r, id, in))
        .max(Comparator.comparing(QualityRun::recordedAt));
  }

  private boolean sameTable(QualityRun run, ProductId id, InputVersion in) {
    if (in.uri() == null || run.contractVersion() == null) {
      return true;
    }
    return SemVer.parse(run.contractVersion()).map(v -> Warehouse.uri(warehouse.table(id, v.major())).equals(in.uri())).orElse(false);
  }

  static InputMetrics metrics(QualityRun run) {
    Double rows = run.metrics().get("row-count");
    Map<String, Map<String, Double>> byColumn = new TreeMap<>();
    run.metrics().forEach(
        (name, value) -> {
          Matcher m = COLUMN_METRIC.matcher(name);
          if (m.matches()) {
            byColumn.computeIfAbsent(m.group(2), k -> new LinkedHashMap<>()).put(m.group(1), value);
          }
        });
    Map<String, InputMetrics.Column> columns = new LinkedHashMap<>();
    byColumn.forEach(
        (column, values) -> {
          Double completeness = values.get("completeness");
          Double count = completeness == null || rows == null ? null : (double) Math.round(completeness * rows);
          InputMetrics.Column c =
              new InputMetrics.Column(
                  count == null ? null : Math.round(rows - count),
                  values.containsKey("distinct-count") ? Math.round(values.get("distinct-count")) : null,
                  values.get("sum"),
                  count,
                  values.get("minimum"),
                  values.get("maximum"));
          if (!c.isEmpty()) {
            columns.put(column, c);
          }
        });
    return new InputMetrics(rows == null ? null : Math.round(rows), columns);
  }
}
