package io.meshwork.bench.internal;

import io.meshwork.core.model.Check;
import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.QualityReport;
import io.meshwork.core.model.SemVer;
import io.meshwork.core.model.SourceLocation;
import io.meshwork.quality.DeequQualityGate;
import io.meshwork.quality.internal.FindRegex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The quality gate's cost against its number of scan-shareable constraints: the same generated
 * Delta table verified with 1, 5, 10 and 20 constraints (completeness, ranges, patterns, sizes,
 * lengths, means, sums, compliance), timing each gate and counting the rows Spark read from
 * storage (the tasks' {@code inputMetrics.recordsRead}). With one pass for all constraints the
 * rows read stay at the table's size whatever N.
 */
public final class QualityBench {
  /** The constraints, in the order they are added; every one holds on the generated data. */
  static final List<ConstraintSpec> POOL =
      List.of(
          c(Check.COMPLETE, "id"),
          c(Check.RANGE, "amount", "min", 0, "max", 1000),
          c(Check.PATTERN, "customer_id", "regex", "^C[0-9]{8}$"),
          c(Check.ROW_COUNT, null, "min", 1),
          c(Check.MAX_LENGTH, "email", "max", 40),
          c(Check.COMPLETE, "amount"),
          c(Check.NON_NEGATIVE, "quantity"),
          c(Check.PATTERN, "email", "regex", "@example\\.com$"),
          c(Check.MEAN, "amount", "min", 0, "max", 1000),
          c(Check.COMPLETE, "customer_id"),
          c(Check.RANGE, "quantity", "min", 0, "max", 500),
          c(Check.COMPLIANCE, null, "predicate", "amount >= 0 OR quantity >= 0"),
          c(Check.COMPLETE, "status"),
          c(Check.MAX_LENGTH, "status", "max", 10),
          c(Check.SUM, "quantity", "min", 0),
          c(Check.COMPLETE, "email"),
          c(Check.NON_NEGATIVE, "amount"),
          c(Check.COMPLETE, "quantity"),
          c(Check.STDDEV, "amount", "max", 1000),
          c(Check.PATTERN, "status", "regex", "^[A-Z]+$"));

  /**
   * The figures of one bench.
   *
   * @param rows rows in the generated table
   * @param constraints the numbers of constraints measured
   * @param rowsRead rows read from storage by each gate
   * @param seconds wall-clock seconds of each gate (the median of the repetitions)
   */
  public record Result(
      long rows, List<Integer> constraints, List<Long> rowsRead, List<Double> seconds, double patternsByteRegexSeconds, double patternsRlikeSeconds) {
    /** RLIKE's seconds ÷ the automata's for the sample mesh's pattern checks: above 1 when the automata are faster. */
    public double byteRegexSpeedup() {
      return patternsByteRegexSeconds == 0 ? 0 : Math.round(patternsRlikeSeconds / patternsByteRegexSeconds * 100) / 100.0;
    }

    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rows", rows);
      m.put("constraints", constraints);
      m.put("rowsRead", rowsRead);
      m.put("seconds", seconds);
      m.put("patternsByteRegexSeconds", patternsByteRegexSeconds);
      m.put("patternsRlikeSeconds", patternsRlikeSeconds);
      m.put("byteRegexSpeedup", byteRegexSpeedup());
      return m;
    }
  }

  /**
   * The pattern checks of the sample mesh's contracts (order, customer and ticket ids, e-mail
   * addresses), with the completeness of those columns: a realistic gate whose cost is its patterns.
   */
  static final List<ConstraintSpec> SAMPLE_PATTERNS =
      List.of(
          c(Check.COMPLETE, "order_id"),
          c(Check.PATTERN, "order_id", "regex", "^O-[0-9]{4}-[0-9]{4}$"),
          c(Check.COMPLETE, "customer_id"),
          c(Check.PATTERN, "customer_id", "regex", "^C[0-9]{8}$"),
          c(Check.PATTERN, "email", "regex", "^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$"),
          c(Check.PATTERN, "ticket_id", "regex", "^T-[0-9]{6}$"));

  private QualityBench() {}

  public static Result run(SparkSession spark, long rows, int repeat, List<Integer> ns) {
    Path dir;
    try {
      dir = Files.createTempDirectory("mesh-bench-quality");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RecordsRead listener = new RecordsRead();
    spark.sparkContext().addSparkListener(listener);
    try {
      String table = dir.resolve("data").toString();
      generate(spark, rows).write().format("delta").save(table);
      DeequQualityGate gate = new DeequQualityGate();
      verify(spark, gate, table, product(POOL.size())); // warm up: JIT, Delta snapshot, Deequ classes
      List<Long> read = new ArrayList<>();
      List<Double> seconds = new ArrayList<>();
      for (int n : ns) {
        double[] times = new double[repeat];
        long records = 0;
        for (int i = 0; i < repeat; i++) {
          Dataset<Row> data = spark.read().format("delta").load(table); // the snapshot is resolved here, before counting
          drain(spark);
          listener.records.set(0);
          long start = System.nanoTime();
          QualityReport report = gate.verify(product(n), data);
          times[i] = (System.nanoTime() - start) / 1e9;
          drain(spark);
          records = listener.records.get();
          if (!report.passed() || report.results().size() != n) {
            throw new IllegalStateException("bench gate with " + n + " constraints did not pass: " + report.failures());
          }
        }
        Arrays.sort(times);
        read.add(records);
        seconds.add(Math.round(times[repeat / 2] * 1000) / 1000.0);
      }
      // The sample mesh's pattern checks, with the automata and with RLIKE, interleaved.
      DataProduct patterns = product(SAMPLE_PATTERNS);
      double[] automata = new double[repeat];
      double[] rlike = new double[repeat];
      for (int i = 0; i < repeat; i++) {
        automata[i] = timed(spark, gate, table, patterns, true);
        rlike[i] = timed(spark, gate, table, patterns, false);
      }
      Arrays.sort(automata);
      Arrays.sort(rlike);
      return new Result(
          rows, List.copyOf(ns), read, seconds, Math.round(automata[repeat / 2] * 1000) / 1000.0, Math.round(rlike[repeat / 2] * 1000) / 1000.0);
    } finally {
      spark.sparkContext().removeSparkListener(listener);
      delete(dir);
    }
  }

  /** Seconds of one gate of {@code product}, its patterns as byte automata or as RLIKE. */
  private static double timed(SparkSession spark, DeequQualityGate gate, String table, DataProduct product, boolean automata) {
    String before = System.getProperty(FindRegex.PROPERTY);
    System.setProperty(FindRegex.PROPERTY, String.valueOf(automata));
    try {
      Dataset<Row> data = spark.read().format("delta").load(table);
      long start = System.nanoTime();
      QualityReport report = gate.verify(product, data);
      double seconds = (System.nanoTime() - start) / 1e9;
      if (!report.passed()) {
        throw new IllegalStateException("bench gate of the sample patterns did not pass: " + report.failures());
      }
      return seconds;
    } finally {
      if (before == null) {
        System.clearProperty(FindRegex.PROPERTY);
      } else {
        System.setProperty(FindRegex.PROPERTY, before);
      }
    }
  }

  private static void verify(SparkSession spark, DeequQualityGate gate, String table, DataProduct product) {
    gate.verify(product, spark.read().format("delta").load(table));
  }

  static Dataset<Row> generate(SparkSession spark, long rows) {
    return spark
        .range(rows)
        .selectExpr(
            "id",
            "CAST(id % 1000 AS DOUBLE) AS amount",
            "concat('C', lpad(CAST(id % 100000 AS STRING), 8, '0')) AS customer_id",
            "CASE id % 3 WHEN 0 THEN 'NEW' WHEN 1 THEN 'PAID' ELSE 'SHIPPED' END AS status",
            "concat('u', CAST(id AS STRING), '@example.com') AS email",
            "CAST(id % 500 AS INT) AS quantity",
            // ids in the sample mesh's shapes, in no particular order
            "concat('O-', lpad(CAST(pmod(id * 7919, 10000) AS STRING), 4, '0'), '-', lpad(CAST(pmod(id * 104729, 10000) AS STRING), 4, '0')) AS order_id",
            "concat('T-', lpad(CAST(pmod(id * 15485863, 1000000) AS STRING), 6, '0')) AS ticket_id");
  }

  static DataProduct product(int n) {
    return product(POOL.subList(0, n));
  }

  static DataProduct product(List<ConstraintSpec> constraints) {
    return DataProduct.builder(new ProductId("bench", "quality"), new SemVer(1, 0, 0))
        .description("Generated data for mesh bench quality")
        .sql("SELECT 1")
        .primaryKey(List.of("id"))
        .constraints(constraints)
        .file(Path.of("bench.conf"))
        .sha256("0".repeat(64))
        .build();
  }

  private static ConstraintSpec c(Check check, String column, Object... params) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < params.length; i += 2) {
      map.put((String) params[i], params[i + 1]);
    }
    if (check == Check.COMPLIANCE) {
      map.put("name", "any non-negative");
    }
    return new ConstraintSpec(check.keyword(), column == null ? List.of() : List.of(column), map, ConstraintSpec.ERROR, null, new SourceLocation("bench", 0));
  }

  private static void drain(SparkSession spark) {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain in 60 s", e);
    }
  }

  /** Sums the records every finished task read from storage. */
  private static final class RecordsRead extends SparkListener {
    final AtomicLong records = new AtomicLong();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      if (end.taskMetrics() != null) {
        records.addAndGet(end.taskMetrics().inputMetrics().recordsRead());
      }
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: leave what could not be deleted
    }
  }
}
