package io.meshwork.core;

import io.delta.exceptions.DeltaConcurrentModificationException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Who read what: one Delta table at {@code <warehouse>/_mesh/audit} with a row per read made with
 * a role ({@link Mesh#as(String)}), granted or refused. A plain Delta table, so also queryable with
 * Spark SQL ({@code SELECT * FROM delta.`<warehouse>/_mesh/audit`}).
 *
 * <p>Columns: {@code read_at} (timestamp), {@code principal}, {@code product}, {@code data_version}
 * (null when refused), {@code contract_version}, {@code masked_columns} (array of the pii columns
 * returned masked), {@code outcome} ({@code read} or {@code refused}).
 */
public final class AuditLog {
  static final String READ = "read";
  static final String REFUSED = "refused";

  private static final StructType SCHEMA =
      new StructType()
          .add("read_at", DataTypes.TimestampType, false)
          .add("principal", DataTypes.StringType, false)
          .add("product", DataTypes.StringType, false)
          .add("data_version", DataTypes.LongType, true)
          .add("contract_version", DataTypes.StringType, true)
          .add("masked_columns", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("outcome", DataTypes.StringType, false);
  /** Attempts of an append that lost the race to create the table. */
  private static final int ATTEMPTS = 3;

  private final SparkSession spark;
  private final String location;

  /** The audit log of {@code warehouse}; nothing is read or created until used. */
  public AuditLog(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.location = warehouse.meshDir().resolve("audit").toString();
  }

  /** The audit table's location, {@code <warehouse>/_mesh/audit}. */
  public String location() {
    return location;
  }

  /** Every record, oldest first; empty (with the columns above) when nothing was read yet. */
  public Dataset<Row> records() {
    if (!java.nio.file.Files.isDirectory(java.nio.file.Path.of(location, "_delta_log"))) {
      return spark.createDataFrame(List.of(), SCHEMA);
    }
    return spark.read().format("delta").load(location).orderBy("read_at");
  }

  /** Appends one record: a blind append, retried only when two readers create the table at once. */
  void record(String principal, ProductId product, Long dataVersion, String contractVersion, List<String> masked, String outcome) {
    Row row = RowFactory.create(Timestamp.from(Instant.now()), principal, product.toString(), dataVersion, contractVersion, masked.toArray(new String[0]), outcome);
    Dataset<Row> df = spark.createDataFrame(List.of(row), SCHEMA).coalesce(1);
    for (int attempt = 1; ; attempt++) {
      try {
        df.write().format("delta").mode("append").save(location);
        return;
      } catch (DeltaConcurrentModificationException e) {
        if (attempt == ATTEMPTS) {
          throw new MeshException(ExitCode.CONFLICT, "Could not record a read of " + product + " in the audit log " + location + ": " + e.getMessage(), e);
        }
      }
    }
  }
}
