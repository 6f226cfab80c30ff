package io.meshwork.core.read;

import io.delta.exceptions.DeltaConcurrentModificationException;
import io.meshwork.core.model.PublishConflictException;
import io.meshwork.core.storage.Storage;
import io.meshwork.core.storage.internal.DeltaStagedWrite;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead spool of one audit table: a read writes its record as a new object
 * {@code <audit table>/_spool/<writer>-<20-digit sequence>.json} (never appended to, so it works
 * on object stores, and no two writers touch one file), and the records move into the Delta table
 * in batches: every {@link #BATCH} records, when the log is read, and when the JVM exits. So a
 * read does not wait for a Delta commit, and no record is lost: a process that dies leaves its
 * objects, which the next flush of any process moves in.
 *
 * <p>Moving is idempotent. Each writer (one per JVM and table) is a Delta application id: a flush
 * commits the writer's records with sequence numbers above the table's transaction version for it
 * ({@code txnAppId = <writer>}, {@code txnVersion = <last sequence moved>}), then deletes the moved
 * objects; two processes moving the same writer's records conflict in Delta and the loser finds
 * them moved. Spool files of earlier releases ({@code <writer>.jsonl}, one line per record, on a
 * local disk) are moved the same way, their line count being the version, once their process is
 * gone (it held a lock on its file while alive).
 */
final class AuditSpool {
  /** Records spooled before a read moves them into the table itself. */
  static final int BATCH = 100;

  private static final Logger LOG = LoggerFactory.getLogger(AuditSpool.class);
  private static final Map<String, AuditSpool> SPOOLS = new ConcurrentHashMap<>();
  private static final Pattern RECORD = Pattern.compile("(.+)-(\\d{20})\\.json");
  private static final String LEGACY_SUFFIX = ".jsonl";

  static {
    // Before Spark's own hook (priority 40) stops the SparkContext this needs.
    org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(AuditSpool::flushAllAtExit, 45);
  }

  private final Path table;
  private final Path dir;
  private final String appId = "mesh-audit-" + UUID.randomUUID();
  private long spooled;
  private long moved;
  private SparkSession spark;

  private AuditSpool(Path table) {
    this.table = table;
    this.dir = new Path(table, "_spool");
  }

  static AuditSpool of(Path table) {
    return SPOOLS.computeIfAbsent(table.toString(), t -> new AuditSpool(table));
  }

  /** Writes one record as a new object; moves the spool into the table when a batch is full. */
  synchronized void append(SparkSession spark, String line) {
    this.spark = spark;
    Path object = new Path(dir, String.format("%s-%020d.json", appId, spooled + 1));
    if (!Storage.create(object, line + "\n")) {
      throw new IllegalStateException("The audit spool object " + object + " exists already");
    }
    spooled++;
    if (spooled - moved >= BATCH) {
      flush(spark);
    }
  }

  /** Moves every spooled record of every process into the table, deleting the objects moved. */
  synchronized void flush(SparkSession spark) {
    Map<String, TreeMap<Long, Path>> writers = new TreeMap<>();
    List<Path> legacy = new ArrayList<>();
    for (Path file : Storage.files(dir, ".json")) {
      Matcher m = RECORD.matcher(file.getName());
      if (m.matches()) {
        writers.computeIfAbsent(m.group(1), w -> new TreeMap<>()).put(Long.parseLong(m.group(2)), file);
      }
    }
    legacy.addAll(Storage.files(dir, LEGACY_SUFFIX));
    for (Map.Entry<String, TreeMap<Long, Path>> writer : writers.entrySet()) {
      long done = moveRecords(spark, writer.getKey(), writer.getValue());
      if (writer.getKey().equals(appId)) {
        moved = Math.max(moved, done);
      }
    }
    for (Path file : legacy) {
      if (!legacyOwnerAlive(file)) {
        moveLegacy(spark, file);
      }
    }
  }

  /** Commits a writer's records the table lacks, then deletes the moved objects; returns the last sequence moved. */
  private long moveRecords(SparkSession spark, String writer, TreeMap<Long, Path> objects) {
    for (int attempt = 1; ; attempt++) {
      long inTable = Math.max(0, DeltaStagedWrite.appTransactionVersion(spark, table, writer));
      List<String> lines = new ArrayList<>();
      long last = inTable;
      try {
        for (Map.Entry<Long, Path> e : objects.tailMap(inTable, false).entrySet()) {
          if (e.getKey() != last + 1) {
            break; // a gap: the records after it wait for the one missing
          }
          lines.add(Storage.read(e.getValue()).stripTrailing());
          last = e.getKey();
        }
      } catch (FileNotFoundException movedByAnother) {
        if (attempt == 3) {
          return inTable;
        }
        continue; // another process moved and deleted them meanwhile: read the version again
      }
      if (!lines.isEmpty()) {
        try {
          commit(spark, writer, lines, last);
        } catch (DeltaConcurrentModificationException e) {
          if (attempt == 3) {
            throw new PublishConflictException("Could not move audit records into " + table + ": " + e.getMessage(), e);
          }
          continue;
        }
      }
      for (Path object : objects.headMap(last, true).values()) {
        Storage.delete(object, false);
      }
      return last;
    }
  }

  /** Moves a spool file of the earlier layout (one JSON line per record) and deletes it. */
  private void moveLegacy(SparkSession spark, Path file) {
    String id = file.getName().substring(0, file.getName().length() - LEGACY_SUFFIX.length());
    List<String> lines;
    try {
      lines = completeLines(Storage.read(file));
    } catch (FileNotFoundException movedByAnother) {
      return;
    }
    for (int attempt = 1; ; attempt++) {
      long inTable = Math.max(0, DeltaStagedWrite.appTransactionVersion(spark, table, id));
      try {
        if (inTable < lines.size()) {
          commit(spark, id, lines.subList((int) inTable, lines.size()), lines.size());
        }
        Storage.delete(file, false);
        return;
      } catch (DeltaConcurrentModificationException e) {
        if (attempt == 3) {
          throw new PublishConflictException("Could not move audit records into " + table + ": " + e.getMessage(), e);
        }
      }
    }
  }

  /**
   * Whether a process of an earlier release still appends to a local legacy spool file: it held a
   * lock on its file while alive (the earlier protocol), so a lock that cannot be taken is a live owner.
   */
  private static boolean legacyOwnerAlive(Path file) {
    if (!Storage.isLocal(file)) {
      return false; // earlier releases wrote spool files on local disks only
    }
    try (FileChannel channel = FileChannel.open(java.nio.file.Path.of(file.toUri()), StandardOpenOption.WRITE)) {
      try (FileLock lock = channel.tryLock()) {
        return lock == null;
      } catch (OverlappingFileLockException heldInThisJvm) {
        return true;
      }
    } catch (IOException gone) {
      return false;
    }
  }

  private void commit(SparkSession spark, String appId, List<String> lines, long version) {
    Dataset<Row> rows = AuditLog.rows(spark, lines);
    rows.coalesce(1).write().format("delta").mode("append")
        .option("mergeSchema", "true") // tables of earlier releases lack the later columns
        .option("txnAppId", appId).option("txnVersion", version)
        .save(table.toString());
  }

  /** The lines that end in a newline: a line cut short by a crash was never a record. */
  private static List<String> completeLines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      lines.add(text.substring(start, nl));
      start = nl + 1;
    }
    return lines;
  }

  /** At exit: moves this JVM's records in while Spark still runs. */
  private static void flushAllAtExit() {
    for (AuditSpool spool : SPOOLS.values()) {
      spool.close();
    }
  }

  private synchronized void close() {
    if (spooled == moved || spark == null || spark.sparkContext().isStopped()) {
      return;
    }
    try {
      flush(spark);
    } catch (RuntimeException e) {
      LOG.warn("Audit records stay in {} until the next read moves them: {}", dir, e.toString());
    }
  }
}
