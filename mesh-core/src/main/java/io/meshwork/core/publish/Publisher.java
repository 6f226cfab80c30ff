package io.meshwork.core.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshwork.core.catalog.Metastore;
import io.meshwork.core.model.AccessPolicy;
import io.meshwork.core.model.ColumnSpec;
import io.meshwork.core.model.ConstraintResult;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Deprecation;
import io.meshwork.core.model.InputVersion;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.Owner;
import io.meshwork.core.model.PublishConflictException;
import io.meshwork.core.model.QualityGateException;
import io.meshwork.core.model.QualityReport;
import io.meshwork.core.model.WriteSpec;
import io.meshwork.core.publish.internal.WriterClustering;
import io.meshwork.core.storage.Storage;
import io.meshwork.core.storage.TableProperties;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.core.storage.WrittenStatistics;
import io.meshwork.core.storage.internal.DeltaStagedWrite;
import io.meshwork.core.storage.internal.LogRetention;
import io.meshwork.core.storage.internal.ProductWrites;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a product's rows to its Delta table ({@link Warehouse#table(DataProduct)}: the table
 * of its contract's major) in one write–audit–publish transaction: the rows
 * are written as data files inside the table directory but not committed, the audit (required
 * columns, then the {@link QualityGate}) reads exactly those files, and only when it passes does
 * one Delta commit make them visible, together with the contract stamp. When it fails, nothing
 * is committed and the files are deleted: no reader, Meshwork or not, ever sees unverified rows.
 *
 * <pre>{@code
 * Publisher publisher = new Publisher(spark, Warehouse.at(root), gate);
 * PublishResult r = publisher.publish(product, rows, new RunStamp(runId, runDate, inputs));
 * }</pre>
 *
 * <h2>Write modes ({@code write.mode} of the contract)</h2>
 *
 * <ul>
 *   <li>{@code overwrite}: the rows replace the table. The gate sees the new rows.
 *   <li>{@code append}: the rows are added. The gate sees the table as it will be after the
 *       commit (current rows and new rows), so whole-table constraints such as uniqueness of a
 *       key hold across old and new rows.
 *   <li>{@code replace-partition}: the rows replace the partition of the run date: every row's
 *       first {@code write.partition-by} column must equal the run date. The gate sees the table
 *       as it will be after the commit.
 *   <li>{@code merge}: an upsert on the primary key, copy-on-write: the rows are added, and each
 *       table file holding one of their keys is replaced by its other rows. The gate sees the
 *       table as it will be after the commit. {@link PublishResult#rows()} counts every row
 *       written, the copied ones included.
 * </ul>
 *
 * <h2>Stamp</h2>
 *
 * The table properties {@code mesh.product}, {@code mesh.contract.version}, {@code mesh.owner},
 * {@code mesh.contract.sha256}, the contract's deprecation ({@code mesh.deprecation.sunset},
 * {@code mesh.deprecation.successor-major}, {@code mesh.deprecation.note}) and the columns' comments (= descriptions) are set by the
 * publishing commit itself, and its {@code commitInfo.userMetadata} is a JSON object:
 * {@code {"product","contractVersion","runId","runDate","rows","inputs":[{"name","kind","uri",
 * "version"}],"quality":{"passed","failed","warned","dropped","quarantined"}}}.
 *
 * <h2>Reruns</h2>
 *
 * A run is keyed by product and run date. {@code overwrite} and {@code replace-partition} are
 * naturally idempotent: a rerun replaces what the earlier run wrote. An {@code append} commit
 * also records the Delta transaction id {@code meshwork:<product>:<run date>} (a Delta
 * {@code SetTransaction}, which Delta keeps in the table state, checkpoints included). Delta
 * defines a transaction id's version as "the latest version committed by this application";
 * with one id per run date the only version ever written is 0 and its presence means "this run
 * date is already appended". A rerun of an appended run date therefore writes nothing and
 * returns the version that published it with {@code rows() == 0}: appended rows are never
 * duplicated. To correct an appended day, use {@code replace-partition}. Because the
 * transaction reads the id, two concurrent appends of the same run date conflict and only one
 * commits.
 *
 * <h2>Concurrency</h2>
 *
 * Every publish declares that it read the whole table, so any other data commit between the
 * start of a publish and its commit makes it fail with {@link PublishConflictException}
 * (exit 5) instead of being committed on top of rows its audit never saw.
 */
public final class Publisher {
  /** The retention of a contract that states none, when the platform gives no other: Delta's default log retention. */
  public static final java.time.Duration DEFAULT_RETENTION = java.time.Duration.ofDays(30);

  /** Delta file tag of the files an {@code append} wrote: the run date (what {@link #restate} replaces). */
  public static final String RUN_DATE_TAG = "mesh.runDate";

  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final QualityGate gate;
  private Runnable beforeCommit = () -> {};
  private Metastore.Settings metastore = Metastore.Settings.DEFAULT;
  private java.time.Duration defaultRetention = DEFAULT_RETENTION;
  private java.util.SortedSet<Long> pinned = new TreeSet<>();

  public Publisher(SparkSession spark, Warehouse warehouse, QualityGate gate) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
    this.gate = Objects.requireNonNull(gate, "gate");
    Storage.configureFor(spark, warehouse.root());
  }

  /**
   * How a publish registers its product when the session's catalog is a Hive metastore
   * ({@link Metastore}); {@link Metastore.Settings#DEFAULT} otherwise.
   */
  public Publisher withMetastore(Metastore.Settings settings) {
    this.metastore = Objects.requireNonNull(settings, "settings");
    return this;
  }

  /**
   * The retention of certified versions. Every publish sets the table's {@code
   * delta.logRetentionDuration} and {@code delta.deletedFileRetentionDuration} from the contract's
   * {@code retention.versions} (else {@code platformDefault}), extended so that Delta keeps the log
   * (and the files) from the oldest {@code pinned} version on for that long again: a version a
   * consumer or a model still reads is never cleaned up.
   *
   * @param pinnedVersions versions of the table the publish writes that must stay readable
   */
  public Publisher withRetention(java.time.Duration platformDefault, java.util.Collection<Long> pinnedVersions) {
    this.defaultRetention = Objects.requireNonNull(platformDefault, "platformDefault");
    this.pinned = new TreeSet<>(pinnedVersions);
    return this;
  }

  /** Test hook: runs after the audit passed, just before the commit. */
  void beforeCommit(Runnable hook) {
    this.beforeCommit = Objects.requireNonNull(hook);
  }

  /**
   * Schema check, stage, verify, then one commit or nothing.
   *
   * @throws QualityGateException (exit 3) when the schema check, the required columns or the
   *     quality gate refuse the rows; nothing was committed and the staged files are deleted
   * @throws PublishConflictException (exit 5) when another writer committed to the table while
   *     this publish was running; nothing was committed and the staged files are deleted
   * @throws MeshException (exit 2) when the write mode cannot be applied to the table (unknown
   *     mode, no date or string partition column for {@code replace-partition}, no primary key
   *     for {@code merge}, an append, partition replace or merge that would change the table's
   *     columns or partitioning)
   */
  public PublishResult publish(DataProduct product, Dataset<Row> data, RunStamp stamp) {
    return publish(product, data, stamp, null);
  }

  /**
   * As {@link #publish(DataProduct, Dataset, RunStamp)}, with the rows the run kept out of the
   * product: they reach their quarantine table only when the product is published (see {@link
   * Quarantine}), never for a refused run or one that lost a conflict.
   *
   * @param quarantine the quarantined rows and their table, or null
   */
  public PublishResult publish(DataProduct product, Dataset<Row> data, RunStamp stamp, Quarantine quarantine) {
    return publish(product, data, stamp, quarantine, false);
  }

  /**
   * Replaces what run date {@code stamp.runDate()} appended to an {@code append} table with
   * {@code data}, through the gate (which sees the table as it will be), as a new stamped
   * version whose stamp says {@code "restated": true}. The files an append wrote carry the Delta
   * file tag {@value #RUN_DATE_TAG}; files appended before the tag existed are found as those the
   * run date's commit added.
   *
   * @throws MeshException (exit 2) when the write mode is not {@code append} (its reruns replace
   *     already) or the run date was never appended
   */
  public PublishResult restate(DataProduct product, Dataset<Row> data, RunStamp stamp, Quarantine quarantine) {
    return publish(product, data, stamp, quarantine, true);
  }

  /**
   * Publishes, through the gate, a version of the product without the rows matching {@code where}
   * (a SQL predicate on its columns), recording in the commit stamp who asked and why ({@code
   * "erasure": {"where", "reason", "requestedBy", "rows"}}). Only the files holding a matching row
   * are rewritten. Older versions still hold the rows until retention removes them.
   *
   * @throws MeshException (exit 2) when the product has no table, the predicate does not analyze
   *     or no row matches (then nothing is published)
   * @throws QualityGateException (exit 3) when the table without the rows fails the gate
   */
  public PublishResult erase(DataProduct product, String where, String reason, String requestedBy, RunStamp stamp) {
    // The session extension (MeshSessionExtension) refuses writes to product tables outside this scope.
    return ProductWrites.certified(() -> eraseGated(product, where, reason, requestedBy, stamp));
  }

  private PublishResult eraseGated(DataProduct product, String where, String reason, String requestedBy, RunStamp stamp) {
    StructType schema = SchemaCheck.tableSchema(product);
    DeltaStagedWrite write = DeltaStagedWrite.begin(spark, warehouse.table(product), liveFilesDir(warehouse, product));
    if (!write.tableExisted()) {
      write.abort();
      throw new ContractException("Cannot erase from " + product.displayName() + ": it has no published version");
    }
    try {
      Dataset<Row> current = write.readCurrentWithFiles().orElseThrow();
      Column matches;
      Set<String> files = new TreeSet<>();
      long erased = 0;
      try {
        matches = functions.coalesce(functions.expr(where), lit(false));
        for (Row r : current.where(matches).groupBy(DeltaStagedWrite.FILE_COLUMN).count().collectAsList()) {
          files.add(r.getString(0));
          erased += r.getLong(1);
        }
      } catch (Exception e) { // AnalysisException and ParseException are checked in Scala's eyes only
        if (e instanceof RuntimeException && !(e instanceof org.apache.spark.sql.AnalysisException)) {
          throw e;
        }
        throw new ContractException(
            "Cannot erase from " + product.displayName() + ": --where \"" + where + "\" is not a predicate on its columns: "
                + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
      }
      if (files.isEmpty()) {
        throw new ContractException("Nothing to erase from " + product.displayName() + ": no row matches " + where + "; nothing was published");
      }
      // The rewritten files keep the run date tag of the files they replace, so a later restate still finds them;
      // untagged files are staged last, as tagging leaves files that are tagged already alone.
      Map<String, String> runDates = write.tagsOfFiles(RUN_DATE_TAG);
      Map<String, Set<String>> byRunDate = new java.util.TreeMap<>(java.util.Comparator.nullsLast(java.util.Comparator.<String>naturalOrder()));
      files.forEach(f -> byRunDate.computeIfAbsent(runDates.get(f), k -> new TreeSet<>()).add(f));
      boolean first = true;
      for (Map.Entry<String, Set<String>> group : byRunDate.entrySet()) {
        Dataset<Row> remaining = current.where(col(DeltaStagedWrite.FILE_COLUMN).isin(group.getValue().toArray()).and(not(matches))).select(columns(product));
        if (first) {
          write.stage(remaining, DeltaStagedWrite.Mode.REPLACE_FILES, schema, writeSpec(product).partitionBy(), null, stampProperties(product), product.description());
          first = false;
        } else {
          write.stageMore(remaining);
        }
        if (group.getKey() != null) {
          write.tagStaged(RUN_DATE_TAG, group.getKey());
        }
      }
      write.removeFiles(files, "erase where " + where);
      Dataset<Row> staged = write.readStaged(schema).select(columns(product));
      long written = write.stagedStatistics().map(WrittenStatistics::rows).orElseGet(staged::count);
      QualityReport report = gate.verify(product, write.readKept().orElseThrow().unionByName(staged, true).select(columns(product)));
      if (!report.passed()) {
        throw new QualityGateException(
            "Quality gate failed for " + product.displayName() + " without the rows matching " + where + ": "
                + report.failures().stream().map(ConstraintResult::message).collect(Collectors.joining("; ")),
            report);
      }
      ObjectNode erasure = JSON.createObjectNode();
      erasure.put("where", where);
      erasure.put("reason", reason);
      erasure.put("requestedBy", requestedBy);
      erasure.put("rows", erased);
      long version;
      try {
        version = write.commit(withField(userMetadata(product, stamp, written, report), "erasure", erasure), null);
      } catch (DeltaStagedWrite.Conflict c) {
        gate.settle(product, PublishOutcome.CONFLICT, null);
        throw c;
      }
      gate.settle(product, PublishOutcome.PUBLISHED, version);
      return new PublishResult(version, written, report, schema, write.commitTimestamp(version), write.rowsAfterCommit(version));
    } catch (DeltaStagedWrite.Conflict c) {
      throw new PublishConflictException(conflictMessage(product, c), c);
    } catch (Throwable e) { // also Spark's SparkException, checked in Java's eyes; rethrown as is
      write.abort();
      throw e;
    }
  }

  /** {@code json} (an object) with one more field. */
  private static String withField(String json, String name, JsonNode value) {
    try {
      ObjectNode node = (ObjectNode) JSON.readTree(json);
      node.set(name, value);
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private PublishResult publish(DataProduct product, Dataset<Row> data, RunStamp stamp, Quarantine quarantine, boolean restate) {
    // The session extension (MeshSessionExtension) refuses writes to product tables outside this scope.
    return ProductWrites.certified(() -> publishGated(product, data, stamp, quarantine, restate));
  }

  private PublishResult publishGated(DataProduct product, Dataset<Row> data, RunStamp stamp, Quarantine quarantine, boolean restate) {
    warehouse.markLayout();
    Dataset<Row> rows = SchemaCheck.conform(product, data);
    WriteMode mode = WriteMode.of(product);
    StructType schema = SchemaCheck.tableSchema(product);
    String predicate = mode == WriteMode.REPLACE_PARTITION ? partitionPredicate(product, stamp) : null;
    if (mode == WriteMode.MERGE && product.primaryKey().isEmpty()) {
      throw new ContractException("Cannot publish " + product.displayName() + ": write mode merge needs a primary key");
    }

    Metastore registry = Metastore.isHive(spark) ? new Metastore(spark, warehouse, metastore) : null;
    if (registry != null) {
      registry.check(product); // a name registered elsewhere refuses the publish before anything is written
    }
    DeltaStagedWrite write = DeltaStagedWrite.begin(spark, warehouse.table(product), liveFilesDir(warehouse, product));
    DeltaStagedWrite quarantined = null;
    org.apache.hadoop.fs.Path pending = null;
    String appId = mode == WriteMode.APPEND ? "meshwork:" + product.id() + ":" + stamp.runDate() : null;
    boolean appended = appId != null && write.alreadyCommitted(appId);
    if (restate && mode != WriteMode.APPEND) {
      write.abort();
      throw new ContractException(
          "Cannot restate run date " + stamp.runDate() + " of " + product.displayName() + ": write mode " + mode.label
              + " already replaces what a rerun of the date replaces (--restate is for write mode append)");
    }
    if (restate && !appended) {
      write.abort();
      throw new ContractException(
          "Cannot restate run date " + stamp.runDate() + " of " + product.displayName() + ": it was never appended (run it without --restate)");
    }
    if (appended && !restate) {
      return alreadyAppended(product, stamp, write, schema, quarantine);
    }
    if (mode != WriteMode.OVERWRITE) {
      checkTableKeepsShape(product, mode, write, schema);
    }
    try {
      // how Spark partitioned `rows` is how their files are written: a hint for the gate
      Optional<WriterClustering.Hash> clustering = WriterClustering.of(rows);
      WriteObserver observer = gate.observer(
          product, rows, clustering.map(WriterClustering.Hash::columns).orElse(List.of()), clustering.map(WriterClustering.Hash::partitions).orElse(0))
          .orElse(null);
      write.stage(
          observer == null ? rows : observer.attach(rows), restate ? DeltaStagedWrite.Mode.REPLACE_FILES : mode.delta, schema, writeSpec(product).partitionBy(), predicate, stampProperties(product),
          product.description());
      if (mode == WriteMode.APPEND) {
        write.tagStaged(RUN_DATE_TAG, stamp.runDate().toString());
      }
      if (restate) {
        Set<String> files = write.filesTagged(RUN_DATE_TAG, stamp.runDate().toString());
        if (files.isEmpty()) { // appended before files were tagged: the files the run date's commit added
          files = write.latestCommitWhere("runDate", stamp.runDate().toString()).map(c -> write.liveFilesAddedAt(c.version())).orElse(Set.of());
        }
        if (!files.isEmpty()) {
          write.removeFiles(files, "restate run date " + stamp.runDate());
        }
      }
      if (mode == WriteMode.MERGE) {
        copyUntouchedRows(product, write, schema);
      }
      Dataset<Row> staged = write.readStaged(schema).select(columns(product));
      Optional<WrittenStatistics> statistics = write.stagedStatistics();
      if (statistics.isPresent() && !restate && (mode == WriteMode.OVERWRITE || !write.tableExisted())) {
        // only `rows` were staged: how Spark partitioned them is how their files were written
        if (clustering.isPresent()) {
          statistics = Optional.of(statistics.get().clusteredBy(clustering.get().columns(), clustering.get().partitions()));
        }
      }
      long written = audit(product, write, staged, statistics, mode, stamp);
      Optional<Dataset<Row>> kept = write.readKept();
      // The gate gets the change: the staged rows, the files kept, Delta's statistics of every
      // live file. When the staged rows are all the table will hold it may take what the
      // statistics say (row count, nulls, numeric ranges) instead of reading the files; otherwise
      // it may verify from the staged rows and per-file state instead of scanning the table.
      QualityReport report = gate.verify(product, change(product, write, staged, statistics, kept, schema, observer));
      if (!report.passed()) {
        throw new QualityGateException(
            "Quality gate failed for " + product.displayName() + ": "
                + report.failures().stream().map(ConstraintResult::message).collect(Collectors.joining("; ")),
            report);
      }
      quarantined = quarantine == null ? null : stageQuarantine(product, stamp, quarantine, write.readVersion() + 1);
      if (quarantined != null) { // durable before the product's commit: mesh doctor finishes it if the run dies between the two
        pending = PendingQuarantine.save(warehouse, product, stamp, quarantined.pending(
            quarantineMetadata(product, stamp, write.readVersion() + 1), Quarantine.appId(product, stamp.runDate()), write.readVersion() + 1));
      }
      beforeCommit.run();
      Faults.maybeHalt(Faults.AFTER_WRITE);
      long version;
      try {
        String metadata = userMetadata(product, stamp, written, report);
        version = write.commit(restate ? withField(metadata, "restated", JSON.getNodeFactory().booleanNode(true)) : metadata, restate ? null : appId);
      } catch (DeltaStagedWrite.Conflict c) {
        gate.settle(product, PublishOutcome.CONFLICT, null);
        throw c;
      }
      gate.settle(product, PublishOutcome.PUBLISHED, version);
      Faults.maybeHalt(Faults.AFTER_COMMIT);
      if (quarantined != null) {
        if (commitQuarantine(product, stamp, quarantine, quarantined, version)) {
          Storage.delete(pending, false);
        }
      }
      if (registry != null) {
        try {
          registry.register(product);
        } catch (RuntimeException e) { // published all the same: the next publish registers it
          LOG.warn("{}: data version {} is published but could not be registered in the metastore: {}", product.id(), version, e.getMessage());
        }
      }
      long versionRows = kept.isEmpty() ? written : write.rowsAfterCommit(version);
      return new PublishResult(version, written, report, schema, write.commitTimestamp(version), versionRows);
    } catch (DeltaStagedWrite.Conflict c) {
      if (quarantined != null) {
        quarantined.abort();
        PendingQuarantine.discard(pending);
      }
      throw new PublishConflictException(conflictMessage(product, c), c);
    } catch (Throwable e) { // also Spark's SparkException, checked in Java's eyes; rethrown as is
      write.abort();
      if (quarantined != null) {
        quarantined.abort();
        PendingQuarantine.discard(pending);
      }
      throw e;
    }
  }

  /** What this publish changes in the table, for the gate. */
  private TableChange change(
      DataProduct product, DeltaStagedWrite write, Dataset<Row> staged, Optional<WrittenStatistics> statistics, Optional<Dataset<Row>> kept,
      StructType schema, WriteObserver observer) {
    List<TableChange.DataFile> keptFiles = write.keptDataFiles().stream().map(Publisher::dataFile).toList();
    return new TableChange(
        write.readVersion(),
        staged,
        () -> kept.map(k -> k.unionByName(staged, true).select(columns(product))).orElse(staged),
        write.stagedDataFiles().stream().map(Publisher::dataFile).toList(),
        kept.isEmpty() ? List.of() : keptFiles,
        statistics.orElse(null),
        write.liveStatistics().orElse(null),
        names -> {
          Dataset<Row> rows = write.readFiles(names, schema);
          List<Column> cols = new ArrayList<>(List.of(columns(product)));
          cols.add(col(DeltaStagedWrite.FILE_COLUMN).as(TableChange.FILE_COLUMN));
          return rows.select(cols.toArray(Column[]::new));
        },
        gateStateDir(warehouse, product),
        observer);
  }

  private static TableChange.DataFile dataFile(DeltaStagedWrite.DataFile f) {
    return new TableChange.DataFile(f.name(), f.rows(), f.minValues(), f.maxValues());
  }

  /**
   * Where the manifests of the live files of the table a product's contract publishes to are kept:
   * {@code <warehouse>/_mesh/products/<domain>/<name>/v<major>/live-files} (see {@code
   * DeltaStagedWrite#begin}).
   */
  static org.apache.hadoop.fs.Path liveFilesDir(Warehouse warehouse, DataProduct product) {
    return new org.apache.hadoop.fs.Path(warehouse.state(product.id(), product.version().major()), "live-files");
  }

  /**
   * Where the gate keeps per-file state of the table a product's contract publishes to: {@code
   * <warehouse>/_mesh/products/<domain>/<name>/v<major>/gate-state}. The one place that decides it.
   */
  public static org.apache.hadoop.fs.Path gateStateDir(Warehouse warehouse, DataProduct product) {
    return new org.apache.hadoop.fs.Path(warehouse.state(product.id(), product.version().major()), "gate-state");
  }

  /**
   * Stages the quarantined rows, each with the data version they will belong to, replacing those
   * the quarantine table holds for the run date (the other rows of their files are staged again);
   * null when there is nothing to add or replace.
   */
  private DeltaStagedWrite stageQuarantine(DataProduct product, RunStamp stamp, Quarantine quarantine, long dataVersion) {
    DeltaStagedWrite q = DeltaStagedWrite.begin(spark, quarantine.table());
    try {
      Dataset<Row> rows = quarantine.rows().withColumn(Quarantine.DATA_VERSION_COLUMN, lit(dataVersion));
      StructType schema = new StructType();
      for (StructField f : q.tableSchema().fields()) {
        schema = schema.add(new StructField(f.name(), f.dataType(), true, f.metadata()));
      }
      for (StructField f : rows.schema().fields()) {
        if (!List.of(schema.fieldNames()).contains(f.name())) {
          schema = schema.add(f.name(), f.dataType(), true);
        }
      }
      q.stage(aligned(rows, schema), DeltaStagedWrite.Mode.REPLACE_FILES, schema, q.tablePartitionColumns(), null, Map.of(),
          "Rows of " + product.id() + " kept out by quarantine constraints");
      Optional<Dataset<Row>> current = q.readCurrentWithFiles();
      boolean replaces = false;
      if (current.isPresent()) {
        Column sameDate = col(Quarantine.RUN_DATE_COLUMN).equalTo(lit(java.sql.Date.valueOf(stamp.runDate())));
        Set<String> files =
            current.get().where(sameDate).select(DeltaStagedWrite.FILE_COLUMN).distinct().collectAsList().stream()
                .map(r -> r.getString(0)).collect(Collectors.toCollection(TreeSet::new));
        if (!files.isEmpty()) {
          Dataset<Row> others = current.get().where(col(DeltaStagedWrite.FILE_COLUMN).isin(files.toArray()).and(not(sameDate))).drop(DeltaStagedWrite.FILE_COLUMN);
          q.stageMore(aligned(others, schema));
          q.removeFiles(files, Quarantine.RUN_DATE_COLUMN + " = " + stamp.runDate());
          replaces = true;
        }
      }
      if (!replaces && q.stagedStatistics().map(s -> s.rows() == 0).orElse(false)) {
        q.abort();
        return null;
      }
      return q;
    } catch (Throwable e) { // also Spark's SparkException, checked in Java's eyes; rethrown as is
      q.abort();
      throw e;
    }
  }

  /**
   * Commits the staged quarantine rows after the product's commit, with the transaction id of the
   * run key at the product's data version. The product is published whatever happens here: a
   * failure is logged, and the next run of the date (or {@code mesh doctor}) writes them.
   */
  private static boolean commitQuarantine(DataProduct product, RunStamp stamp, Quarantine quarantine, DeltaStagedWrite q, long version) {
    try {
      q.commit(quarantineMetadata(product, stamp, version), Quarantine.appId(product, stamp.runDate()), version);
      return true;
    } catch (RuntimeException e) {
      LOG.warn("{}: data version {} is published but its quarantined rows were not written to {} (mesh doctor writes them): {}", product.id(), version, quarantine.table(), e.toString());
      return false;
    }
  }

  /** The user metadata of a quarantine commit: which run and data version its rows were kept out of. */
  private static String quarantineMetadata(DataProduct product, RunStamp stamp, long version) {
    ObjectNode json = JSON.createObjectNode();
    json.put("product", product.id().toString());
    json.put("runId", stamp.runId().toString());
    json.put("runDate", stamp.runDate().toString());
    json.put("dataVersion", version);
    return json.toString();
  }

  /** {@code rows} with exactly the columns of {@code schema}, in order; a missing one is null. */
  private static Dataset<Row> aligned(Dataset<Row> rows, StructType schema) {
    List<String> present = List.of(rows.columns());
    return rows.select(
        List.of(schema.fields()).stream()
            .map(f -> present.contains(f.name()) ? col(quote(f.name())).cast(f.dataType()).as(f.name()) : lit(null).cast(f.dataType()).as(f.name()))
            .toArray(Column[]::new));
  }

  /**
   * Counts the staged rows, the nulls of every required column and (for {@code
   * replace-partition}) the rows outside the run date's partition. Delta computed these counts
   * while writing the files (their {@code numRecords} and {@code nullCount} statistics, and their
   * partition values), so they are read from the staged {@code AddFile}s and no file is scanned;
   * only when a file lacks the statistics are the staged files read, in one aggregation.
   */
  private static long audit(
      DataProduct product, DeltaStagedWrite write, Dataset<Row> staged, Optional<WrittenStatistics> statistics, WriteMode mode, RunStamp stamp) {
    List<String> required = product.columns().stream().filter(c -> !c.nullable()).map(ColumnSpec::name).toList();
    String partitionColumn = mode == WriteMode.REPLACE_PARTITION ? writeSpec(product).partitionBy().get(0) : null;
    long[] counts = statistics.flatMap(s -> fromStats(s, write, required, partitionColumn, stamp))
        .orElseGet(() -> scanCounts(staged, required, partitionColumn, product, stamp));
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < required.size(); i++) {
      long nulls = counts[i + 1];
      if (nulls > 0) {
        problems.add("column '" + required.get(i) + "' is not nullable but has " + nulls + (nulls == 1 ? " null value" : " null values"));
      }
    }
    if (partitionColumn != null) {
      long outside = counts[required.size() + 1];
      if (outside > 0) {
        problems.add(
            "write mode replace-partition replaces " + partitionColumn + " = " + stamp.runDate() + " (the run date) but "
                + outside + (outside == 1 ? " row has" : " rows have") + " another " + partitionColumn);
      }
    }
    if (!problems.isEmpty()) {
      throw SchemaCheck.failure(product, problems);
    }
    return counts[0];
  }

  /**
   * {rows, nulls of each required column..., rows outside the partition} from the files'
   * statistics; empty when they lack a required column's null count or the partition values.
   */
  private static Optional<long[]> fromStats(
      WrittenStatistics statistics, DeltaStagedWrite write, List<String> required, String partitionColumn, RunStamp stamp) {
    if (!statistics.nulls().keySet().containsAll(required)) {
      return Optional.empty(); // Delta keeps statistics for the first delta.dataSkippingNumIndexedCols columns only
    }
    long[] counts = new long[required.size() + 2];
    counts[0] = statistics.rows();
    for (int i = 0; i < required.size(); i++) {
      counts[i + 1] = statistics.nulls().get(required.get(i));
    }
    if (partitionColumn != null) {
      Optional<Map<String, Long>> byValue = write.stagedRowsByPartitionValue(partitionColumn);
      if (byValue.isEmpty()) {
        return Optional.empty();
      }
      // Delta writes a date partition value as yyyy-MM-dd, a string one as is: both compare with the run date's text.
      counts[required.size() + 1] = statistics.rows() - byValue.get().getOrDefault(stamp.runDate().toString(), 0L);
    }
    return Optional.of(counts);
  }

  /** The same counts as {@link #fromStats}, by reading the staged files in one aggregation. */
  private static long[] scanCounts(Dataset<Row> staged, List<String> required, String partitionColumn, DataProduct product, RunStamp stamp) {
    List<Column> aggregates = new ArrayList<>();
    for (String name : required) {
      aggregates.add(count(when(col(quote(name)).isNull(), lit(1))));
    }
    if (partitionColumn != null) {
      aggregates.add(count(when(not(col(quote(partitionColumn)).eqNullSafe(runDateLiteral(product, partitionColumn, stamp))), lit(1))));
    }
    Row row = staged.agg(count(lit(1)), aggregates.toArray(Column[]::new)).first();
    long[] counts = new long[required.size() + 2];
    for (int i = 0; i < row.length(); i++) {
      counts[i] = row.getLong(i);
    }
    return counts;
  }

  /**
   * Completes a merge (copy-on-write upsert on the primary key): the new rows are staged; every
   * table file holding one of their keys is removed by the commit, and its other rows are staged
   * again. Keys are read from the staged files, so the job's rows are computed only once.
   */
  private static void copyUntouchedRows(DataProduct product, DeltaStagedWrite write, StructType schema) {
    Optional<Dataset<Row>> current = write.readCurrentWithFiles();
    if (current.isEmpty()) {
      return;
    }
    List<String> key = product.primaryKey();
    Dataset<Row> newKeys =
        write.readStaged(schema)
            .select(java.util.stream.IntStream.range(0, key.size()).mapToObj(i -> col(quote(key.get(i))).as("_mesh_key" + i)).toArray(Column[]::new));
    Column sameKey = lit(true);
    for (int i = 0; i < key.size(); i++) {
      sameKey = sameKey.and(current.get().col(quote(key.get(i))).equalTo(newKeys.col("_mesh_key" + i)));
    }
    Set<String> touched =
        current.get().join(newKeys, sameKey, "left_semi").select(DeltaStagedWrite.FILE_COLUMN).distinct()
            .collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toCollection(TreeSet::new));
    if (touched.isEmpty()) {
      return;
    }
    Dataset<Row> untouched =
        current.get().where(col(DeltaStagedWrite.FILE_COLUMN).isin(touched.toArray())).join(newKeys, sameKey, "left_anti");
    write.stageMore(untouched.select(columns(product)));
    write.removeFiles(touched, "upsert on (" + String.join(", ", product.primaryKey()) + ")");
  }

  private PublishResult alreadyAppended(DataProduct product, RunStamp stamp, DeltaStagedWrite write, StructType schema, Quarantine quarantine) {
    DeltaStagedWrite.Commit commit =
        write.latestCommitWhere("runDate", stamp.runDate().toString())
            .orElseGet(() -> new DeltaStagedWrite.Commit(write.readVersion(), write.commitTimestamp(write.readVersion()), null));
    LOG.warn(
        "{}: run date {} was already appended (table version {}); nothing written. Use write mode replace-partition to rewrite a day.",
        product.id(), stamp.runDate(), commit.version());
    write.abort();
    if (quarantine != null
        && DeltaStagedWrite.appTransactionVersion(spark, quarantine.table(), Quarantine.appId(product, stamp.runDate())) < commit.version()) {
      // the run that appended died before writing its quarantined rows: write them now
      DeltaStagedWrite q = stageQuarantine(product, stamp, quarantine, commit.version());
      if (q != null) {
        commitQuarantine(product, stamp, quarantine, q, commit.version());
      }
    }
    return new PublishResult(commit.version(), 0, QualityReport.empty(0), schema, commit.timestamp(), write.rowsAt(commit.version()));
  }

  /**
   * An append or a partition replace adds files next to the existing ones, so it must not change
   * what those files mean: same partitioning, every existing column kept with its type.
   * (Changing them is a breaking change: overwrite, or publish a new major version.)
   */
  private static void checkTableKeepsShape(DataProduct product, WriteMode mode, DeltaStagedWrite write, StructType schema) {
    if (!write.tableExisted()) {
      return;
    }
    List<String> problems = new ArrayList<>();
    List<String> partitioning = write.tablePartitionColumns();
    if (!partitioning.equals(writeSpec(product).partitionBy())) {
      problems.add("the table is partitioned by " + partitioning + " but the contract by " + writeSpec(product).partitionBy());
    }
    for (StructField existing : write.tableSchema().fields()) {
      Optional<StructField> next = List.of(schema.fields()).stream().filter(f -> f.name().equals(existing.name())).findFirst();
      if (next.isEmpty()) {
        problems.add("the table has column '" + existing.name() + "' (" + existing.dataType().catalogString() + "), which the contract does not");
      } else if (!SchemaCheck.sameIgnoringNullability(existing.dataType(), next.get().dataType())) {
        problems.add(
            "column '" + existing.name() + "' is " + existing.dataType().catalogString() + " in the table but "
                + next.get().dataType().catalogString() + " in the contract");
      }
    }
    if (!problems.isEmpty()) {
      throw new ContractException(
          "Cannot " + mode.label + " to " + product.displayName() + ": " + String.join("; ", problems)
              + " (publish once with write mode overwrite, or as a new major version)");
    }
  }

  private static String partitionPredicate(DataProduct product, RunStamp stamp) {
    if (writeSpec(product).partitionBy().isEmpty()) {
      throw new ContractException(
          "Cannot publish " + product.displayName() + ": write mode replace-partition needs write.partition-by");
    }
    String column = writeSpec(product).partitionBy().get(0);
    boolean date = runDateLiteral(product, column, stamp).expr().dataType().equals(DataTypes.DateType);
    return quote(column) + " = " + (date ? "DATE'" : "'") + stamp.runDate() + "'";
  }

  private static Column runDateLiteral(DataProduct product, String column, RunStamp stamp) {
    DataType type =
        product.column(column)
            .map(c -> DataType.fromDDL(c.type()))
            .orElseThrow(() -> new ContractException(
                "Cannot publish " + product.displayName() + ": partition column '" + column + "' is not a column of the contract"));
    if (type.equals(DataTypes.DateType)) {
      return lit(java.sql.Date.valueOf(stamp.runDate()));
    }
    if (type.equals(DataTypes.StringType)) {
      return lit(stamp.runDate().toString());
    }
    throw new ContractException(
        "Cannot publish " + product.displayName() + ": write mode replace-partition needs partition column '" + column
            + "' to be a date or a string holding the run date, but it is " + type.catalogString());
  }

  /** The stamp's table properties and the retention properties. */
  private Map<String, String> stampProperties(DataProduct product) {
    Map<String, String> p = properties(product);
    java.time.Duration retention = product.versionRetention().orElse(defaultRetention);
    java.time.Duration keep = retention;
    org.apache.hadoop.fs.Path table = warehouse.table(product);
    if (!pinned.isEmpty() && Warehouse.hasCommit(table)) {
      java.time.Instant now = java.time.Instant.now();
      for (long v : pinned) { // the oldest version still readable decides
        java.util.Optional<java.time.Instant> from = io.meshwork.core.storage.internal.LogRetention.keepFrom(spark, table, v);
        if (from.isPresent()) {
          java.time.Duration age = java.time.Duration.between(from.get(), now);
          keep = age.isNegative() ? keep : max(keep, age.plus(retention));
          break;
        }
      }
    }
    p.put(TableProperties.RETENTION, io.meshwork.core.storage.internal.LogRetention.describe(retention));
    p.put(TableProperties.PINNED, pinned.isEmpty() ? null : pinned.stream().map(String::valueOf).collect(Collectors.joining(",")));
    p.put("delta.logRetentionDuration", io.meshwork.core.storage.internal.LogRetention.interval(keep));
    p.put("delta.deletedFileRetentionDuration", io.meshwork.core.storage.internal.LogRetention.interval(keep));
    return p;
  }

  private static java.time.Duration max(java.time.Duration a, java.time.Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Map<String, String> properties(DataProduct product) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(TableProperties.PRODUCT, product.id().toString());
    p.put(TableProperties.CONTRACT_VERSION, product.version().toString());
    p.put(TableProperties.OWNER, String.valueOf(product.owner()));
    p.put(TableProperties.CONTRACT_SHA256, product.sha256()); // null removes a stale one
    p.putAll(AccessPolicy.tableProperties(product)); // who may read, who may see pii, how it is masked
    p.putAll(Deprecation.tableProperties(product.deprecation())); // null values remove a withdrawn deprecation
    return p;
  }

  /** The commit's {@code userMetadata}: the run stamp as one JSON object. */
  static String userMetadata(DataProduct product, RunStamp stamp, long rows, QualityReport report) {
    ObjectNode json = JSON.createObjectNode();
    json.put("product", product.id().toString());
    json.put("contractVersion", product.version().toString());
    json.put("runId", stamp.runId().toString());
    json.put("runDate", stamp.runDate().toString());
    json.put("rows", rows);
    ArrayNode inputs = json.putArray("inputs");
    for (InputVersion in : stamp.inputs()) {
      ObjectNode i = inputs.addObject();
      i.put("name", in.name());
      i.put("kind", in.kind());
      i.put("uri", in.uri());
      if (in.version() == null) {
        i.putNull("version");
      } else {
        i.put("version", in.version());
      }
    }
    ObjectNode quality = json.putObject("quality");
    quality.put("passed", report.count(ConstraintResult.Status.PASSED));
    quality.put("failed", report.count(ConstraintResult.Status.FAILED));
    quality.put("warned", report.count(ConstraintResult.Status.WARNED));
    quality.put("dropped", stamp.dropped());
    quality.put("quarantined", stamp.quarantined());
    try {
      return JSON.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String conflictMessage(DataProduct product, DeltaStagedWrite.Conflict c) {
    StringBuilder m = new StringBuilder("Publish conflict for " + product.id() + ": ");
    List<String> what = new ArrayList<>();
    c.otherOperation().ifPresent(what::add);
    c.otherUserMetadata().flatMap(Publisher::runOf).ifPresent(what::add);
    if (c.otherVersion().isPresent() || !what.isEmpty()) {
      m.append("another writer committed");
      c.otherVersion().ifPresent(v -> m.append(" version ").append(v));
      if (!what.isEmpty()) {
        m.append(" (").append(String.join(", ", what)).append(")");
      }
      m.append(c.readVersion() < 0 ? " while this run was creating the table" : " after this run read version " + c.readVersion());
    } else {
      m.append(c.getMessage());
    }
    m.append("; nothing was published by this run [").append(c.getCause().getClass().getSimpleName()).append("]");
    return m.toString();
  }

  /** {@code run <id> for <date>} from a Meshwork stamp; empty for another writer's commit. */
  private static Optional<String> runOf(String userMetadata) {
    try {
      JsonNode stamp = JSON.readTree(userMetadata);
      if (stamp.hasNonNull("runId") && stamp.hasNonNull("runDate")) {
        return Optional.of("run " + stamp.get("runId").asText() + " for " + stamp.get("runDate").asText());
      }
    } catch (JsonProcessingException notOurs) {
      // another tool's metadata
    }
    return Optional.empty();
  }

  private static WriteSpec writeSpec(DataProduct product) {
    return product.write() == null ? WriteSpec.DEFAULT : product.write();
  }

  private static Column[] columns(DataProduct product) {
    return product.columns().stream().map(c -> col(quote(c.name()))).toArray(Column[]::new);
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private enum WriteMode {
    OVERWRITE("overwrite", DeltaStagedWrite.Mode.OVERWRITE),
    APPEND("append", DeltaStagedWrite.Mode.APPEND),
    REPLACE_PARTITION("replace-partition", DeltaStagedWrite.Mode.REPLACE_WHERE),
    MERGE("merge", DeltaStagedWrite.Mode.REPLACE_FILES);

    final String label;
    final DeltaStagedWrite.Mode delta;

    WriteMode(String label, DeltaStagedWrite.Mode delta) {
      this.label = label;
      this.delta = delta;
    }

    static WriteMode of(DataProduct product) {
      String mode = writeSpec(product).mode();
      for (WriteMode m : values()) {
        if (m.label.equals(mode)) {
          return m;
        }
      }
      throw new ContractException(
          "Cannot publish " + product.displayName() + ": unknown write mode '" + mode
              + "' (expected overwrite, append, replace-partition or merge)");
    }
  }
}
