package io.meshwork.core.storage;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Whether Delta's log store lets concurrent writers from different drivers publish to a
 * warehouse safely. Delta commits a version by creating its log file only if it is absent: HDFS,
 * ADLS ({@code abfss://}) and GCS ({@code gs://}) do that atomically, S3 does not, so Delta's
 * default S3 log store is safe for one driver per table only (it serialises that driver's writers
 * in the JVM). Several drivers need {@code io.delta.storage.S3DynamoDBLogStore}.
 */
public final class WriterSafety {
  private static final List<String> LOG_STORE_KEYS =
      List.of("spark.delta.logStore.s3a.impl", "spark.delta.logStore.s3.impl", "spark.delta.logStore.s3n.impl", "spark.delta.logStore.class");

  private WriterSafety() {}

  /**
   * A warning when {@code warehouse} is on S3 and no multi-writer log store is configured; empty
   * for every other store, and on S3 with {@code S3DynamoDBLogStore}.
   */
  public static Optional<String> warning(SparkSession spark, Warehouse warehouse) {
    String scheme = warehouse.root().toUri().getScheme();
    if (scheme == null || !List.of("s3a", "s3", "s3n").contains(scheme.toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    for (String key : LOG_STORE_KEYS) {
      String value = spark.conf().get(key, spark.sparkContext().getConf().get(key, ""));
      if (value.contains("DynamoDB")) {
        return Optional.empty();
      }
    }
    return Optional.of(
        "warehouse " + warehouse + " is on S3 without a multi-writer Delta log store: concurrent publishes of one product"
            + " from different drivers are unsafe (one commit may overwrite another). Publish each product from one driver,"
            + " or set spark.delta.logStore.s3a.impl=io.delta.storage.S3DynamoDBLogStore (io.delta:delta-storage-s3-dynamodb).");
  }
}
