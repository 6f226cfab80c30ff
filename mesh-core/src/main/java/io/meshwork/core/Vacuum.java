package io.meshwork.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * Removes data files that a publish wrote but never committed: what a run that died between its
 * write and its commit leaves behind. Such files are never visible (no Delta log entry references
 * them), but they take space.
 *
 * <p>A concurrent writer's files are in flight, not orphaned: every publish announces itself with
 * a marker {@code <table>/_mesh/runs/<runId>.run} ({@link #begin}), and files younger than the
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

  private static final ObjectMapper JSON = new ObjectMapper();

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
    Path marker = table.resolve("_mesh").resolve("runs").resolve(runId + ".run");
    try {
      Files.createDirectories(marker.getParent());
      Files.writeString(marker, ProcessHandle.current().pid() + "@" + host() + " " + Instant.now());
    } catch (IOException e) {
      throw new UncheckedIOException("could not mark run " + runId + " on " + table, e);
    }
    return () -> {
      try {
        Files.deleteIfExists(marker);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  /**
   * Finds (and unless {@code dryRun} removes) the table's uncommitted data files that no live run
   * of another process may still be writing.
   */
  public static Result run(SparkSession spark, Path table, boolean dryRun) {
    return io.meshwork.core.internal.ProductWrites.certified(() -> vacuum(spark, table, dryRun));
  }

  private static Result vacuum(SparkSession spark, Path table, boolean dryRun) {
    if (!Files.isDirectory(table)) {
      return new Result(List.of(), 0);
    }
    boolean hasLog = Files.isDirectory(table.resolve("_delta_log"));
    Set<Path> referenced = hasLog ? referenced(spark, table) : Set.of();
    Instant cutoff = oldestLiveRun(table, !dryRun).orElse(Instant.MAX);
    List<Path> orphans = new ArrayList<>();
    long bytes = 0;
    try (Stream<Path> files = Files.walk(table)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        Path rel = table.relativize(f);
        if (hiddenOrNested(table, rel) || !f.getFileName().toString().endsWith(".parquet") || referenced.contains(rel.normalize())) {
          continue;
        }
        if (Files.getLastModifiedTime(f).toInstant().isBefore(cutoff)) {
          orphans.add(f);
          bytes += Files.size(f);
        }
      }
      if (!dryRun) {
        for (Path f : orphans) {
          Files.deleteIfExists(f);
          Files.deleteIfExists(f.resolveSibling("." + f.getFileName() + ".crc"));
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
    if (!Files.isDirectory(table) || Files.isDirectory(table.resolve("_delta_log"))) {
      return new Result(List.of(), 0);
    }
    Result r = run(spark, table, false);
    try {
      Path contracts = table.resolve("_mesh").resolve("contracts");
      if (Files.isDirectory(contracts) && oldestLiveRun(table, false).isEmpty()) {
        try (Stream<Path> saved = Files.list(contracts)) {
          for (Path c : (Iterable<Path>) saved::iterator) {
            Files.deleteIfExists(c);
          }
        }
      }
      removeEmptyDirectories(table);
    } catch (IOException e) {
      throw new UncheckedIOException("could not clean " + table, e);
    }
    return r;
  }

  /** Deletes the empty directories under {@code dir}, deepest first, and {@code dir} itself when it is empty then. */
  private static void removeEmptyDirectories(Path dir) throws IOException {
    List<Path> dirs;
    try (Stream<Path> all = Files.walk(dir)) {
      dirs = all.filter(Files::isDirectory).sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
    }
    for (Path d : dirs) {
      try (Stream<Path> entries = Files.list(d)) {
        if (entries.findAny().isEmpty()) {
          Files.deleteIfExists(d);
        }
      } catch (java.nio.file.DirectoryNotEmptyException | java.nio.file.NoSuchFileException raced) {
        // another run wrote into it meanwhile, or it is gone already
      }
    }
  }

  /** Directories Delta itself ignores (names starting with _ or .) and nested tables (a v2/ major). */
  private static boolean hiddenOrNested(Path table, Path rel) {
    Path dir = table;
    for (int i = 0; i < rel.getNameCount() - 1; i++) {
      String name = rel.getName(i).toString();
      dir = dir.resolve(name);
      if (name.startsWith("_") || name.startsWith(".") || Files.isDirectory(dir.resolve("_delta_log"))) {
        return true;
      }
    }
    return false;
  }

  /** Every data file any commit (or checkpoint) of the log ever added. */
  private static Set<Path> referenced(SparkSession spark, Path table) {
    Set<Path> paths = new HashSet<>();
    Path log = table.resolve("_delta_log");
    List<Path> checkpoints = new ArrayList<>();
    try (Stream<Path> entries = Files.list(log)) {
      for (Path f : (Iterable<Path>) entries::iterator) {
        String name = f.getFileName().toString();
        if (name.matches("\\d{20}\\.json")) {
          try (BufferedReader r = Files.newBufferedReader(f)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
              JsonNode add = JSON.readTree(line).path("add");
              if (add.has("path")) {
                paths.add(relative(add.get("path").asText()));
              }
            }
          }
        } else if (name.contains(".checkpoint") && name.endsWith(".parquet")) {
          checkpoints.add(f);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the Delta log of " + table, e);
    }
    if (!checkpoints.isEmpty()) {
      spark.read().parquet(checkpoints.stream().map(Path::toString).toArray(String[]::new))
          .where("add IS NOT NULL").select("add.path").as(org.apache.spark.sql.Encoders.STRING()).collectAsList()
          .forEach(p -> paths.add(relative(p)));
    }
    return paths;
  }

  private static Path relative(String logPath) {
    return Path.of(URI.create(logPath.replace(" ", "%20")).getPath()).normalize();
  }

  /** The start of the oldest live run's marker; with {@code removeDead}, markers of runs that are gone are deleted. */
  private static Optional<Instant> oldestLiveRun(Path table, boolean removeDead) {
    Path runs = table.resolve("_mesh").resolve("runs");
    if (!Files.isDirectory(runs)) {
      return Optional.empty();
    }
    Instant oldest = null;
    try (Stream<Path> markers = Files.list(runs)) {
      for (Path m : (Iterable<Path>) markers::iterator) {
        String[] parts = Files.readString(m).trim().split(" ");
        if (parts.length != 2) continue;
        String[] owner = parts[0].split("@", 2);
        Instant started = Instant.parse(parts[1]);
        boolean sameHost = owner.length == 2 && owner[1].equals(host());
        boolean alive =
            sameHost
                ? ProcessHandle.of(Long.parseLong(owner[0])).map(ProcessHandle::isAlive).orElse(false)
                : Duration.between(started, Instant.now()).compareTo(STALE_AFTER) < 0;
        if (alive && (oldest == null || started.isBefore(oldest))) {
          oldest = started;
        } else if (!alive && removeDead) {
          Files.deleteIfExists(m);
        }
      }
    } catch (IOException | RuntimeException e) {
      return Optional.of(Instant.MIN); // unreadable markers: protect everything rather than guess
    }
    return Optional.ofNullable(oldest);
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
