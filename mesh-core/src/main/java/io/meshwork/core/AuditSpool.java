package io.meshwork.core;

import io.delta.exceptions.DeltaConcurrentModificationException;
import io.meshwork.core.internal.DeltaStagedWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead spool of one audit table: a read appends its record as a JSON line to this JVM's
 * file in {@code <audit table>/_spool/} (written and forced to disk, a millisecond), and the lines
 * move into the Delta table in batches: every {@link #BATCH} records, when the log is read, and
 * when the JVM exits. So a read does not wait for a Delta commit, and no record is lost: a process
 * that dies leaves its spool file, which the next flush of any process moves in.
 *
 * <p>Moving is idempotent. Each spool file is a Delta application id: a flush of its first
 * {@code n} lines commits the lines the table lacks with {@code txnAppId = <file>},
 * {@code txnVersion = n}, so the table's transaction version for a file is always the number of
 * its lines already in the table, however a flush before it ended. A live process holds a lock
 * on its own file; a file whose lock can be taken belongs to a process that is gone.
 */
final class AuditSpool {
  /** Records spooled before a read moves them into the table itself. */
  static final int BATCH = 100;

  private static final Logger LOG = LoggerFactory.getLogger(AuditSpool.class);
  private static final Map<Path, AuditSpool> SPOOLS = new ConcurrentHashMap<>();
  private static final String SUFFIX = ".jsonl";

  static {
    // Before Spark's own hook (priority 40) stops the SparkContext this needs.
    org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(AuditSpool::flushAllAtExit, 45);
  }

  private final Path table;
  private final Path dir;
  private final String appId = "mesh-audit-" + UUID.randomUUID();
  private FileChannel own;
  private long spooled;
  private long moved;
  private SparkSession spark;

  private AuditSpool(Path table) {
    this.table = table;
    this.dir = table.resolve("_spool");
  }

  static AuditSpool of(Path table) {
    return SPOOLS.computeIfAbsent(table.toAbsolutePath().normalize(), AuditSpool::new);
  }

  /** Appends one record; moves the spool into the table when a batch is full. */
  synchronized void append(SparkSession spark, String line) {
    this.spark = spark;
    try {
      if (own == null || !own.isOpen()) {
        Files.createDirectories(dir);
        own = FileChannel.open(dir.resolve(appId + SUFFIX), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        own.lock(); // held until the channel closes: other processes see this file is in use
      }
      ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        own.write(bytes);
      }
      own.force(false);
      spooled++;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the audit record to " + dir, e);
    }
    if (spooled - moved >= BATCH) {
      flush(spark);
    }
  }

  /**
   * Moves every spooled record of every process into the table: this JVM's, and the files left by
   * processes that are gone (deleted once moved). Files of other live processes are theirs to move.
   */
  synchronized void flush(SparkSession spark) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    } catch (NoSuchFileException gone) {
      return;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the audit spool " + dir, e);
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (name.equals(appId + SUFFIX)) {
        moved = move(spark, file);
        continue;
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
          FileLock lock = tryLock(channel)) {
        if (lock != null) { // its process is gone
          move(spark, file);
          Files.delete(file);
        }
      } catch (NoSuchFileException movedByAnother) {
        // another process moved it in the meantime
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot move the audit spool file " + file + " into " + table, e);
      }
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException heldInThisJvm) {
      return null;
    }
  }

  /** Commits the complete lines of {@code file} the table lacks; returns how many lines it holds now. */
  private long move(SparkSession spark, Path file) {
    String id = file.getFileName().toString().replace(SUFFIX, "");
    List<String> lines = completeLines(file);
    for (int attempt = 1; ; attempt++) {
      long inTable = Math.max(0, DeltaStagedWrite.appTransactionVersion(spark, table, id));
      if (inTable >= lines.size()) {
        return lines.size();
      }
      Dataset<Row> rows = AuditLog.rows(spark, lines.subList((int) inTable, lines.size()));
      try {
        rows.coalesce(1).write().format("delta").mode("append")
            .option("txnAppId", id).option("txnVersion", lines.size())
            .save(table.toString());
        return lines.size();
      } catch (DeltaConcurrentModificationException e) {
        if (attempt == 3) {
          throw new MeshException(ExitCode.CONFLICT, "Could not move audit records into " + table + ": " + e.getMessage(), e);
        }
      }
    }
  }

  /** The lines that end in a newline: a line cut short by a crash was never a record. */
  private static List<String> completeLines(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the audit spool file " + file, e);
    }
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      lines.add(text.substring(start, nl));
      start = nl + 1;
    }
    return lines;
  }

  /** At exit: moves this JVM's records in while Spark still runs, then lets go of its files. */
  private static void flushAllAtExit() {
    for (AuditSpool spool : SPOOLS.values()) {
      spool.close();
    }
  }

  private synchronized void close() {
    if (own == null) {
      return;
    }
    Path file = dir.resolve(appId + SUFFIX);
    try {
      if (Files.exists(file) && spark != null && !spark.sparkContext().isStopped() && spooled > moved) {
        moved = move(spark, file);
      }
      if (moved == spooled) {
        Files.deleteIfExists(file);
      }
    } catch (RuntimeException | IOException e) {
      LOG.warn("Audit records stay in {} until the next read moves them: {}", file, e.toString());
    } finally {
      try {
        own.close(); // releases the lock, so the next process may move what is left
      } catch (IOException ignored) {
        // closing at exit
      }
    }
  }
}
