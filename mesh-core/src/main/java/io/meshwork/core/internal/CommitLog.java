package io.meshwork.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code commitInfo} of every commit still in a Delta table's log, read straight from the
 * log's JSON files as the Delta protocol lays them out ({@code _delta_log/<20-digit version>.json},
 * one action per line) — what {@code DeltaTable.history()} returns, without a Spark query.
 *
 * <p>Commit files never change once written, so each is parsed once per JVM and cached by path,
 * size and modification time (a table deleted and created again at the same path is read afresh);
 * the cache of a log holds the files it had at the last call, so files removed by Delta's log
 * clean-up leave it. Listing the log is the only cost of a call that finds no new commit.
 *
 * <p>Timestamps are as Delta's history gives them: the commit's {@code inCommitTimestamp} when the
 * table has them, else the commit file's modification time, made strictly increasing.
 */
public final class CommitLog {
  /** One commit: its version, its timestamp, and its {@code commitInfo} action (an empty object if it has none). */
  public record Commit(long version, Instant timestamp, JsonNode info) {
    /** A text field of the commit info, or null. */
    public String text(String field) {
      JsonNode v = info.get(field);
      return v == null || v.isNull() ? null : v.asText();
    }
  }

  private static final Pattern COMMIT_FILE = Pattern.compile("(\\d{20})\\.json");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Per Delta log directory, its commit files as last read; files gone from the log leave it too. */
  private static final Map<Path, Map<Path, Cached>> CACHE = new ConcurrentHashMap<>();

  private record Cached(long size, long modified, JsonNode info) {}

  private CommitLog() {}

  /** Every commit in the log of {@code table}, oldest first; empty when it has none (or no log). */
  public static List<Commit> commits(Path table) {
    TreeMap<Long, Path> files = commitFiles(table);
    Map<Path, Cached> before = CACHE.getOrDefault(table.resolve("_delta_log"), Map.of());
    Map<Path, Cached> now = new java.util.HashMap<>();
    List<Commit> commits = new ArrayList<>(files.size());
    long previous = Long.MIN_VALUE;
    for (Map.Entry<Long, Path> e : files.entrySet()) {
      Path file = e.getValue();
      BasicFileAttributes attributes;
      try {
        attributes = Files.readAttributes(file, BasicFileAttributes.class);
      } catch (NoSuchFileException cleanedUp) {
        continue; // removed by log clean-up since the listing
      } catch (IOException ex) {
        throw new UncheckedIOException("Cannot read the Delta log file " + file, ex);
      }
      long size = attributes.size();
      long modified = attributes.lastModifiedTime().toMillis();
      Cached cached = before.get(file);
      if (cached == null || cached.size() != size || cached.modified() != modified) {
        cached = new Cached(size, modified, commitInfo(file));
      }
      now.put(file, cached);
      JsonNode inCommit = cached.info().get("inCommitTimestamp");
      long ts = inCommit != null && inCommit.canConvertToLong() ? inCommit.asLong() : modified;
      ts = Math.max(ts, previous == Long.MIN_VALUE ? ts : previous + 1);
      previous = ts;
      commits.add(new Commit(e.getKey(), Instant.ofEpochMilli(ts), cached.info()));
    }
    if (now.isEmpty()) {
      CACHE.remove(table.resolve("_delta_log"));
    } else {
      CACHE.put(table.resolve("_delta_log"), now);
    }
    return commits;
  }

  /** The newest version in the log of {@code table}, or -1 when it has no commit. */
  public static long latestVersion(Path table) {
    TreeMap<Long, Path> files = commitFiles(table);
    return files.isEmpty() ? -1 : files.lastKey();
  }

  private static TreeMap<Long, Path> commitFiles(Path table) {
    TreeMap<Long, Path> files = new TreeMap<>();
    Path log = table.resolve("_delta_log");
    if (!Files.isDirectory(log)) {
      return files;
    }
    try (Stream<Path> list = Files.list(log)) {
      list.forEach(
          f -> {
            Matcher m = COMMIT_FILE.matcher(f.getFileName().toString());
            if (m.matches()) {
              files.put(Long.parseLong(m.group(1)), f);
            }
          });
    } catch (NoSuchFileException gone) {
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the Delta log " + log, e);
    }
    return files;
  }

  /** The commitInfo action of one commit file: usually its first line, but any line may hold it. */
  private static JsonNode commitInfo(Path file) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("{\"commitInfo\"")) {
          return JSON.readTree(line).get("commitInfo");
        }
      }
      return JSON.createObjectNode();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Delta log file " + file, e);
    }
  }
}
