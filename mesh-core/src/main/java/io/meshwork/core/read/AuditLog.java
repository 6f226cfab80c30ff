package io.meshwork.core.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.storage.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Who read what: one Delta table at {@code <warehouse>/_mesh/audit} with a row per read made with
 * a role ({@link io.meshwork.core.Mesh#as(String)}), granted or refused. A plain Delta table, so also queryable with
 * Spark SQL ({@code SELECT * FROM delta.`<warehouse>/_mesh/audit`}).
 *
 * <p>Columns: {@code read_at} (timestamp), {@code principal} (the role, or {@value #NO_ROLE}),
 * {@code product}, {@code data_version} (null when refused), {@code contract_version},
 * {@code masked_columns} (array of the pii columns returned masked), {@code outcome} ({@code read}
 * or {@code refused}), {@code user} (the session's user), {@code via} ({@code api}: the read API;
 * {@code sql}: a Spark SQL or DataFrame query, one record per product per executed query),
 * {@code columns} (the columns read) and {@code row_filter} (the predicate applied, or null).
 *
 * <p>A read does not wait for a Delta commit: its record is written (and forced to disk) to a spool
 * file under {@code <warehouse>/_mesh/audit/_spool/} and reaches the table in a batch, when
 * {@link #records()} or {@link #flush()} is called, or when the JVM exits; a process that dies
 * leaves its spool for the next one to move in, exactly once.
 */
public final class AuditLog {
  /** The outcome of a read that happened. */
  public static final String READ = "read";
  /** The outcome of a read refused by the product's access rules. */
  public static final String REFUSED = "refused";
  /** The principal of a read made without a role. */
  public static final String NO_ROLE = "(no role)";

  private static final StructType SCHEMA =
      new StructType()
          .add("read_at", DataTypes.TimestampType, false)
          .add("principal", DataTypes.StringType, false)
          .add("product", DataTypes.StringType, false)
          .add("data_version", DataTypes.LongType, true)
          .add("contract_version", DataTypes.StringType, true)
          .add("masked_columns", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("outcome", DataTypes.StringType, false)
          .add("user", DataTypes.StringType, true)
          .add("via", DataTypes.StringType, true)
          .add("columns", DataTypes.createArrayType(DataTypes.StringType, false), true)
          .add("row_filter", DataTypes.StringType, true);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark;
  private final String location;

  /** The audit log of {@code warehouse}; nothing is read or created until used. */
  public AuditLog(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.location = new org.apache.hadoop.fs.Path(warehouse.meshDir(), "audit").toString();
  }

  /** The audit table's location, {@code <warehouse>/_mesh/audit}. */
  public String location() {
    return location;
  }

  /**
   * Every record, oldest first; empty (with the columns above) when nothing was read yet. Moves the
   * spooled records in first (see {@link #flush()}).
   */
  public Dataset<Row> records() {
    flush();
    if (!Warehouse.hasLog(new org.apache.hadoop.fs.Path(location))) {
      return spark.createDataFrame(List.of(), SCHEMA);
    }
    return spark.read().format("delta").load(location).orderBy("read_at");
  }

  /**
   * Moves the records this JVM spooled, and those left by processes that ended without moving
   * theirs, into the table now. Reads spool their records ({@code <audit table>/_spool/}) and
   * the table receives them in batches of {@value AuditSpool#BATCH}, when the log is read, and
   * at exit, so a read never waits for a Delta commit.
   */
  public void flush() {
    awaitQueries(spark);
    AuditSpool.of(new org.apache.hadoop.fs.Path(location)).flush(spark);
  }

  /**
   * One audit record.
   *
   * @param role the role read as, or null for none (recorded as {@value #NO_ROLE})
   * @param dataVersion null when refused
   * @param via {@code api} or {@code sql}
   * @param rowFilter the predicate applied, or null
   */
  public record Entry(
      String role, String user, String product, Long dataVersion, String contractVersion, List<String> columns, List<String> masked,
      String rowFilter, String outcome, String via) {}

  /**
   * Appends one record: written to the spool at once, moved into the table in a batch. The read
   * API and the session extension's audit of SQL reads call it.
   */
  public void record(Entry e) {
    ObjectNode line = JSON.createObjectNode()
        .put("read_at", Instant.now().toString())
        .put("principal", e.role() == null ? NO_ROLE : e.role())
        .put("product", e.product())
        .put("data_version", e.dataVersion())
        .put("contract_version", e.contractVersion())
        .put("outcome", e.outcome())
        .put("user", e.user())
        .put("via", e.via())
        .put("row_filter", e.rowFilter());
    e.masked().forEach(line.putArray("masked_columns")::add);
    e.columns().forEach(line.putArray("columns")::add);
    AuditSpool.of(new org.apache.hadoop.fs.Path(location)).append(spark, line.toString());
  }

  /** A record of the read API's shape (role, product, version, masked columns, outcome). */
  void record(String principal, ProductId product, Long dataVersion, String contractVersion, List<String> masked, String outcome) {
    record(new Entry(principal, null, product.toString(), dataVersion, contractVersion, List.of(), masked, null, outcome, "api"));
  }

  /**
   * Waits until the audit of every query that already ran is spooled: Spark tells its query
   * listeners (the SQL audit among them) on a thread of its own.
   */
  static void awaitQueries(SparkSession spark) {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
    } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
      // a stopped or busy context: the records of queries still queued reach the spool later
    }
  }

  /** Spooled records (JSON lines) as rows of the audit table. */
  static Dataset<Row> rows(SparkSession spark, List<String> lines) {
    List<Row> rows = new ArrayList<>(lines.size());
    for (String text : lines) {
      JsonNode r;
      try {
        r = JSON.readTree(text);
      } catch (IOException e) {
        throw new UncheckedIOException("Not an audit record: " + text, e);
      }
      List<String> masked = new ArrayList<>();
      r.path("masked_columns").forEach(c -> masked.add(c.asText()));
      List<String> columns = new ArrayList<>();
      r.path("columns").forEach(c -> columns.add(c.asText()));
      rows.add(RowFactory.create(
          Timestamp.from(Instant.parse(r.get("read_at").asText())),
          r.get("principal").asText(),
          r.get("product").asText(),
          r.hasNonNull("data_version") ? r.get("data_version").asLong() : null,
          r.hasNonNull("contract_version") ? r.get("contract_version").asText() : null,
          masked.toArray(new String[0]),
          r.get("outcome").asText(),
          r.hasNonNull("user") ? r.get("user").asText() : null,
          r.hasNonNull("via") ? r.get("via").asText() : null,
          r.has("columns") ? columns.toArray(new String[0]) : null,
          r.hasNonNull("row_filter") ? r.get("row_filter").asText() : null));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }
}
