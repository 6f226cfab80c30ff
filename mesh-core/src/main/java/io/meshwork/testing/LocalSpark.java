package io.meshwork.testing;

import org.apache.spark.sql.SparkSession;

/**
 * One local SparkSession per test JVM, for domain tests ({@code MeshExtension} in mesh-jobs) and
 * Meshwork's own: {@code local[2]}, no web UI, two shuffle
 * partitions, Delta's extensions, UTC, bound to 127.0.0.1. Created on first use and stopped when
 * the JVM exits. When another session already is the JVM's default (Spark's {@code getOrCreate}),
 * that one is shared.
 */
public final class LocalSpark {
  private static volatile SparkSession session;

  private LocalSpark() {}

  /** The shared session, created on first use. */
  public static SparkSession session() {
    if (session == null) {
      synchronized (LocalSpark.class) {
        if (session == null) {
          System.setProperty("spark.local.ip", "127.0.0.1");
          SparkSession s =
              SparkSession.builder()
                  .master("local[2]")
                  .appName("meshwork-tests")
                  .config("spark.ui.enabled", "false")
                  .config("spark.driver.host", "127.0.0.1")
                  .config("spark.driver.bindAddress", "127.0.0.1")
                  .config("spark.sql.shuffle.partitions", "2")
                  .config("spark.default.parallelism", "2")
                  // Delta's VACUUM lists a table with this many tasks (10,000 by default): on a test's
                  // tiny tables that is seconds of empty tasks per directory level.
                  .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2")
                  .config("spark.databricks.delta.snapshotPartitions", "2")
                  .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                  .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                  .config("spark.sql.session.timeZone", "UTC")
                  .config("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/meshwork-test-spark-warehouse-" + ProcessHandle.current().pid())
                  .getOrCreate();
          s.sparkContext().setLogLevel("WARN");
          Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
          session = s;
        }
      }
    }
    return session;
  }
}
