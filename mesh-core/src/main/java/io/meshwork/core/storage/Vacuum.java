package io.meshwork.core.storage;

import io.meshwork.core.storage.internal.CommitLog;
import io.meshwork.core.storage.internal.ProductWrites;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;

/**
 * Removes data files that a publish wrote but never committed: what a run that died between its
 * write and its commit leaves behind. Such files are never visible (no Delta log entry references
 * them), but they take space.
 *
 * <p>A concurrent writer's files are in flight, not orphaned: every publish announces itself with
 * a marker {@code <warehouse>/_mesh/products/<domain>/<name>/v<major>/runs/<runId>.run} ({@link #begin}), and files younger than the
 * oldest live marker of another run are left alone. A marker whose process is gone (same host) or
 * that is older than {@link #STALE_AFTER} (another host) no longer protects anything.
 *
 * <p>A product directory without a Delta log (a first publish that failed while writing, such as
 * a malformed input record) holds only such files: they are all removed, and the directories left
 * empty with them. Markers of runs that are gone are removed too.
 *
 * <p>Unlike Delta's {@code VACUUM}, this never removes files an old version references, so time
 * travel to every certified version keeps working.
 */
public final class Vacuum {
  /** After this, a run marker from another host is taken as left by a crash. */
  public static final Duration STALE_AFTER = Duration.ofHours(6);

  /** What a vacuum found (and, unless it was a dry run, removed). */
  public record Result(List<Path> files, long bytes) {}

  private Vacuum() {}

  /** A run's announcement on a table; closing it withdraws it. */
  public interface Marker extends AutoCloseable {
    @Override
    void close();
  }

  /** Announces a run on a table; close the returned marker when the run ends, however it ends. */
  public static Marker begin(Path table, UUID runId) {
    Path marker = new Path(new Path(Warehouse.stateOf(table), "runs"), runId + ".run");
    Storage.write(marker, (ProcessHandle.current().pid() + "@" + host() + " " + Instant.now()).getBytes(StandardCharsets.UTF_8));
    return () -> Storage.delete(marker, false);
  }

  /**
   * Finds (and unless {@code dryRun} removes) the table's uncommitted data files that no live run
   * of another process may still be writing.
   */
  public static Result run(SparkSession spark, Path table, boolean dryRun) {
    return io.meshwork.core.storage.internal.ProductWrites.certified(() -> vacuum(spark, table, dryRun));
  }

  private static Result vacuum(SparkSession spark, Path table, boolean dryRun) {
    if (!Storage.isDirectory(table)) {
      return new Result(List.of(), 0);
    }
    boolean hasLog = Warehouse.hasLog(table);
    Set<String> referenced = hasLog ? referenced(spark, table) : Set.of();
    Instant cutoff = oldestLiveRun(table, !dryRun).orElse(Instant.MAX);
    List<Path> orphans = new ArrayList<>();
    long bytes = 0;
    FileSystem fs = Storage.fs(table);
    String root = table.toUri().getPath();
    try {
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(table, true);
      while (files.hasNext()) {
        LocatedFileStatus f = files.next();
        String rel = relativeTo(root, f.getPath());
        if (rel == null || hidden(rel) || !f.getPath().getName().endsWith(".parquet") || referenced.contains(rel)) {
          continue;
        }
        if (Instant.ofEpochMilli(f.getModificationTime()).isBefore(cutoff)) {
          orphans.add(f.getPath());
          bytes += f.getLen();
        }
      }
      if (!dryRun) {
        for (Path f : orphans) {
          fs.delete(f, false);
          fs.delete(new Path(f.getParent(), "." + f.getName() + ".crc"), false);
        }
      }
      if (!dryRun && !hasLog && !orphans.isEmpty()) {
        removeEmptyDirectories(table);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not vacuum " + table, e);
    }
    return new Result(List.copyOf(orphans), bytes);
  }

  /**
   * Removes what a failed first publish left in a product directory that has no Delta log: its
   * uncommitted files ({@link #run}), the contracts it saved for a version that never came
   * (when no other run is live there) and the directories that are empty then, the product
   * directory included. Does nothing to a directory that has a Delta log.
   */
  public static Result clearFailedFirstPublish(SparkSession spark, Path table) {
    if (!Storage.isDirectory(table) || Warehouse.hasLog(table)) {
      return new Result(List.of(), 0);
    }
    Result r = run(spark, table, false);
    Path contracts = new Path(Warehouse.stateOf(table), "contracts");
    if (Storage.isDirectory(contracts) && oldestLiveRun(table, false).isEmpty()) {
      for (org.apache.hadoop.fs.FileStatus c : Storage.list(contracts)) {
        Storage.delete(c.getPath(), false);
      }
    }
    removeEmptyDirectories(table);
    removeEmptyDirectories(Warehouse.stateOf(table));
    Path productDir = table.getParent();
    if (Storage.isDirectory(productDir) && Storage.list(productDir).isEmpty()) {
      Storage.delete(productDir, false);
    }
    return r;
  }

  /** Deletes the empty directories under {@code dir}, deepest first, and {@code dir} itself when it is empty then. */
  private static void removeEmptyDirectories(Path dir) {
    for (Path d : Storage.directories(dir)) {
      removeEmptyDirectories(d);
    }
    if (Storage.isDirectory(dir) && Storage.list(dir).isEmpty()) {
      Storage.delete(dir, false); // not recursive: a file another run wrote meanwhile keeps it
    }
  }

  /** The path of {@code file} relative to the table directory, or null when it lies elsewhere. */
  public static String relativeTo(String tablePath, Path file) {
    String p = file.toUri().getPath();
    String prefix = tablePath.endsWith("/") ? tablePath : tablePath + "/";
    return p.startsWith(prefix) ? p.substring(prefix.length()) : null;
  }

  /** Directories Delta itself ignores: names starting with _ or . ({@code _delta_log}, {@code _change_data}). */
  private static boolean hidden(String rel) {
    String[] names = rel.split("/");
    for (int i = 0; i < names.length - 1; i++) {
      if (names[i].startsWith("_") || names[i].startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** Every data file any commit (or checkpoint) still in the log ever added, relative to the table. */
  private static Set<String> referenced(SparkSession spark, Path table) {
    Set<String> paths = new HashSet<>();
    CommitLog.addedFiles(spark, table).forEach(p -> paths.add(relative(p)));
    List<String> checkpoints = new ArrayList<>();
    for (Path f : Storage.files(new Path(table, "_delta_log"), ".parquet")) {
      if (f.getName().contains(".checkpoint")) {
        checkpoints.add(f.toString());
      }
    }
    if (!checkpoints.isEmpty()) {
      spark.read().parquet(checkpoints.toArray(String[]::new))
          .where("add IS NOT NULL").select("add.path").as(org.apache.spark.sql.Encoders.STRING()).collectAsList()
          .forEach(p -> paths.add(relative(p)));
    }
    return paths;
  }

  private static String relative(String logPath) {
    String path = URI.create(logPath.replace(" ", "%20")).normalize().getPath();
    return path.startsWith("/") ? path.substring(1) : path;
  }

  /** The start of the oldest live run's marker; with {@code removeDead}, markers of runs that are gone are deleted. */
  private static Optional<Instant> oldestLiveRun(Path table, boolean removeDead) {
    Path runs = new Path(Warehouse.stateOf(table), "runs");
    Instant oldest = null;
    try {
      for (Path m : Storage.files(runs, ".run")) {
        String[] parts;
        try {
          parts = Storage.read(m).trim().split(" ");
        } catch (java.io.FileNotFoundException ended) {
          continue;
        }
        if (parts.length != 2) continue;
        Instant started = Instant.parse(parts[1]);
        boolean alive = alive(parts);
        if (alive && (oldest == null || started.isBefore(oldest))) {
          oldest = started;
        } else if (!alive && removeDead) {
          Storage.delete(m, false);
        }
      }
    } catch (RuntimeException e) {
      return Optional.of(Instant.MIN); // unreadable markers: protect everything rather than guess
    }
    return Optional.ofNullable(oldest);
  }

  /** Whether the run {@code runId} announced itself on {@code table} and its process may still be running. */
  public static boolean isLive(Path table, String runId) {
    Path marker = new Path(new Path(Warehouse.stateOf(table), "runs"), runId + ".run");
    try {
      String[] parts = Storage.read(marker).trim().split(" ");
      return parts.length == 2 && alive(parts);
    } catch (java.io.FileNotFoundException ended) {
      return false;
    }
  }

  /** A marker's {@code <pid>@<host>} and start: alive when that process runs here, or, from another host, when it is recent. */
  private static boolean alive(String[] marker) {
    String[] owner = marker[0].split("@", 2);
    Instant started = Instant.parse(marker[1]);
    boolean sameHost = owner.length == 2 && owner[1].equals(host());
    return sameHost
        ? ProcessHandle.of(Long.parseLong(owner[0])).map(ProcessHandle::isAlive).orElse(false)
        : Duration.between(started, Instant.now()).compareTo(STALE_AFTER) < 0;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
