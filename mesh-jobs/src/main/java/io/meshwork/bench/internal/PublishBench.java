package io.meshwork.bench.internal;

import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.QualityReport;
import io.meshwork.core.publish.PublishResult;
import io.meshwork.core.publish.Publisher;
import io.meshwork.core.publish.RunStamp;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.quality.DeequQualityGate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * What the publish gate costs: TPC-H lineitem at a scale factor, materialized once (cached, not
 * timed), then written three ways in the same process, each into a fresh table:
 *
 * <ol>
 *   <li>plain: {@code df.write.format("delta").save(table)}, the floor;
 *   <li>naive: the usual staging-table pattern on Delta: write a staging table, verify it with
 *       the same Deequ gate, copy it to the final table (two full writes and a verification);
 *   <li>mesh: {@link Publisher#publish}: stage the files in an uncommitted Delta transaction,
 *       verify those files with the 10-constraint gate, one commit.
 * </ol>
 */
public final class PublishBench {
  static final ProductId PRODUCT = new ProductId("bench", "lineitem");

  /**
   * The figures of one bench.
   *
   * @param plainRows rows in the plain table, read back from its Delta log
   * @param naiveRows rows in the naive pattern's final table
   * @param meshRows rows the publish reported ({@link PublishResult#rows()})
   */
  public record Result(
      double scale, long rows, long plainRows, long naiveRows, long meshRows, int constraints,
      double plainSeconds, double naiveSeconds, double meshSeconds, Map<String, Double> meshOverPlainByOrder) {
    public double meshOverPlain() {
      return ratio(meshSeconds, plainSeconds);
    }

    public double naiveOverPlain() {
      return ratio(naiveSeconds, plainSeconds);
    }

    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("table", "tpch.lineitem");
      m.put("scale", scale);
      m.put("rows", rows);
      m.put("plainRows", plainRows);
      m.put("naiveRows", naiveRows);
      m.put("meshRows", meshRows);
      m.put("constraints", constraints);
      m.put("plainSeconds", plainSeconds);
      m.put("naiveSeconds", naiveSeconds);
      m.put("meshSeconds", meshSeconds);
      m.put("meshOverPlain", meshOverPlain());
      m.put("naiveOverPlain", naiveOverPlain());
      m.put("meshOverPlainByOrder", meshOverPlainByOrder);
      return m;
    }
  }

  private PublishBench() {}

  public static Result run(SparkSession spark, double scale) {
    return run(spark, scale, 1);
  }

  /**
   * Runs {@code rounds} rounds of plain, naive, mesh (each mode into a fresh table) and reports
   * each mode's median, so that a change of machine load during the run weighs on every mode.
   */
  public static Result run(SparkSession spark, double scale, int rounds) {
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
    }
    Path dir = tempDir("mesh-bench-publish");
    Dataset<Row> input = Tpch.lineitem(spark, scale).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long rows = input.count(); // materialized: generation is not timed
      DataProduct product = Tpch.lineitemProduct(PRODUCT);
      DeequQualityGate gate = new DeequQualityGate();
      warmUp(spark, input, dir.resolve("warm-up"), product, gate);

      double[] plain = new double[rounds];
      double[] naive = new double[rounds];
      double[] mesh = new double[rounds];
      long plainRows = 0;
      long naiveRows = 0;
      PublishResult published = null;
      for (int i = 0; i < rounds; i++) {
        Path round = dir.resolve("round-" + i);
        long start = System.nanoTime();
        String plainTable = round.resolve("plain").toString();
        input.write().format("delta").save(plainTable);
        plain[i] = seconds(start);

        start = System.nanoTime();
        naive(spark, input, round.resolve("naive-staging").toString(), round.resolve("naive").toString(), product, gate);
        naive[i] = seconds(start);

        start = System.nanoTime();
        published = publish(spark, input, round.resolve("mesh"), product, gate);
        mesh[i] = seconds(start);

        plainRows = spark.read().format("delta").load(plainTable).count();
        naiveRows = spark.read().format("delta").load(round.resolve("naive").toString()).count();
        delete(round);
      }
      Map<String, Double> byOrder = new LinkedHashMap<>();
      byOrder.put("generated", ratio(round(median(mesh)), round(median(plain)))); // = meshOverPlain
      byOrder.put("shuffled", byOrder(spark, input.orderBy(functions.rand(19)), rows, dir.resolve("shuffled"), product, gate, rounds));
      byOrder.put(
          "hashPartitioned", byOrder(spark, input.repartition(functions.col("orderkey")), rows, dir.resolve("hash"), product, gate, rounds));
      return new Result(
          scale, rows, plainRows, naiveRows, published.rows(), product.constraints().size(), round(median(plain)), round(median(naive)),
          round(median(mesh)), byOrder);
    } finally {
      input.unpersist(true);
      delete(dir);
    }
  }

  /**
   * Mesh ÷ plain on {@code ordered} (the same rows in another order), materialized before timing:
   * {@code rounds} interleaved rounds, medians.
   */
  private static double byOrder(
      SparkSession spark, Dataset<Row> ordered, long rows, Path dir, DataProduct product, DeequQualityGate gate, int rounds) {
    Dataset<Row> input = ordered.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      if (input.count() != rows) {
        throw new IllegalStateException("reordered input lost rows");
      }
      double[] plain = new double[rounds];
      double[] mesh = new double[rounds];
      for (int i = 0; i < rounds; i++) {
        Path round = dir.resolve("round-" + i);
        long start = System.nanoTime();
        input.write().format("delta").save(round.resolve("plain").toString());
        plain[i] = seconds(start);
        start = System.nanoTime();
        PublishResult r = publish(spark, input, round.resolve("mesh"), product, gate);
        mesh[i] = seconds(start);
        if (r.rows() != rows) {
          throw new IllegalStateException("bench publish wrote " + r.rows() + " rows of " + rows);
        }
        delete(round);
      }
      return ratio(median(mesh), median(plain));
    } finally {
      input.unpersist(true);
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The Meshwork publish of {@code input} into a fresh warehouse at {@code warehouse}: its seconds and result. */
  static PublishResult publish(SparkSession spark, Dataset<Row> input, Path warehouse, DataProduct product, DeequQualityGate gate) {
    return publish(spark, input, Warehouse.at(warehouse), product, gate);
  }

  /** The Meshwork publish of {@code input} into {@code warehouse} (a local directory or an {@code s3a://} URI). */
  static PublishResult publish(SparkSession spark, Dataset<Row> input, Warehouse warehouse, DataProduct product, DeequQualityGate gate) {
    PublishResult r = new Publisher(spark, warehouse, gate).publish(product, input, new RunStamp(UUID.randomUUID(), LocalDate.now(), List.of()));
    if (!r.report().passed()) {
      throw new IllegalStateException("bench publish did not pass its gate: " + r.report().failures());
    }
    return r;
  }

  /** Write a staging table, verify it, copy it to the final table, drop the staging table. */
  private static void naive(SparkSession spark, Dataset<Row> input, String staging, String table, DataProduct product, DeequQualityGate gate) {
    input.write().format("delta").save(staging);
    QualityReport report = gate.verify(product, spark.read().format("delta").load(staging));
    if (!report.passed()) {
      throw new IllegalStateException("bench staging table did not pass its gate: " + report.failures());
    }
    spark.read().format("delta").load(staging).write().format("delta").save(table);
    delete(Path.of(staging));
  }

  /** A small run of each mode first, so that none of them pays for class loading and JIT alone. */
  private static void warmUp(SparkSession spark, Dataset<Row> input, Path dir, DataProduct product, DeequQualityGate gate) {
    Dataset<Row> some = input.limit(10_000);
    some.write().format("delta").save(dir.resolve("plain").toString());
    naive(spark, some, dir.resolve("naive-staging").toString(), dir.resolve("naive").toString(), product, gate);
    publish(spark, some, dir.resolve("mesh"), product, gate);
    delete(dir);
  }

  static double ratio(double a, double b) {
    return b <= 0 ? 0 : Math.round(a / b * 1000) / 1000.0;
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static double round(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }

  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: leave what could not be deleted
    }
  }
}
