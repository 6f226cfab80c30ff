package io.meshwork.core.publish;

import io.meshwork.core.model.DataProduct;
import java.util.Objects;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Rows a run keeps out of its product, to be written to the product's quarantine table only if
 * the product is published: {@link Publisher#publish(DataProduct, Dataset, RunStamp, Quarantine)}
 * stages them after the gate passed and commits them right after the product's commit, each row
 * with {@link #DATA_VERSION_COLUMN} = the data version it belongs to. The quarantine commit
 * replaces the rows of the same run date ({@link #RUN_DATE_COLUMN}) and records the Delta
 * transaction id {@code meshwork:quarantine:<product>:<run date>} at the product's data version,
 * so a rerun replaces rather than doubles them, and a run that died between the two commits is
 * finished by the next run of that date (append) or by {@code mesh doctor}.
 *
 * @param table the quarantine table
 * @param rows the quarantined rows, with a {@link #RUN_DATE_COLUMN} column
 */
public record Quarantine(Path table, Dataset<Row> rows) {
  /** The column holding the run date whose rows a rerun replaces. */
  public static final String RUN_DATE_COLUMN = "_mesh_run_date";
  /** The column holding the product data version the rows were kept out of. */
  public static final String DATA_VERSION_COLUMN = "_mesh_data_version";

  public Quarantine {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(rows, "rows");
  }

  /** The Delta transaction id of the quarantine commits of a run key (product and run date). */
  public static String appId(DataProduct product, java.time.LocalDate runDate) {
    return "meshwork:quarantine:" + product.id() + ":" + runDate;
  }
}
