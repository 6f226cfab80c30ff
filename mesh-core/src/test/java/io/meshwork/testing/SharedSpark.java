package io.meshwork.testing;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One local SparkSession per test JVM, shared by every test class that uses this extension
 * ({@code @ExtendWith(SharedSpark.class)}, then take a {@link SparkSession} parameter in a
 * constructor, {@code @BeforeAll} or test method). Stopped when the JVM exits.
 */
public final class SharedSpark implements ParameterResolver {
  private static volatile SparkSession session;

  /** The shared session, created on first use. */
  public static SparkSession spark() {
    if (session == null) {
      synchronized (SharedSpark.class) {
        if (session == null) {
          System.setProperty("spark.local.ip", "127.0.0.1");
          session =
              SparkSession.builder()
                  .master("local[2]")
                  .appName("meshwork-tests")
                  .config("spark.ui.enabled", "false")
                  .config("spark.driver.host", "127.0.0.1")
                  .config("spark.driver.bindAddress", "127.0.0.1")
                  .config("spark.sql.shuffle.partitions", "2")
                  .config("spark.default.parallelism", "2")
                  .config("spark.databricks.delta.snapshotPartitions", "2")
                  .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                  .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                  .config("spark.sql.session.timeZone", "UTC")
                  .config("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/meshwork-test-spark-warehouse")
                  .getOrCreate();
          session.sparkContext().setLogLevel("WARN");
          Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
      }
    }
    return session;
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == SparkSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return spark();
  }
}
