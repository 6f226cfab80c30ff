package io.meshwork.quality.internal;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.AnalysisResult;
import com.amazon.deequ.repository.ResultKey;
import com.amazon.deequ.repository.fs.FileSystemMetricsRepository;
import io.meshwork.core.ProductId;
import io.meshwork.core.Storage;
import io.meshwork.core.spi.VerificationContext;
import io.meshwork.quality.QualityRun;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * The metrics history on Deequ's {@code FileSystemMetricsRepository} (which reads and writes
 * through Hadoop's FileSystem): one new JSON file per verification,
 * {@code <metrics dir>/<domain>/<name>/<epoch millis>-<random>.json}, holding one {@code ResultKey}
 * (the time it ran, tagged with product, run date, run id, data version, contract version and
 * status). A file is written once and never rewritten, so the history works on object stores and
 * concurrent runs never lose each other's metrics; the history is every file of the directory,
 * the single {@code metrics.json} of earlier releases included.
 */
public final class MetricsStore {
  static final String PRODUCT = "product";
  static final String RUN_DATE = "runDate";
  static final String RUN_ID = "runId";
  static final String DATA_VERSION = "dataVersion";
  static final String CONTRACT_VERSION = "contractVersion";
  static final String STATUS = "status";

  /** Deequ metric name to the name the contract and messages use. */
  private static final Map<String, String> NAMES =
      Map.ofEntries(
          Map.entry("Size", "row-count"),
          Map.entry("Completeness", "completeness"),
          Map.entry("Uniqueness", "uniqueness"),
          Map.entry("Minimum", "minimum"),
          Map.entry("Maximum", "maximum"),
          Map.entry("Mean", "mean"),
          Map.entry("StandardDeviation", "stddev"),
          Map.entry("Sum", "sum"),
          Map.entry("CountDistinct", "distinct-count"),
          Map.entry("MaxLength", "max-length"),
          Map.entry("PatternMatch", "pattern"),
          Map.entry("Compliance", "compliance"));

  /** Deequ names the metric of {@code isContainedIn} {@code "<column> contained in <values>"}. */
  private static final Pattern CONTAINED_IN = Pattern.compile("(.+) contained in .*", Pattern.DOTALL);

  private MetricsStore() {}

  /** The single history file of a product written by earlier releases (still read). */
  public static Path file(Path metricsDir, ProductId product) {
    return new Path(dir(metricsDir, product), "metrics.json");
  }

  /** The directory of a product's history: one file per verification. */
  public static Path dir(Path metricsDir, ProductId product) {
    return new Path(new Path(metricsDir, product.domain()), product.name());
  }

  /** Stores one verification's metrics (only those Deequ computed successfully). */
  public static void save(SparkSession spark, VerificationContext context, boolean passed, AnalyzerContext metrics, Instant at) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(PRODUCT, context.product().toString());
    tags.put(RUN_DATE, context.runDate().toString());
    if (context.runId() != null) {
      tags.put(RUN_ID, context.runId().toString());
    }
    if (context.dataVersion() != null) {
      tags.put(DATA_VERSION, context.dataVersion().toString());
    }
    if (context.contractVersion() != null) {
      tags.put(CONTRACT_VERSION, context.contractVersion().toString());
    }
    tags.put(STATUS, passed ? "passed" : "failed");
    ResultKey key = new ResultKey(at.toEpochMilli(), Scala.map(tags));
    Path file = new Path(dir(context.metricsDir(), context.product()),
        String.format("%013d-%s.json", at.toEpochMilli(), UUID.randomUUID().toString().substring(0, 8)));
    new FileSystemMetricsRepository(spark, file.toString()).save(key, metrics);
  }

  /** Every stored verification of {@code product}, oldest first. */
  public static List<QualityRun> load(SparkSession spark, Path metricsDir, ProductId product) {
    Map<String, String> filter = Map.of(PRODUCT, product.toString());
    List<AnalysisResult> results = new ArrayList<>();
    for (Path file : Storage.files(dir(metricsDir, product), ".json")) {
      results.addAll(JavaConverters.seqAsJavaList(
          new FileSystemMetricsRepository(spark, file.toString()).load().withTagValues(Scala.map(filter)).get()));
    }
    List<QualityRun> runs = new ArrayList<>(results.size());
    for (AnalysisResult result : results) {
      Map<String, String> tags = JavaConverters.mapAsJavaMap(result.resultKey().tags());
      Map<String, Double> values = new LinkedHashMap<>();
      scala.collection.Iterator<Tuple2<Analyzer<?, Metric<?>>, Metric<?>>> it = result.analyzerContext().metricMap().iterator();
      while (it.hasNext()) {
        Metric<?> metric = it.next()._2();
        String name = name(metric);
        if (name != null && metric.value().isSuccess() && metric.value().get() instanceof Number n) {
          values.putIfAbsent(name, n.doubleValue());
        }
      }
      runs.add(
          new QualityRun(
              Instant.ofEpochMilli(result.resultKey().dataSetDate()),
              product,
              tags.containsKey(RUN_DATE) ? LocalDate.parse(tags.get(RUN_DATE)) : null,
              tags.get(RUN_ID),
              tags.containsKey(DATA_VERSION) ? Long.valueOf(tags.get(DATA_VERSION)) : null,
              tags.get(CONTRACT_VERSION),
              "passed".equals(tags.get(STATUS)),
              values));
    }
    runs.sort(Comparator.comparing(QualityRun::recordedAt));
    return runs;
  }

  /** {@code row-count}, {@code completeness(amount)}, {@code newest(order_ts)}; null for metrics we do not name. */
  static String name(Metric<?> metric) {
    String name = NAMES.get(metric.name());
    if (name == null) {
      return null;
    }
    String instance = metric.instance();
    if ("*".equals(instance)) {
      return name;
    }
    if (name.equals("maximum") && instance.startsWith(ContextChecks.NEWEST_PREFIX)) {
      return "newest(" + instance.substring(ContextChecks.NEWEST_PREFIX.length()) + ")";
    }
    if (name.equals("compliance")) {
      Matcher m = CONTAINED_IN.matcher(instance);
      if (m.matches()) {
        return "allowed-values(" + m.group(1) + ")";
      }
    }
    return name + "(" + instance.replace(",", ", ") + ")";
  }
}
