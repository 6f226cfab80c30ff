package io.meshwork.jobs.internal;

import io.meshwork.core.ConstraintSpec;
import io.meshwork.core.DataProduct;
import io.meshwork.core.ProductId;
import io.meshwork.core.QualityReport;
import io.meshwork.core.SemVer;
import io.meshwork.core.SourceLocation;
import io.meshwork.quality.DeequQualityGate;
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
          c("complete", "id"),
          c("range", "amount", "min", 0, "max", 1000),
          c("pattern", "customer_id", "regex", "^C[0-9]{8}$"),
          c("row-count", null, "min", 1),
          c("max-length", "email", "max", 40),
          c("complete", "amount"),
          c("non-negative", "quantity"),
          c("pattern", "email", "regex", "@example\\.com$"),
          c("mean", "amount", "min", 0, "max", 1000),
          c("complete", "customer_id"),
          c("range", "quantity", "min", 0, "max", 500),
          c("compliance", null, "predicate", "amount >= 0 OR quantity >= 0"),
          c("complete", "status"),
          c("max-length", "status", "max", 10),
          c("sum", "quantity", "min", 0),
          c("complete", "email"),
          c("non-negative", "amount"),
          c("complete", "quantity"),
          c("stddev", "amount", "max", 1000),
          c("pattern", "status", "regex", "^[A-Z]+$"));

  /**
   * The figures of one bench.
   *
   * @param rows rows in the generated table
   * @param constraints the numbers of constraints measured
   * @param rowsRead rows read from storage by each gate
   * @param seconds wall-clock seconds of each gate (the median of the repetitions)
   */
  public record Result(long rows, List<Integer> constraints, List<Long> rowsRead, List<Double> seconds) {
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rows", rows);
      m.put("constraints", constraints);
      m.put("rowsRead", rowsRead);
      m.put("seconds", seconds);
      return m;
    }
  }

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
      return new Result(rows, List.copyOf(ns), read, seconds);
    } finally {
      spark.sparkContext().removeSparkListener(listener);
      delete(dir);
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
            "CAST(id % 500 AS INT) AS quantity");
  }

  static DataProduct product(int n) {
    return DataProduct.builder(new ProductId("bench", "quality"), new SemVer(1, 0, 0))
        .description("Generated data for mesh bench quality")
        .sql("SELECT 1")
        .primaryKey(List.of("id"))
        .constraints(POOL.subList(0, n))
        .file(Path.of("bench.conf"))
        .sha256("0".repeat(64))
        .build();
  }

  private static ConstraintSpec c(String check, String column, Object... params) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < params.length; i += 2) {
      map.put((String) params[i], params[i + 1]);
    }
    if (check.equals("compliance")) {
      map.put("name", "any non-negative");
    }
    return new ConstraintSpec(check, column == null ? List.of() : List.of(column), map, ConstraintSpec.ERROR, null, new SourceLocation("bench", 0));
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
