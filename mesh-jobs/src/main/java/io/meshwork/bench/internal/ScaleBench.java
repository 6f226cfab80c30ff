package io.meshwork.bench.internal;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import io.meshwork.core.Mesh;
import io.meshwork.core.catalog.CatalogSearch;
import io.meshwork.core.contract.Contracts;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.publish.PublishResult;
import io.meshwork.core.read.Roles;
import io.meshwork.core.read.internal.ProductReads;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.core.storage.internal.ProductWrites;
import io.meshwork.quality.DeequQualityGate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * How Meshwork scales, in one run: the publish of TPC-H lineitem at a large scale factor against
 * a small one (each input materialized first, not timed), a full scan through {@code
 * Mesh.read(p).latest()} against a plain Delta read of the same table, the same scan through Spark
 * SQL with the session extension and a masking role against a plain Delta read without the
 * extension's policy, and a catalog search over many generated contracts against one over a few.
 */
public final class ScaleBench {
  /** The query of the catalog bench: two terms, one product of each catalog matches both. */
  static final String QUERY = "orders_0007 revenue";

  private static final String[] DOMAINS = {"sales", "finance", "crm", "supply", "marketing", "hr", "risk", "web", "ops", "legal"};
  private static final String[] NOUNS = {"orders", "invoices", "customers", "shipments", "campaigns"};
  private static final String[] TAGS = {"revenue", "kpi", "master-data", "pii", "daily", "gold", "silver"};

  /** The figures of one bench; every seconds figure is the median of {@code repeat} runs except the publishes. */
  public record Result(
      double smallScale, double largeScale, long smallRows, long largeRows, double smallPublishSeconds, double largePublishSeconds,
      long readRows, long plainReadRows, double meshReadSeconds, double plainReadSeconds, int fewProducts, int manyProducts,
      int fewHits, int manyHits, double fewSearchMicros, double manySearchMicros, double manyIndexSeconds, int repeat,
      long sqlReadRows, double sqlReadSeconds, double plainDeltaSeconds) {
    public double scaleRatio() {
      return PublishBench.ratio(largePublishSeconds, smallPublishSeconds);
    }

    public double readOverhead() {
      return PublishBench.ratio(meshReadSeconds, plainReadSeconds);
    }

    /** A full scan through Spark SQL with the session extension and a masking role over a plain Delta read without it. */
    public double sqlReadOverhead() {
      return PublishBench.ratio(sqlReadSeconds, plainDeltaSeconds);
    }

    public double catalogSearchRatio() {
      return PublishBench.ratio(manySearchMicros, fewSearchMicros);
    }

    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("smallScale", smallScale);
      m.put("largeScale", largeScale);
      m.put("smallRows", smallRows);
      m.put("largeRows", largeRows);
      m.put("smallPublishSeconds", smallPublishSeconds);
      m.put("largePublishSeconds", largePublishSeconds);
      m.put("scaleRatio", scaleRatio());
      m.put("readRows", readRows);
      m.put("plainReadRows", plainReadRows);
      m.put("meshReadSeconds", meshReadSeconds);
      m.put("plainReadSeconds", plainReadSeconds);
      m.put("readOverhead", readOverhead());
      m.put("sqlReadRows", sqlReadRows);
      m.put("sqlReadSeconds", sqlReadSeconds);
      m.put("plainDeltaSeconds", plainDeltaSeconds);
      m.put("sqlReadOverhead", sqlReadOverhead());
      m.put("catalogQuery", QUERY);
      m.put("catalogProducts", List.of(fewProducts, manyProducts));
      m.put("catalogHits", List.of(fewHits, manyHits));
      m.put("catalogSearchMicros", List.of(fewSearchMicros, manySearchMicros));
      m.put("catalogIndexSeconds", manyIndexSeconds);
      m.put("catalogSearchRatio", catalogSearchRatio());
      m.put("repeat", repeat);
      return m;
    }
  }

  private ScaleBench() {}

  public static Result run(SparkSession spark, double smallScale, double largeScale, int few, int many, int repeat) {
    Path dir = PublishBench.tempDir("mesh-bench-scale");
    try {
      DataProduct product = Tpch.lineitemProduct(PublishBench.PRODUCT);
      DeequQualityGate gate = new DeequQualityGate();
      Dataset<Row> small = Tpch.lineitem(spark, smallScale).persist(StorageLevel.MEMORY_AND_DISK());
      long smallRows = small.count();
      PublishBench.publish(spark, small.limit(10_000), dir.resolve("warm-up"), product, gate);
      long start = System.nanoTime();
      PublishBench.publish(spark, small, dir.resolve("small"), product, gate);
      double smallSeconds = PublishBench.seconds(start);
      small.unpersist(true);

      Dataset<Row> large = Tpch.lineitem(spark, largeScale).persist(StorageLevel.MEMORY_AND_DISK());
      long largeRows = large.count();
      start = System.nanoTime();
      PublishResult published = PublishBench.publish(spark, large, dir.resolve("large"), product, gate);
      double largeSeconds = PublishBench.seconds(start);
      large.unpersist(true);

      // Full scans of the large table: every column of every row, through Meshwork and through Delta.
      Mesh mesh = Mesh.open(spark, dir.resolve("large"));
      String table = io.meshwork.core.storage.Warehouse.at(dir.resolve("large")).table(PublishBench.PRODUCT).toString();
      Supplier<Dataset<Row>> meshRead = () -> mesh.read(PublishBench.PRODUCT).latest();
      Supplier<Dataset<Row>> plainRead = () -> spark.read().format("delta").load(table);
      long readRows = scan(meshRead.get());
      long plainRows = scan(plainRead.get()); // warm-up of both paths
      double[] meshTimes = new double[repeat];
      double[] plainTimes = new double[repeat];
      for (int i = 0; i < repeat; i++) {
        // Each goes first every other time, so that neither always follows the other's garbage.
        if (i % 2 == 1) {
          meshTimes[i] = timedScan(meshRead);
        }
        plainTimes[i] = timedScan(plainRead);
        if (i % 2 == 0) {
          meshTimes[i] = timedScan(meshRead);
        }
      }
      if (readRows != published.rows() || plainRows != published.rows()) {
        throw new IllegalStateException("read " + readRows + " rows through Meshwork and " + plainRows + " with Delta, published " + published.rows());
      }

      // The same scan through Spark SQL as a role that sees comment masked (stamped pii here), against
      // a plain Delta read without the extension's policy (read as the system).
      String stamped = Warehouse.at(dir.resolve("large")).table(PublishBench.PRODUCT).toString();
      ProductWrites.certified(() -> spark.sql("ALTER TABLE delta.`" + stamped + "` SET TBLPROPERTIES ('mesh.access.readers' = '*', "
          + "'mesh.access.pii-readers' = '', 'mesh.access.masking' = 'hash', 'mesh.access.pii-columns' = 'comment')"));
      ProductReads.Reader maskedRole = new ProductReads.Reader("bench-reader", Roles.user(spark), false, ProductReads.VIA_SQL);
      Supplier<Dataset<Row>> sqlRead = () -> ProductReads.as(maskedRole, () -> spark.sql("SELECT * FROM delta.`" + stamped + "`"));
      Supplier<Dataset<Row>> plainDelta = () -> ProductReads.asSystem(() -> spark.read().format("delta").load(stamped));
      String masked = sqlRead.get().select("comment").first().getString(0);
      if (!masked.matches("[0-9a-f]{64}")) {
        throw new IllegalStateException("the SQL read did not mask comment: " + masked);
      }
      long sqlRows = scan(sqlRead.get());
      scan(plainDelta.get()); // warm-up of both paths
      double[] sqlTimes = new double[repeat];
      double[] deltaTimes = new double[repeat];
      for (int i = 0; i < repeat; i++) {
        if (i % 2 == 1) {
          sqlTimes[i] = timedScan(sqlRead);
        }
        deltaTimes[i] = timedScan(plainDelta);
        if (i % 2 == 0) {
          sqlTimes[i] = timedScan(sqlRead);
        }
      }

      List<DataProduct> contracts = contracts(dir.resolve("contracts"), many);
      CatalogSearch.Index fewIndex = CatalogSearch.index(contracts.subList(0, few));
      start = System.nanoTime();
      CatalogSearch.Index manyIndex = CatalogSearch.index(contracts);
      double indexSeconds = PublishBench.seconds(start);
      int fewHits = fewIndex.search(QUERY).size();
      int manyHits = manyIndex.search(QUERY).size();
      double fewMicros = searchMicros(fewIndex, repeat);
      double manyMicros = searchMicros(manyIndex, repeat);

      return new Result(
          smallScale, largeScale, smallRows, largeRows, PublishBench.round(smallSeconds), PublishBench.round(largeSeconds),
          readRows, plainRows, PublishBench.round(median(meshTimes)), PublishBench.round(median(plainTimes)), few, many,
          fewHits, manyHits, fewMicros, manyMicros, PublishBench.round(indexSeconds), repeat, sqlRows,
          PublishBench.round(median(sqlTimes)), PublishBench.round(median(deltaTimes)));
    } finally {
      PublishBench.delete(dir);
    }
  }

  private static double timedScan(Supplier<Dataset<Row>> read) {
    long start = System.nanoTime();
    scan(read.get());
    return PublishBench.seconds(start);
  }

  /** A full scan: every column of every row goes through the hash; returns the row count. */
  private static long scan(Dataset<Row> data) {
    Row r = data.agg(count(lit(1)), expr("sum(xxhash64(*))")).first();
    return r.getLong(0);
  }

  /** Median microseconds of one search, each measure the mean of a batch (after a warm-up batch). */
  private static double searchMicros(CatalogSearch.Index index, int repeat) {
    int batch = 2_000;
    double[] times = new double[Math.max(repeat, 5)];
    for (int round = -1; round < times.length; round++) {
      long start = System.nanoTime();
      int found = 0;
      for (int i = 0; i < batch; i++) {
        found += index.search(QUERY).size();
      }
      if (found < 0) {
        throw new AssertionError();
      }
      if (round >= 0) {
        times[round] = (System.nanoTime() - start) / 1e3 / batch;
      }
    }
    return Math.round(median(times) * 100) / 100.0;
  }

  /** {@code n} contracts in files (tags live in the file), every 100th an "orders" product tagged revenue. */
  static List<DataProduct> contracts(Path dir, int n) {
    try {
      Files.createDirectories(dir);
      List<DataProduct> products = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String domain = DOMAINS[i % DOMAINS.length];
        String name = NOUNS[(i / DOMAINS.length) % NOUNS.length] + String.format("_%04d", i);
        String text =
            """
            product {
              domain = %s
              name = %s
              version = "1.0.0"
              description = "Generated product %d of the %s domain"
              owner { team = %s-data, email = "%s-data@example.com" }
              tags = [%s, %s]
              sql = "SELECT 1"
              schema.columns = [
                { name = id, type = bigint, description = "Row id" }
                { name = amount_%d, type = double, description = "Amount of %s" }
              ]
            }
            """
                .formatted(domain, name, i, domain, domain, domain, TAGS[i % TAGS.length], TAGS[(i / 3) % TAGS.length], i % 50, name);
        Path file = dir.resolve(domain + "-" + name + ".conf");
        Files.writeString(file, text);
        products.add(Contracts.load(file));
      }
      return products;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double median(double[] values) {
    return PublishBench.median(values);
  }
}
