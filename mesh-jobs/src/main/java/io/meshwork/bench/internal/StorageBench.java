package io.meshwork.bench.internal;

import io.meshwork.core.Mesh;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.publish.PublishResult;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.core.storage.internal.ProductWrites;
import io.meshwork.quality.DeequQualityGate;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.statistics.IOStatisticsSource;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code bench storage}: the mesh on {@code s3a://} against S3Proxy on 127.0.0.1, in one run.
 *
 * <ul>
 *   <li>Time: a plain Delta write of TPC-H lineitem to {@code s3a://} and the Meshwork publish of
 *       the same rows there (input materialized first; medians of interleaved rounds).
 *   <li>Requests: the sum of the s3a filesystem's request counters (IOStatistics) for one {@code
 *       read(p).latest().count()} plus one publish, bookkeeping included, each from cold caches (a new
 *       FileSystem instance, Delta's log cache cleared, a new {@link Mesh}), for a product with few
 *       versions and one with many. The versions after the first are direct stamped Delta commits,
 *       made on local disk and copied into the bucket (copying is not counted).
 * </ul>
 */
public final class StorageBench {
  private static final ProductId PRODUCT = new ProductId("bench", "lineitem");
  /** The s3a counters that are requests to the store (IOStatistics names, Hadoop 3.3). */
  private static final String REQUEST = "(object_(list|continue_list|metadata|put|delete|bulk_delete)_request|object_copy_requests|action_http_get_request|multipart_upload_completed)";

  public record Result(
      long rows, double plainSeconds, double meshSeconds, int fewVersions, int manyVersions, long requestsAtFew, long requestsAtMany,
      Map<String, Long> countersAtFew, Map<String, Long> countersAtMany) {
    public double meshOverPlain() {
      return PublishBench.ratio(meshSeconds, plainSeconds);
    }

    public double requestsRatio() {
      return requestsAtFew == 0 ? 0 : Math.round((double) requestsAtMany / requestsAtFew * 1000) / 1000.0;
    }

    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("storage", "s3a");
      m.put("rows", rows);
      m.put("plainSeconds", plainSeconds);
      m.put("meshSeconds", meshSeconds);
      m.put("meshOverPlain", meshOverPlain());
      m.put("requestsAt" + fewVersions + "Versions", requestsAtFew);
      m.put("requestsAt" + manyVersions + "Versions", requestsAtMany);
      m.put("requestsRatio", requestsRatio());
      m.put("countersAt" + fewVersions + "Versions", countersAtFew);
      m.put("countersAt" + manyVersions + "Versions", countersAtMany);
      return m;
    }
  }

  private StorageBench() {}

  /**
   * @param scale TPC-H scale factor of the timed write
   * @param rounds interleaved rounds of plain and Meshwork writes
   * @param few versions of the first request-counted product (5)
   * @param many versions of the second (500)
   */
  public static Result run(SparkSession spark, double scale, int rounds, int few, int many, Consumer<String> progress) throws Exception {
    Path dir = PublishBench.tempDir("mesh-bench-storage");
    try (LocalS3 s3 = LocalS3.start(spark, dir.resolve("s3"))) {
      DataProduct product = Tpch.lineitemProduct(PRODUCT);
      DeequQualityGate gate = new DeequQualityGate();

      progress.accept("requests: a product with " + few + " versions");
      Dataset<Row> small = Tpch.lineitem(spark, 0.0005).persist(StorageLevel.MEMORY_AND_DISK());
      small.count();
      Map<String, Long> atFew = requests(spark, s3, dir, "few", few, product, gate, small);
      progress.accept("requests: a product with " + many + " versions");
      Map<String, Long> atMany = requests(spark, s3, dir, "many", many, product, gate, small);
      small.unpersist(true);

      progress.accept("time: TPC-H lineitem SF " + scale + " (generated, not timed)");
      Dataset<Row> input = Tpch.lineitem(spark, scale).persist(StorageLevel.MEMORY_AND_DISK());
      try {
        long rows = input.count();
        Dataset<Row> some = input.limit(10_000);
        some.write().format("delta").save(s3.uri("warm-up/plain"));
        publish(spark, some, s3.uri("warm-up/mesh"), product, gate);
        double[] plain = new double[rounds];
        double[] mesh = new double[rounds];
        for (int i = 0; i < rounds; i++) {
          progress.accept("time: round " + (i + 1) + " of " + rounds);
          long start = System.nanoTime();
          input.write().format("delta").save(s3.uri("round-" + i + "/plain"));
          plain[i] = PublishBench.seconds(start);
          start = System.nanoTime();
          publish(spark, input, s3.uri("round-" + i + "/mesh"), product, gate);
          mesh[i] = PublishBench.seconds(start);
        }
        return new Result(
            rows, PublishBench.round(PublishBench.median(plain)), PublishBench.round(PublishBench.median(mesh)), few, many, total(atFew),
            total(atMany), atFew, atMany);
      } finally {
        input.unpersist(true);
      }
    } finally {
      PublishBench.delete(dir);
    }
  }

  /**
   * The request counters of one cold read of the latest version plus one cold publish, for a
   * product with {@code versions} versions in the bucket.
   */
  private static Map<String, Long> requests(
      SparkSession spark, LocalS3 s3, Path dir, String name, int versions, DataProduct product, DeequQualityGate gate, Dataset<Row> rows)
      throws Exception {
    // The history, on local disk: one publish, then stamped commits carrying its stamp.
    Path local = dir.resolve("history-" + name);
    Warehouse localWarehouse = Warehouse.at(local);
    PublishResult first = publish(spark, rows, localWarehouse.root().toString(), product, gate);
    String table = localWarehouse.table(product).toString();
    String stamp = io.delta.tables.DeltaTable.forPath(spark, table).history().where("version = " + first.dataVersion()).select("userMetadata").first().getString(0);
    Dataset<Row> one = rows.limit(1);
    for (int v = 1; v < versions; v++) {
      ProductWrites.certified(() -> {
        one.write().format("delta").mode("append").option("userMetadata", stamp).save(table);
        return null;
      });
    }
    // Into the bucket, as a warehouse of its own.
    String uri = s3.uri(name);
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    FileSystem target = FileSystem.get(URI.create(uri), conf);
    FileUtil.copy(FileSystem.getLocal(conf), new org.apache.hadoop.fs.Path(local.toUri()), target, new org.apache.hadoop.fs.Path(uri), false, conf);

    // Cold: a new s3a instance (its counters start at zero), Delta's log cache cleared, a new Mesh.
    target.close();
    DeltaLog.clearCache();
    FileSystem fs = FileSystem.get(URI.create(uri), conf);
    Mesh mesh = Mesh.open(spark, uri);
    long count = mesh.read(PRODUCT).latest().count();
    if (count <= 0) {
      throw new IllegalStateException("bench storage read no rows of " + PRODUCT + " in " + uri);
    }
    publish(spark, rows, uri, product, gate);
    Map<String, Long> counters = new TreeMap<>();
    ((IOStatisticsSource) fs).getIOStatistics().counters().forEach((k, v) -> {
      if (k.matches(REQUEST) && v > 0) {
        counters.put(k, v);
      }
    });
    new io.meshwork.core.read.AuditLog(spark, Warehouse.at(uri)).flush(); // the read's audit record, in while the bucket exists
    return counters;
  }

  private static long total(Map<String, Long> counters) {
    return counters.values().stream().mapToLong(Long::longValue).sum();
  }

  private static PublishResult publish(SparkSession spark, Dataset<Row> input, String warehouse, DataProduct product, DeequQualityGate gate) {
    return PublishBench.publish(spark, input, Warehouse.at(warehouse), product, gate);
  }
}
