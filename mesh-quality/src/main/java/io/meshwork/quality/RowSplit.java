package io.meshwork.quality;

import io.delta.tables.DeltaTable;
import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.publish.Quarantine;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.quality.internal.RowFlags;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** The rows of one run, split by {@code on-fail}: see {@link RowActions}. */
public final class RowSplit {
  private final DataProduct product;
  private final RowFlags flags;
  private final UUID runId;
  private final LocalDate runDate;

  /**
   * How many rows each action took.
   *
   * @param rows rows before the split
   * @param dropped rows not published because a {@code drop} constraint rejected them (and no
   *     {@code quarantine} constraint)
   * @param quarantined rows not published because a {@code quarantine} constraint rejected them
   */
  public record Counts(long rows, long dropped, long quarantined) {
    /** Rows left to publish. */
    public long published() {
      return rows - dropped - quarantined;
    }
  }

  RowSplit(DataProduct product, RowFlags flags, UUID runId, LocalDate runDate) {
    this.product = product;
    this.flags = flags;
    this.runId = runId;
    this.runDate = runDate;
  }

  /** Whether any constraint of the product drops or quarantines rows. */
  public boolean acts() {
    return flags.acts();
  }

  /** The rows to publish, with the data's columns; the data itself when nothing acts. */
  public Dataset<Row> publish() {
    return flags.publish();
  }

  /**
   * The quarantined rows: the data's columns, then {@code _mesh_failed} (every row-level
   * constraint the row failed, by name or {@code check(columns)}), {@code _mesh_run_id} and
   * {@code _mesh_run_date}.
   */
  public Dataset<Row> quarantine() {
    return flags.quarantine()
        .withColumn(RowActions.RUN_ID_COLUMN, functions.lit(runId == null ? null : runId.toString()).cast("string"))
        .withColumn(RowActions.RUN_DATE_COLUMN, functions.lit(java.sql.Date.valueOf(runDate)));
  }

  /** Counts rows, dropped and quarantined in one pass over the data (no pass when nothing acts: all zero but rows, -1). */
  public Counts counts() {
    long[] c = flags.counts();
    return new Counts(c[0], c[1], c[2]);
  }

  /**
   * The quarantined rows for {@link io.meshwork.core.publish.Publisher#publish(DataProduct, Dataset,
   * io.meshwork.core.publish.RunStamp, Quarantine)}, which writes them to {@link
   * RowActions#quarantineTable} only when the product is published; null when no constraint
   * quarantines.
   */
  public Quarantine toQuarantine(Warehouse warehouse) {
    boolean quarantines = product.constraints().stream().anyMatch(c -> RowFlags.action(c) == ConstraintSpec.OnFail.QUARANTINE);
    return quarantines ? new Quarantine(RowActions.quarantineTable(warehouse, product), quarantine()) : null;
  }

  /**
   * Writes the quarantined rows to {@link RowActions#quarantineTable} at once, whatever becomes of
   * the product (prefer {@link #toQuarantine}, which follows the gate), replacing those of the same
   * run date (a rerun does not duplicate them); creates the table on first use and adds new
   * columns when the product gains some. Does nothing when no constraint quarantines.
   *
   * @return the rows written
   */
  public long writeQuarantine(Warehouse warehouse) {
    boolean quarantines = product.constraints().stream().anyMatch(c -> RowFlags.action(c) == ConstraintSpec.OnFail.QUARANTINE);
    if (!quarantines) {
      return 0;
    }
    String path = RowActions.quarantineTable(warehouse, product).toString();
    quarantine()
        .write()
        .format("delta")
        .mode("overwrite")
        .option("replaceWhere", RowActions.RUN_DATE_COLUMN + " = DATE'" + runDate + "'")
        .option("mergeSchema", "true")
        .option("userMetadata", "{\"product\":\"" + product.id() + "\",\"runId\":\"" + runId + "\",\"runDate\":\"" + runDate + "\"}")
        .save(path);
    Map<String, String> metrics =
        scala.collection.JavaConverters.mapAsJavaMap(
            DeltaTable.forPath(flags.publish().sparkSession(), path).history(1).first().<scala.collection.Map<String, String>>getAs("operationMetrics"));
    return Long.parseLong(metrics.getOrDefault("numOutputRows", "0"));
  }
}
