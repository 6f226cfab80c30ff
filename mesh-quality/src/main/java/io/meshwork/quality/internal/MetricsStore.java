package io.meshwork.quality.internal;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.AnalysisResult;
import com.amazon.deequ.repository.AnalysisResultSerde;
import com.amazon.deequ.repository.ResultKey;
import com.amazon.deequ.repository.fs.FileSystemMetricsRepository;
import com.amazon.deequ.repository.fs.FileSystemMetricsRepository$;
import io.meshwork.core.ProductId;
import io.meshwork.core.VerificationContext;
import io.meshwork.core.PublishOutcome;
import io.meshwork.quality.QualityRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * The metrics history on Deequ's {@code FileSystemMetricsRepository}: one JSON file per product,
 * {@code <metrics dir>/<domain>/<name>/metrics.json}, each verification one {@code ResultKey}
 * (the time it ran, tagged with product, run date, run id, data version, contract version and
 * status). One file per product keeps unrelated products from rewriting each other's history
 * (Deequ rewrites the whole file on every save, through a temporary file and a rename).
 */
public final class MetricsStore {
  static final String PRODUCT = "product";
  static final String RUN_DATE = "runDate";
  static final String RUN_ID = "runId";
  static final String DATA_VERSION = "dataVersion";
  static final String CONTRACT_VERSION = "contractVersion";
  static final String STATUS = "status";
  static final String OUTCOME = "outcome";

  /**
   * Deequ's repository rewrites the whole file on every save (read, add, write): saves of one
   * JVM, such as concurrent runs of one product, take turns so that none loses another's entry.
   */
  private static final Object WRITES = new Object();

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

  /** The history file of a product. */
  public static Path file(Path metricsDir, ProductId product) {
    return metricsDir.resolve(product.domain()).resolve(product.name()).resolve("metrics.json");
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
    synchronized (WRITES) {
      repository(spark, context.metricsDir(), context.product()).save(key, metrics);
    }
  }

  /**
   * Records the outcome of the latest passed, unsettled verification of the context's run: its
   * {@code outcome} tag, and its data version (the version committed; none for a conflict, whose
   * predicted version is the winner's). Does nothing when there is no such verification.
   */
  public static void settle(SparkSession spark, VerificationContext context, PublishOutcome outcome, Long dataVersion) {
    if (context.runId() == null) {
      return;
    }
    String runId = context.runId().toString();
    synchronized (WRITES) {
      FileSystemMetricsRepository repository = repository(spark, context.metricsDir(), context.product());
      List<AnalysisResult> results = new ArrayList<>(JavaConverters.seqAsJavaList(repository.load().get()));
      int found = -1;
      for (int i = 0; i < results.size(); i++) {
        Map<String, String> tags = JavaConverters.mapAsJavaMap(results.get(i).resultKey().tags());
        if (runId.equals(tags.get(RUN_ID)) && !tags.containsKey(OUTCOME)
            && (found < 0 || results.get(i).resultKey().dataSetDate() >= results.get(found).resultKey().dataSetDate())) {
          found = i;
        }
      }
      if (found < 0) {
        return;
      }
      AnalysisResult old = results.get(found);
      Map<String, String> tags = new LinkedHashMap<>(JavaConverters.mapAsJavaMap(old.resultKey().tags()));
      tags.put(OUTCOME, outcome.label());
      if (dataVersion == null) {
        tags.remove(DATA_VERSION);
      } else {
        tags.put(DATA_VERSION, dataVersion.toString());
      }
      results.set(found, new AnalysisResult(new ResultKey(old.resultKey().dataSetDate(), Scala.map(tags)), old.analyzerContext()));
      String json = AnalysisResultSerde.serialize(JavaConverters.asScalaBuffer(results).toList());
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      FileSystemMetricsRepository$.MODULE$.writeToFileOnDfs(
          spark,
          file(context.metricsDir(), context.product()).toUri().toString(),
          out -> {
            try {
              out.write(bytes);
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
            return scala.runtime.BoxedUnit.UNIT;
          });
    }
  }

  /** Every stored verification of {@code product}, oldest first. */
  public static List<QualityRun> load(SparkSession spark, Path metricsDir, ProductId product) {
    Map<String, String> filter = Map.of(PRODUCT, product.toString());
    List<AnalysisResult> results =
        JavaConverters.seqAsJavaList(repository(spark, metricsDir, product).load().withTagValues(Scala.map(filter)).get());
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

  private static FileSystemMetricsRepository repository(SparkSession spark, Path metricsDir, ProductId product) {
    return new FileSystemMetricsRepository(spark, file(metricsDir, product).toUri().toString());
  }
}
