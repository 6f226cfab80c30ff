package io.meshwork.core.catalog;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import io.delta.exceptions.DeltaConcurrentModificationException;
import io.delta.tables.DeltaTable;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.PublishConflictException;
import io.meshwork.core.storage.Warehouse;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The embedded catalog: one Delta table at {@code <warehouse>/_mesh/catalog} with one row per
 * product run, certified or failed. It is a plain Delta table, so it can also be queried with
 * Spark SQL ({@code SELECT * FROM delta.`<warehouse>/_mesh/catalog`}).
 *
 * <pre>{@code
 * Catalog catalog = new Catalog(spark, Warehouse.at(Path.of("/data/mesh")));
 * catalog.lastCertified(ProductId.parse("sales.orders")).map(CatalogEntry::dataVersion);
 * }</pre>
 *
 * <p>Columns, in this order: {@code product, domain, name, data_version, contract_version, owner,
 * status, rows, published_at, run_id, run_date, constraints_passed, constraints_failed,
 * constraints_warned, message, description, table_location, recorded_at, rows_added}: {@code rows}
 * are the rows of the published version, {@code rows_added} those the run wrote (null in rows
 * recorded before the column existed, read as {@code rows}). Timestamps are Spark
 * {@code TIMESTAMP}s (UTC instants), the run date a {@code DATE}; {@code recorded_at} is when the
 * row was appended and orders runs with the same {@code published_at}.
 */
public final class Catalog {
  private static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            field("product", DataTypes.StringType, false),
            field("domain", DataTypes.StringType, true),
            field("name", DataTypes.StringType, true),
            field("data_version", DataTypes.LongType, true),
            field("contract_version", DataTypes.StringType, true),
            field("owner", DataTypes.StringType, true),
            field("status", DataTypes.StringType, false),
            field("rows", DataTypes.LongType, false),
            field("published_at", DataTypes.TimestampType, false),
            field("run_id", DataTypes.StringType, true),
            field("run_date", DataTypes.DateType, true),
            field("constraints_passed", DataTypes.IntegerType, false),
            field("constraints_failed", DataTypes.IntegerType, false),
            field("constraints_warned", DataTypes.IntegerType, false),
            field("message", DataTypes.StringType, true),
            field("description", DataTypes.StringType, true),
            field("table_location", DataTypes.StringType, true),
            field("recorded_at", DataTypes.TimestampType, false),
            field("rows_added", DataTypes.LongType, true),
          });
  private static final Column[] COLUMNS = Arrays.stream(SCHEMA.fieldNames()).map(n -> col(n)).toArray(Column[]::new);
  /** Newest first: by publishedAt, then by insertion. */
  private static final Column[] NEWEST_FIRST = {col("published_at").desc(), col("recorded_at").desc()};
  /** Attempts of an append that lost the race to create the table. */
  private static final int ATTEMPTS = 3;
  /** Last {@code recorded_at} handed out in this JVM, in microseconds, so it strictly increases. */
  private static final AtomicLong LAST_RECORDED_MICROS = new AtomicLong();

  private final SparkSession spark;
  private final String location;

  /** The catalog of {@code warehouse}; nothing is read or created until used. */
  public Catalog(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.location = new org.apache.hadoop.fs.Path(warehouse.meshDir(), "catalog").toString();
  }

  /** The catalog table's location, {@code <warehouse>/_mesh/catalog}. */
  public String location() {
    return location;
  }

  /**
   * Appends one entry. A blind append: concurrent runs of other (or the same) products never
   * conflict; the one race possible, two runs creating the table at once, is retried.
   */
  public void record(CatalogEntry entry) {
    Row row =
        RowFactory.create(
            entry.product(),
            entry.domain(),
            entry.name(),
            entry.dataVersion(),
            entry.contractVersion(),
            entry.owner(),
            entry.status(),
            entry.rows(),
            Timestamp.from(entry.publishedAt()),
            entry.runId(),
            entry.runDate() == null ? null : Date.valueOf(entry.runDate()),
            entry.constraintsPassed(),
            entry.constraintsFailed(),
            entry.constraintsWarned(),
            entry.message(),
            entry.description(),
            entry.table(),
            Timestamp.from(recordedAt()),
            entry.rowsAdded());
    Dataset<Row> df = spark.createDataFrame(List.of(row), SCHEMA).coalesce(1);
    for (int attempt = 1; ; attempt++) {
      try {
        // mergeSchema: a catalog written before rows_added existed gains the column
        df.write().format("delta").mode("append").option("mergeSchema", "true").save(location);
        return;
      } catch (DeltaConcurrentModificationException e) {
        // Only the creation of the table (version 0) can conflict with another blind append.
        if (attempt == ATTEMPTS) {
          throw new PublishConflictException(
              "Could not record " + entry.product() + " in the catalog " + location + ": " + e.getMessage(), e);
        }
      }
    }
  }

  /** The last entry of each product (by publishedAt, then insertion), sorted by product; empty when no catalog exists yet. */
  public List<CatalogEntry> list() {
    return table()
        .map(
            t ->
                t.withColumn("_rank", row_number().over(Window.partitionBy("product").orderBy(NEWEST_FIRST)))
                    .where(col("_rank").equalTo(1))
                    .orderBy("product")
                    .select(COLUMNS))
        .map(Catalog::collect)
        .orElse(List.of());
  }

  /** The last run of a product, certified or failed. */
  public Optional<CatalogEntry> last(ProductId id) {
    return newest(id, false);
  }

  /** The last certified run of a product. */
  public Optional<CatalogEntry> lastCertified(ProductId id) {
    return newest(id, true);
  }

  /** Every run of a product, newest first; empty when it never ran. */
  public List<CatalogEntry> entries(ProductId id) {
    return table().map(t -> collect(t.where(col("product").equalTo(id.toString())).orderBy(NEWEST_FIRST))).orElse(List.of());
  }

  @Override
  public String toString() {
    return "Catalog[" + location + "]";
  }

  private Optional<CatalogEntry> newest(ProductId id, boolean certifiedOnly) {
    return table()
        .map(
            t -> {
              Column filter = col("product").equalTo(id.toString());
              if (certifiedOnly) {
                filter = filter.and(col("status").equalTo(lit(CatalogEntry.CERTIFIED)));
              }
              return collect(t.where(filter).orderBy(NEWEST_FIRST).limit(1));
            })
        .flatMap(l -> l.stream().findFirst());
  }

  /** The catalog's rows with exactly the known columns, in order; empty when there is no table yet. */
  private Optional<Dataset<Row>> table() {
    if (!DeltaTable.isDeltaTable(spark, location)) {
      return Optional.empty();
    }
    Dataset<Row> t = spark.read().format("delta").load(location);
    if (!Arrays.asList(t.columns()).contains("rows_added")) {
      t = t.withColumn("rows_added", lit(null).cast(DataTypes.LongType));
    }
    return Optional.of(t.select(COLUMNS));
  }

  private static List<CatalogEntry> collect(Dataset<Row> rows) {
    return rows.collectAsList().stream().map(Catalog::entry).toList();
  }

  private static CatalogEntry entry(Row r) {
    return new CatalogEntry(
        r.getString(0),
        r.getString(1),
        r.getString(2),
        r.isNullAt(3) ? null : r.getLong(3),
        r.getString(4),
        r.getString(5),
        r.getString(6),
        r.getLong(7),
        instant(r.get(8)),
        r.getString(9),
        date(r.get(10)),
        r.getInt(11),
        r.getInt(12),
        r.getInt(13),
        r.getString(14),
        r.getString(15),
        r.getString(16),
        r.isNullAt(18) ? r.getLong(7) : r.getLong(18));
  }

  // The session may or may not have spark.sql.datetime.java8API.enabled: accept both shapes.
  private static Instant instant(Object v) {
    return v == null ? null : v instanceof Instant i ? i : ((Timestamp) v).toInstant();
  }

  private static LocalDate date(Object v) {
    return v == null ? null : v instanceof LocalDate d ? d : ((Date) v).toLocalDate();
  }

  private static Instant recordedAt() {
    long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    long micros = LAST_RECORDED_MICROS.updateAndGet(last -> Math.max(last + 1, now));
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
    return DataTypes.createStructField(name, type, nullable);
  }
}
