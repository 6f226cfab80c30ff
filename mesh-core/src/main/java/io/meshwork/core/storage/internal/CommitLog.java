package io.meshwork.core.storage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaHistory;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.util.JsonUtils;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * The {@code commitInfo} of every commit still in a Delta table's log, as Delta's history gives
 * it ({@code DeltaLog.history()}, the API behind {@code DESCRIBE HISTORY}), read through the
 * table's Delta LogStore on any Hadoop filesystem. This class is the one place Delta's Scala log
 * API is used.
 *
 * <p>Commits never change once written, so the history of a table is read once per JVM and only
 * the commits added since are read on later calls (a table deleted and created again at the same
 * path, a new table id, is read afresh). Finding the latest version costs one update of the
 * table's snapshot (a listing of the log from its last checkpoint).
 *
 * <p>Timestamps are as Delta's history gives them: the commit's {@code inCommitTimestamp} when the
 * table has them, else the commit file's modification time, made strictly increasing.
 */
public final class CommitLog {
  /** One commit: its version, its timestamp, and its {@code commitInfo} (an empty object if it has none). */
  public record Commit(long version, Instant timestamp, JsonNode info) {
    /** A text field of the commit info, or null. */
    public String text(String field) {
      JsonNode v = info.get(field);
      return v == null || v.isNull() ? null : v.asText();
    }
  }

  /** Per table, its commits as last read, and the id of the table they belong to. */
  private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

  private record Cached(String tableId, List<Commit> commits) {}

  private CommitLog() {}

  /** Every commit in the log of {@code table}, oldest first; empty when it has none (or no log). */
  public static List<Commit> commits(SparkSession spark, Path table) {
    DeltaLog log = DeltaLog.forTable(spark, table);
    Snapshot snapshot = log.update(false, Option.empty(), Option.empty());
    String key = log.dataPath().toString();
    if (snapshot.version() < 0) {
      CACHE.remove(key);
      return List.of();
    }
    String tableId = snapshot.metadata().id();
    Cached cached = CACHE.get(key);
    List<Commit> before =
        cached != null && cached.tableId().equals(tableId) && (cached.commits().isEmpty()
                || cached.commits().get(cached.commits().size() - 1).version() <= snapshot.version())
            ? cached.commits() : List.of();
    long from = before.isEmpty() ? 0 : before.get(before.size() - 1).version() + 1;
    if (from > snapshot.version()) {
      return before;
    }
    List<Commit> commits = new ArrayList<>(before);
    long previous = commits.isEmpty() ? Long.MIN_VALUE : commits.get(commits.size() - 1).timestamp().toEpochMilli();
    List<DeltaHistory> added =
        new ArrayList<>(JavaConverters.seqAsJavaList(log.history().getHistory(from, Option.apply((Object) snapshot.version()))));
    added.sort((a, b) -> Long.compare(a.getVersion(), b.getVersion()));
    for (DeltaHistory h : added) {
      long ts = h.getTimestamp();
      ts = previous == Long.MIN_VALUE ? ts : Math.max(ts, previous + 1);
      previous = ts;
      commits.add(new Commit(h.getVersion(), Instant.ofEpochMilli(ts), JsonUtils.mapper().valueToTree(h)));
    }
    List<Commit> result = List.copyOf(commits);
    CACHE.put(key, new Cached(tableId, result));
    return result;
  }

  /**
   * The path of every data file a commit still in the log of {@code table} added (as the log
   * writes it: relative to the table, or absolute), read with Delta's {@code getChanges}.
   */
  public static List<String> addedFiles(SparkSession spark, Path table) {
    DeltaLog log = DeltaLog.forTable(spark, table);
    long latest = log.update(false, Option.empty(), Option.empty()).version();
    List<String> paths = new ArrayList<>();
    if (latest < 0) {
      return paths;
    }
    scala.collection.Iterator<scala.Tuple2<Object, scala.collection.Seq<Action>>> changes = log.getChanges(0, latest, false);
    while (changes.hasNext()) {
      scala.collection.Iterator<Action> actions = changes.next()._2().iterator();
      while (actions.hasNext()) {
        if (actions.next() instanceof AddFile add) {
          paths.add(add.path());
        }
      }
    }
    return paths;
  }

  /**
   * The newest commit of {@code table} that {@code matches}, read newest first in widening windows
   * of the log, so that its cost follows how far back the match is, not how long the history is
   * (the latest certified version is the latest commit but for an uncertified write or two).
   * Answered from the history already read when it is current.
   */
  public static java.util.Optional<Commit> newest(SparkSession spark, Path table, java.util.function.Predicate<Commit> matches) {
    DeltaLog log = DeltaLog.forTable(spark, table);
    Snapshot snapshot = log.update(false, Option.empty(), Option.empty());
    long end = snapshot.version();
    if (end < 0) {
      return java.util.Optional.empty();
    }
    Cached cached = CACHE.get(log.dataPath().toString());
    if (cached != null && cached.tableId().equals(snapshot.metadata().id()) && !cached.commits().isEmpty()
        && cached.commits().get(cached.commits().size() - 1).version() == end) {
      for (int i = cached.commits().size() - 1; i >= 0; i--) {
        if (matches.test(cached.commits().get(i))) {
          return java.util.Optional.of(cached.commits().get(i));
        }
      }
      return java.util.Optional.empty();
    }
    long window = 4;
    while (end >= 0) {
      long start = Math.max(0, end - window + 1);
      List<DeltaHistory> page = new ArrayList<>(JavaConverters.seqAsJavaList(log.history().getHistory(start, Option.apply((Object) end))));
      page.sort((a, b) -> Long.compare(b.getVersion(), a.getVersion()));
      for (DeltaHistory h : page) {
        Commit c = new Commit(h.getVersion(), Instant.ofEpochMilli(h.getTimestamp()), JsonUtils.mapper().valueToTree(h));
        if (matches.test(c)) {
          return java.util.Optional.of(c);
        }
      }
      end = start - 1;
      window = Math.min(window * 4, 1024);
    }
    return java.util.Optional.empty();
  }

  /** The newest version in the log of {@code table}, or -1 when it has no commit. */
  public static long latestVersion(SparkSession spark, Path table) {
    return DeltaLog.forTable(spark, table).update(false, Option.empty(), Option.empty()).version();
  }
}
