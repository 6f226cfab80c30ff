package io.meshwork.core.publish;

import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.storage.Storage;
import io.meshwork.core.storage.Vacuum;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.core.storage.internal.CommitLog;
import io.meshwork.core.storage.internal.DeltaStagedWrite;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The quarantine commit a publish still owes: saved (as Delta's own actions, {@link
 * DeltaStagedWrite#pending}) under {@code <warehouse>/_mesh/products/<domain>/<name>/v<major>/quarantine-pending/<runId>.json}
 * after the quarantined rows are staged and before the product's commit, deleted once the
 * quarantine commit is made. A run that died between the two commits leaves it behind, and
 * {@link #finish} (what {@code mesh doctor} runs) makes the commit the run would have made, or,
 * when the product's commit never landed, deletes the staged files.
 */
public final class PendingQuarantine {
  /** What {@link #finish} did (or, in a dry run, would do) for one pending commit. */
  public record Outcome(ProductId product, String runId, Long dataVersion, String what) {}

  private PendingQuarantine() {}

  static Path save(Warehouse warehouse, DataProduct product, RunStamp stamp, String pendingJson) {
    Path file = new Path(dir(warehouse, product.id(), product.version().major()), stamp.runId() + ".json");
    Storage.write(file, pendingJson.getBytes(StandardCharsets.UTF_8));
    return file;
  }

  static void discard(Path pending) {
    if (pending != null) {
      Storage.delete(pending, false);
    }
  }

  private static Path dir(Warehouse warehouse, ProductId id, int major) {
    return new Path(warehouse.state(id, major), "quarantine-pending");
  }

  /**
   * Finishes every quarantine commit the product's runs still owe: where the run's product commit
   * landed, the quarantine commit is made (unless a later run of the date already replaced it);
   * where it did not and the run is over, its staged quarantine files are deleted.
   */
  public static List<Outcome> finish(SparkSession spark, Warehouse warehouse, ProductId id, boolean dryRun) {
    List<Outcome> outcomes = new ArrayList<>();
    for (int major : warehouse.majors(id)) {
      Path table = warehouse.table(id, major);
      for (Path file : Storage.files(dir(warehouse, id, major), ".json")) {
        String runId = file.getName().substring(0, file.getName().length() - ".json".length());
        if (Vacuum.isLive(table, runId)) {
          continue; // still running: its own commit comes
        }
        String json = Storage.readIfExists(file).orElse(null);
        if (json == null) {
          continue;
        }
        Long version =
            Warehouse.hasCommit(table)
                ? CommitLog.newest(spark, table, c -> runId.equals(DeltaStagedWrite.field(c.text("userMetadata"), "runId")))
                    .map(CommitLog.Commit::version).orElse(null)
                : null;
        String what;
        if (version == null) {
          what = "removed the staged quarantine rows of a run that published nothing";
        } else {
          what = "wrote the quarantined rows of the published version to " + Warehouse.display(warehouse.quarantine(id, major));
        }
        if (!dryRun) {
          DeltaStagedWrite.PendingOutcome done =
              version == null ? DeltaStagedWrite.discardPending(spark, json) : DeltaStagedWrite.commitPending(spark, json);
          if (done == DeltaStagedWrite.PendingOutcome.ALREADY_DONE && version != null) {
            what = "found the quarantined rows already replaced by a later run of the date; removed the staged ones";
          }
          Storage.delete(file, false);
        }
        outcomes.add(new Outcome(id, runId, version, what));
      }
    }
    return outcomes;
  }
}
