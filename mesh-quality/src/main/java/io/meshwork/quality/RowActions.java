package io.meshwork.quality;

import io.meshwork.core.model.DataProduct;
import io.meshwork.core.publish.VerificationContext;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.quality.internal.RowFlags;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code on-fail} of row-level constraints: {@code fail} (the default: the gate fails or warns),
 * {@code drop} (the failing rows are not published, only counted) and {@code quarantine} (the
 * failing rows are not published but written to the product's quarantine table). Row-level
 * checks: {@code complete}, {@code range}, {@code non-negative}, {@code allowed-values},
 * {@code pattern}, {@code max-length}, {@code compliance}, {@code references}. A row is judged by
 * the gate's own conditions (NULLs are left to {@code complete}).
 *
 * <p>Split the rows before the publish gate; the gate then verifies what is left:
 *
 * <pre>{@code
 * RowSplit split = RowActions.split(product, rows, context);
 * long quarantined = split.writeQuarantine(warehouse);        // <warehouse>/_mesh/quarantine/<domain>/<name>/v<major>
 * RowSplit.Counts counts = split.counts();                     // rows, dropped, quarantined
 * publisher.publish(product, split.publish(), stamp);
 * }</pre>
 *
 * <p>The quarantine table is a Delta table of its own inside the product's directory. Delta
 * ignores directories whose name starts with {@code _} when it lists a table (VACUUM included),
 * so the product table never sees it.
 */
public final class RowActions {
  /** The quarantine column naming every row-level constraint a row failed ({@code array<string>}). */
  public static final String FAILED_COLUMN = RowFlags.FAILED;
  /** The quarantine column holding the run id. */
  public static final String RUN_ID_COLUMN = "_mesh_run_id";
  /** The quarantine column holding the run date; a rerun replaces the rows of its run date. */
  public static final String RUN_DATE_COLUMN = io.meshwork.core.publish.Quarantine.RUN_DATE_COLUMN;
  /** The quarantine column holding the product data version the rows were kept out of. */
  public static final String DATA_VERSION_COLUMN = io.meshwork.core.publish.Quarantine.DATA_VERSION_COLUMN;

  private RowActions() {}

  /**
   * Splits {@code data} by the product's {@code on-fail} actions. Lazy: nothing runs until a
   * result is read or written. When no constraint drops or quarantines, {@link RowSplit#publish()}
   * is {@code data} itself and nothing else is computed.
   *
   * @param context the run (run id and date label the quarantined rows); {@code references}
   *     reads the referenced product through it
   * @throws io.meshwork.core.model.MeshException (exit 2) when a {@code references} constraint drops or
   *     quarantines and the context cannot read other products
   */
  public static RowSplit split(DataProduct product, Dataset<Row> data, VerificationContext context) {
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(context, "context");
    return new RowSplit(product, RowFlags.of(product, data, context), context.runId(), context.runDate());
  }

  /** As {@link #split(DataProduct, Dataset, VerificationContext)}, for a run without access to other products. */
  public static RowSplit split(DataProduct product, Dataset<Row> data, UUID runId, LocalDate runDate) {
    return split(product, data, new VerificationContext(product.id(), product.version(), runDate, runId, null, null, null));
  }

  /**
   * The quarantine table of a product's contract major, beside the product tables:
   * {@code <warehouse>/_mesh/quarantine/<domain>/<name>/v<major>}, so that each major's quarantined
   * rows keep that major's columns.
   */
  public static Path quarantineTable(Warehouse warehouse, DataProduct product) {
    return warehouse.quarantine(product.id(), product.version().major());
  }
}
