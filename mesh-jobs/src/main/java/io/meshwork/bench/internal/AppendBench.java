package io.meshwork.bench.internal;

import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.WriteSpec;
import io.meshwork.core.publish.PublishResult;
import io.meshwork.core.publish.Publisher;
import io.meshwork.core.publish.RunStamp;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.quality.DeequQualityGate;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * What a daily append costs as the history grows: a lineitem-shaped product (the 10-constraint
 * lineitem gate, write mode {@code append}, {@value #ROWS_PER_DAY} rows a day, order keys growing
 * with the days) with a history of each of {@link #DAYS} days, built in {@value
 * #HISTORY_APPENDS} Meshwork appends (and the same appends into a plain Delta table beside it).
 * Then {@value #TIMED} more days, each materialized (cached) before timing, appended to both:
 * the Meshwork publish (stage, gate, commit with the stamp) and a plain Delta append of the same
 * rows; medians.
 */
public final class AppendBench {
  public static final List<Integer> DAYS = List.of(10, 100, 1000);
  static final int ROWS_PER_DAY = 20_000;
  static final int HISTORY_APPENDS = 20;
  static final int TIMED = 5;
  private static final ProductId PRODUCT = new ProductId("bench", "lineitem_daily");
  private static final LocalDate START = LocalDate.of(2020, 1, 1);

  /**
   * The figures, each list in the order of {@code days}.
   *
   * @param historyCommits commits of the Meshwork table before the timed appends
   * @param historyFiles its live data files before the timed appends
   */
  public record Result(
      List<Integer> days, List<Long> historyCommits, List<Long> historyFiles, List<Double> appendSeconds, List<Double> plainAppendSeconds) {
    /** Append seconds with the longest history over those with the shortest. */
    public double appendRatio() {
      return PublishBench.ratio(appendSeconds.get(appendSeconds.size() - 1), appendSeconds.get(0));
    }

    /** Meshwork over plain with the longest history. */
    public double appendOverPlain() {
      return PublishBench.ratio(appendSeconds.get(appendSeconds.size() - 1), plainAppendSeconds.get(plainAppendSeconds.size() - 1));
    }

    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rowsPerDay", ROWS_PER_DAY);
      m.put("days", days);
      m.put("historyCommits", historyCommits);
      m.put("historyFiles", historyFiles);
      m.put("appendSeconds", appendSeconds);
      m.put("plainAppendSeconds", plainAppendSeconds);
      m.put("appendRatio", appendRatio());
      m.put("appendOverPlain", appendOverPlain());
      return m;
    }
  }

  private AppendBench() {}

  public static Result run(SparkSession spark, List<Integer> days) {
    return run(spark, days, HISTORY_APPENDS, TIMED);
  }

  /**
   * As {@link #run(SparkSession, List)}, each history built in {@code historyAppends} appends and
   * timed over {@code timed} more days.
   */
  public static Result run(SparkSession spark, List<Integer> days, int historyAppends, int timed) {
    if (days.isEmpty() || days.stream().anyMatch(d -> d < 1)) {
      throw new IllegalArgumentException("days must be positive, got " + days);
    }
    if (historyAppends < 1 || timed < 1) {
      throw new IllegalArgumentException("history appends and timed appends must be positive, got " + historyAppends + " and " + timed);
    }
    DataProduct product = Tpch.lineitemProduct(PRODUCT).toBuilder().write(new WriteSpec("append", List.of())).build();
    DeequQualityGate gate = new DeequQualityGate();
    List<Long> commits = new ArrayList<>();
    List<Long> files = new ArrayList<>();
    List<Double> append = new ArrayList<>();
    List<Double> plain = new ArrayList<>();
    warmUp(spark, product, gate);
    for (int history : days) {
      Path dir = PublishBench.tempDir("mesh-bench-append");
      try {
        Warehouse warehouse = Warehouse.at(dir.resolve("mesh"));
        String plainTable = dir.resolve("plain").toString();
        Publisher publisher = new Publisher(spark, warehouse, gate);
        int runs = 0;
        long rowsSoFar = 0;
        long historyRows = (long) history * ROWS_PER_DAY;
        for (int i = 0; i < historyAppends; i++) {
          long to = historyRows * (i + 1) / historyAppends;
          Dataset<Row> rows = rows(spark, rowsSoFar, to);
          publish(publisher, product, rows, runs++);
          rows.write().format("delta").mode("append").save(plainTable);
          rowsSoFar = to;
        }
        Dataset<Row> table = spark.read().format("delta").load(warehouse.table(product).toString());
        files.add((long) table.inputFiles().length);
        commits.add((long) runs);
        double[] mesh = new double[timed];
        double[] delta = new double[timed];
        for (int t = 0; t < timed; t++) {
          Dataset<Row> day = rows(spark, rowsSoFar, rowsSoFar + ROWS_PER_DAY).persist(StorageLevel.MEMORY_AND_DISK());
          try {
            day.count(); // materialized: generation is not timed
            long start = System.nanoTime();
            publish(publisher, product, day, runs++);
            mesh[t] = PublishBench.seconds(start);
            start = System.nanoTime();
            day.write().format("delta").mode("append").save(plainTable);
            delta[t] = PublishBench.seconds(start);
          } finally {
            day.unpersist(true);
          }
          rowsSoFar += ROWS_PER_DAY;
        }
        append.add(PublishBench.round(PublishBench.median(mesh)));
        plain.add(PublishBench.round(PublishBench.median(delta)));
      } finally {
        PublishBench.delete(dir);
      }
    }
    return new Result(List.copyOf(days), commits, files, append, plain);
  }

  /** A few small appends first, so that neither mode pays for class loading and JIT alone. */
  private static void warmUp(SparkSession spark, DataProduct product, DeequQualityGate gate) {
    Path dir = PublishBench.tempDir("mesh-bench-append-warm-up");
    try {
      Publisher publisher = new Publisher(spark, Warehouse.at(dir.resolve("mesh")), gate);
      for (int i = 0; i < 3; i++) {
        Dataset<Row> rows = rows(spark, (long) i * ROWS_PER_DAY, (long) (i + 1) * ROWS_PER_DAY);
        publish(publisher, product, rows, i);
        rows.write().format("delta").mode("append").save(dir.resolve("plain").toString());
      }
    } finally {
      PublishBench.delete(dir);
    }
  }

  private static void publish(Publisher publisher, DataProduct product, Dataset<Row> rows, int run) {
    PublishResult r = publisher.publish(product, rows, new RunStamp(UUID.randomUUID(), START.plusDays(run), List.of()));
    if (!r.report().passed()) {
      throw new IllegalStateException("bench append did not pass its gate: " + r.report().failures());
    }
  }

  /**
   * Lineitem-shaped rows {@code from} (inclusive) to {@code to} of the sequence, in the order of
   * their keys: four lines per order, order keys growing with the row number (so with the days).
   * Every value satisfies the lineitem gate.
   */
  static Dataset<Row> rows(SparkSession spark, long from, long to) {
    return spark.range(from, to)
        .selectExpr(
            "id DIV 4 + 1 AS orderkey",
            "(id * 7919) % 200000 + 1 AS partkey",
            "id % 10000 + 1 AS suppkey",
            "CAST(id % 4 + 1 AS INT) AS linenumber",
            "id % 50 + 1 AS quantity",
            "CAST((id % 50 + 1) * 1000.25 AS DOUBLE) AS extendedprice",
            "CAST(id % 11 AS DOUBLE) / 100 AS discount",
            "CAST(id % 9 AS DOUBLE) / 100 AS tax",
            "element_at(array('A', 'N', 'R'), CAST(id % 3 + 1 AS INT)) AS returnflag",
            "element_at(array('O', 'F'), CAST(id % 2 + 1 AS INT)) AS linestatus",
            "date_add(DATE'1995-01-01', CAST(id DIV " + ROWS_PER_DAY + " AS INT) % 2000) AS shipdate",
            "date_add(DATE'1995-01-15', CAST(id DIV " + ROWS_PER_DAY + " AS INT) % 2000) AS commitdate",
            "date_add(DATE'1995-01-20', CAST(id DIV " + ROWS_PER_DAY + " AS INT) % 2000) AS receiptdate",
            "'DELIVER IN PERSON' AS shipinstruct",
            "element_at(array('AIR', 'MAIL', 'SHIP', 'TRUCK', 'RAIL', 'FOB', 'REG AIR'), CAST(id % 7 + 1 AS INT)) AS shipmode",
            "concat('line ', id) AS comment");
  }
}
