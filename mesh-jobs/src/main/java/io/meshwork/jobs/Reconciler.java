package io.meshwork.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.Mesh;
import io.meshwork.core.catalog.CatalogEntry;
import io.meshwork.core.catalog.ProductVersion;
import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.InputVersion;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.publish.PendingQuarantine;
import io.meshwork.core.spi.RunInfo;
import io.meshwork.core.spi.RunListener;
import io.meshwork.core.spi.RunOutcome;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.core.storage.internal.CommitLog;
import io.meshwork.lineage.internal.LineageObjects;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;

/**
 * Brings the catalog and the lineage in line with the Delta log after a crash. The Delta log is
 * the truth: a publish is one atomic commit, so a run that died after its commit published, and
 * one that died before it did not. What a crash between the commit and the end of the run can
 * leave behind, and what is repaired:
 *
 * <ul>
 *   <li>a certified version (a commit carrying Meshwork's stamp) with no {@code certified} catalog
 *       row: the row is recorded from the stamp (run id, run date, rows, contract version,
 *       constraint counts) and the commit time;
 *   <li>its run's final lineage event missing: a {@code COMPLETE} event is emitted for the run, with
 *       the version, rows and inputs of the stamp. With the {@code file} transport the event log is
 *       read, so a run that has a {@code START} but no {@code COMPLETE}/{@code FAIL} is completed even
 *       when its catalog row exists; with other transports only the runs whose catalog row was
 *       missing (the catalog is written before the final lineage event).
 * </ul>
 *
 * Runs that crashed before their commit published nothing and need no repair: their staged files
 * are not part of the table (Delta's {@code VACUUM} deletes them). Nothing is guessed about runs
 * that may still be in flight: only committed versions are acted on.
 *
 * <pre>{@code
 * List<Reconciler.Repair> repairs = new Reconciler(mesh, contracts, lineage, lineageDir).reconcileAll();
 * }</pre>
 */
public final class Reconciler {
  /** One repair made (or, in a dry run, to make). */
  public record Repair(ProductId product, Long dataVersion, String runId, String what) {
    @Override
    public String toString() {
      return product + (dataVersion == null ? "" : " v" + dataVersion) + " (run " + runId + "): " + what;
    }
  }

  /** What the catalog row of a reconciled version says in its message column. */
  public static final String RECORDED_BY_DOCTOR = "recorded by mesh doctor from the Delta log: the run committed this version but stopped before recording it";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Mesh mesh;
  private final ContractRepository contracts;
  private final RunListener lineage;
  private final Path lineageDir;

  /**
   * @param lineage where COMPLETE events for reconciled runs go ({@link RunListener#NONE} for none)
   * @param lineageDir the file transport's lineage directory, read to find runs without a final
   *     event; null when lineage does not go to a file
   */
  public Reconciler(Mesh mesh, ContractRepository contracts, RunListener lineage, Path lineageDir) {
    this.mesh = mesh;
    this.contracts = contracts;
    this.lineage = lineage;
    this.lineageDir = lineageDir;
  }

  /** Reconciles every product table of the warehouse. */
  public List<Repair> reconcileAll() {
    return reconcile(mesh.products(), false);
  }

  /** Reconciles the given products (those without a table are skipped). */
  public List<Repair> reconcile(List<ProductId> products, boolean dryRun) {
    Map<String, String> finalEvents = finalLineageEvents();
    Set<String> started = startedRuns();
    List<Repair> repairs = new ArrayList<>();
    Set<ProductId> tables = new HashSet<>(mesh.products());
    for (ProductId id : products) {
      if (tables.contains(id)) {
        repairs.addAll(reconcile(id, dryRun, finalEvents, started));
      }
    }
    return repairs;
  }

  private List<Repair> reconcile(ProductId id, boolean dryRun, Map<String, String> finalEvents, Set<String> started) {
    List<Repair> repairs = new ArrayList<>();
    // A run that died between its product's commit and its quarantine commit: make the second.
    for (PendingQuarantine.Outcome o : PendingQuarantine.finish(mesh.spark(), mesh.warehouse(), id, dryRun)) {
      repairs.add(new Repair(id, o.dataVersion(), o.runId(), o.what()));
    }
    List<ProductVersion> versions = mesh.read(id).versions();
    if (versions.isEmpty()) {
      return repairs;
    }
    Set<Long> recorded = new HashSet<>();
    for (CatalogEntry e : mesh.catalog().entries(id)) {
      if (e.certified() && e.dataVersion() != null) {
        recorded.add(e.dataVersion());
      }
    }
    DataProduct contract = contractOf(id);
    Map<Long, JsonNode> stamps = null;
    for (ProductVersion v : versions) {
      boolean missingRow = !recorded.contains(v.version());
      boolean missingEvent =
          v.runId() != null
              && !finalEvents.containsKey(v.runId())
              && (missingRow || (lineageDir != null && started.contains(v.runId())));
      if (!missingRow && !missingEvent) {
        continue;
      }
      if (stamps == null) {
        stamps = stamps(id);
      }
      JsonNode stamp = stamps.getOrDefault(v.version(), JSON.createObjectNode());
      if (missingRow) {
        repairs.add(new Repair(id, v.version(), v.runId(), "recorded the certified version in the catalog"));
        if (!dryRun) {
          record(id, contract, v, stamp);
        }
      }
      if (missingEvent && contract != null && lineage != RunListener.NONE) {
        repairs.add(new Repair(id, v.version(), v.runId(), "emitted the run's COMPLETE lineage event"));
        if (!dryRun) {
          complete(contract, v, stamp);
        }
      }
    }
    return repairs;
  }

  private void record(ProductId id, DataProduct contract, ProductVersion v, JsonNode stamp) {
    JsonNode quality = stamp.path("quality");
    Map<String, String> properties = contract == null ? tableProperties(id) : Map.of();
    // rows: what a reader of the version sees (as a run records it); rowsAdded: what the run wrote.
    long rows = mesh.spark().read().format("delta").option("versionAsOf", v.version()).load(mesh.warehouse().table(id).toString()).count();
    mesh.catalog()
        .record(
            new CatalogEntry(
                id.toString(),
                id.domain(),
                id.name(),
                v.version(),
                v.contractVersion(),
                contract != null ? contract.owner().toString() : properties.get("mesh.owner"),
                CatalogEntry.CERTIFIED,
                rows,
                v.timestamp(),
                v.runId(),
                v.runDate(),
                quality.path("passed").asInt(0),
                quality.path("failed").asInt(0),
                quality.path("warned").asInt(0),
                RECORDED_BY_DOCTOR,
                contract != null ? contract.description() : null,
                Warehouse.display(mesh.warehouse().table(id)),
                v.rows() == null ? 0 : v.rows()));
  }

  private void complete(DataProduct contract, ProductVersion v, JsonNode stamp) {
    List<InputVersion> inputs = new ArrayList<>();
    for (JsonNode in : stamp.path("inputs")) {
      inputs.add(
          new InputVersion(
              in.path("name").asText(), in.path("kind").asText(), in.path("uri").asText(), in.hasNonNull("version") ? in.get("version").asLong() : null));
    }
    RunInfo info =
        new RunInfo(
            UUID.fromString(v.runId()),
            contract,
            v.runDate(),
            mesh.warehouse().uri(),
            Warehouse.uri(mesh.warehouse().table(contract.id())),
            v.timestamp(),
            null);
    lineage.finished(
        info,
        new RunOutcome(
            v.version(),
            v.rows() == null ? 0 : v.rows(),
            null,
            inputs,
            mesh.read(contract.id()).version(v.version()).schema(),
            v.timestamp(),
            null));
  }

  private DataProduct contractOf(ProductId id) {
    try {
      return contracts.load(id);
    } catch (MeshException e) {
      return null; // the product has a table but no (valid) contract here: record from the table alone
    }
  }

  /** The publish stamps ({@code commitInfo.userMetadata}) of the table, by version. */
  private Map<Long, JsonNode> stamps(ProductId id) {
    Map<Long, JsonNode> out = new HashMap<>();
    for (CommitLog.Commit c : CommitLog.commits(mesh.spark(), mesh.warehouse().table(id))) {
      if (c.text("userMetadata") != null) {
        try {
          out.put(c.version(), JSON.readTree(c.text("userMetadata")));
        } catch (IOException notAStamp) {
          // another writer's metadata
        }
      }
    }
    return out;
  }

  private Map<String, String> tableProperties(ProductId id) {
    Map<String, String> out = new HashMap<>();
    String table = mesh.warehouse().table(id).toString();
    for (Row r : mesh.spark().sql("SHOW TBLPROPERTIES delta.`" + table.replace("`", "``") + "`").collectAsList()) {
      out.put(r.getString(0), r.getString(1));
    }
    return out;
  }

  /** Run id → COMPLETE or FAIL, from the file transport's event log. */
  private Map<String, String> finalLineageEvents() {
    Map<String, String> out = new HashMap<>();
    events((type, runId) -> {
      if ("COMPLETE".equals(type) || "FAIL".equals(type) || "ABORT".equals(type)) {
        out.put(runId, type);
      }
    });
    return out;
  }

  private Set<String> startedRuns() {
    Set<String> out = new HashSet<>();
    events((type, runId) -> {
      if ("START".equals(type)) {
        out.add(runId);
      }
    });
    return out;
  }

  private void events(java.util.function.BiConsumer<String, String> each) {
    if (lineageDir == null) {
      return;
    }
    for (LineageObjects.Stored stored : LineageObjects.readAll(lineageDir)) {
      try {
        JsonNode event = JSON.readTree(stored.json());
        each.accept(event.path("eventType").asText(), event.path("run").path("runId").asText());
      } catch (IOException torn) {
        // a line torn by a crash mid-write: not an event
      }
    }
  }
}
