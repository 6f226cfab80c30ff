package io.meshwork.quality.internal;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.AnalysisResult;
import com.amazon.deequ.repository.AnalysisResultSerde;
import com.amazon.deequ.repository.ResultKey;
import com.amazon.deequ.repository.fs.FileSystemMetricsRepository$;
import com.amazon.deequ.repository.fs.FileSystemMetricsRepository;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.publish.PublishOutcome;
import io.meshwork.core.publish.VerificationContext;
import io.meshwork.core.storage.Storage;
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
  static final String OUTCOME = "outcome";

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

  /**
   * Stores one verification's metrics (only those Deequ computed successfully). A failed
   * verification is recorded with the outcome {@code refused}; a passed one without an outcome
   * until {@link #settle} records what became of it.
   */
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
    if (!passed) {
      tags.put(OUTCOME, PublishOutcome.REFUSED.label());
    }
    ResultKey key = new ResultKey(at.toEpochMilli(), Scala.map(tags));
    saveAs(spark, context, key, metrics);
  }

  /** Writes one verification as a new object of the product's history directory: never appended to, never rewritten. */
  private static void saveAs(SparkSession spark, VerificationContext context, ResultKey key, AnalyzerContext metrics) {
    Path file = new Path(dir(context.metricsDir(), context.product()),
        String.format("%013d-%s.json", System.currentTimeMillis(), UUID.randomUUID().toString().substring(0, 8)));
    // Readers list the directory while other runs write to it. An object store shows an object
    // whole or not at all; a local or HDFS file is visible while it is written, so it is written
    // under a name readers skip and renamed into place.
    if (Storage.isObjectStore(file)) {
      new FileSystemMetricsRepository(spark, file.toString()).save(key, metrics);
    } else {
      Path partial = new Path(file.getParent(), "_" + file.getName() + ".partial");
      new FileSystemMetricsRepository(spark, partial.toString()).save(key, metrics);
      Storage.rename(partial, file);
    }
  }

  /**
   * Records the outcome of the latest passed, unsettled verification of the context's run: its
   * {@code outcome} tag, and its data version (the version committed; none for a conflict, whose
   * predicted version is the winner's). Written as a new object holding the verification with its
   * outcome, which {@link #load} prefers over the unsettled one (same run, same time). Does
   * nothing when there is no such verification.
   */
  public static void settle(SparkSession spark, VerificationContext context, PublishOutcome outcome, Long dataVersion) {
    if (context.runId() == null) {
      return;
    }
    String runId = context.runId().toString();
    AnalysisResult found = null;
    for (AnalysisResult r : results(spark, context.metricsDir(), context.product())) {
      Map<String, String> tags = JavaConverters.mapAsJavaMap(r.resultKey().tags());
      if (runId.equals(tags.get(RUN_ID)) && (found == null || r.resultKey().dataSetDate() >= found.resultKey().dataSetDate())) {
        found = r;
      }
    }
    if (found == null || JavaConverters.mapAsJavaMap(found.resultKey().tags()).containsKey(OUTCOME)) {
      return;
    }
    Map<String, String> tags = new LinkedHashMap<>(JavaConverters.mapAsJavaMap(found.resultKey().tags()));
    tags.put(OUTCOME, outcome.label());
    if (dataVersion == null) {
      tags.remove(DATA_VERSION);
    } else {
      tags.put(DATA_VERSION, dataVersion.toString());
    }
    saveAs(spark, context, new ResultKey(found.resultKey().dataSetDate(), Scala.map(tags)), found.analyzerContext());
  }

  /**
   * Every stored verification of a product, each once: of a verification stored unsettled and
   * again with its outcome, the settled one.
   */
  private static List<AnalysisResult> results(SparkSession spark, Path metricsDir, ProductId product) {
    Map<String, String> filter = Map.of(PRODUCT, product.toString());
    Map<String, AnalysisResult> byVerification = new LinkedHashMap<>();
    for (Path file : Storage.files(dir(metricsDir, product), ".json")) {
      for (AnalysisResult r : JavaConverters.seqAsJavaList(
          new FileSystemMetricsRepository(spark, file.toString()).load().withTagValues(Scala.map(filter)).get())) {
        Map<String, String> tags = JavaConverters.mapAsJavaMap(r.resultKey().tags());
        String id = tags.get(RUN_ID) == null ? file + "#" + byVerification.size() : tags.get(RUN_ID) + "@" + r.resultKey().dataSetDate();
        AnalysisResult seen = byVerification.get(id);
        if (seen == null || !JavaConverters.mapAsJavaMap(seen.resultKey().tags()).containsKey(OUTCOME)) {
          byVerification.put(id, r);
        }
      }
    }
    return new ArrayList<>(byVerification.values());
  }

  /** Every stored verification of {@code product}, oldest first. */
  public static List<QualityRun> load(SparkSession spark, Path metricsDir, ProductId product) {
    List<AnalysisResult> results = results(spark, metricsDir, product);
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
              outcome(tags),
              values));
    }
    runs.sort(Comparator.comparing(QualityRun::recordedAt));
    return runs;
  }

  /**
   * The recorded outcome; for a verification without one (kept before outcomes were recorded,
   * or verified outside a publish), {@code published} when it passed and {@code refused} when not.
   */
  private static String outcome(Map<String, String> tags) {
    String recorded = tags.get(OUTCOME);
    if (recorded != null) {
      return recorded;
    }
    return "passed".equals(tags.get(STATUS)) ? PublishOutcome.PUBLISHED.label() : PublishOutcome.REFUSED.label();
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
