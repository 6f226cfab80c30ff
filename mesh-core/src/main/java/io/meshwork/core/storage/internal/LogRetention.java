package io.meshwork.core.storage.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaHistory;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * What Delta's log retention means for one version of a table. Delta removes commit files older
 * than {@code delta.logRetentionDuration} when it writes a checkpoint, keeping the log readable
 * from a checkpoint on; a version stays readable as long as the log is kept from the newest
 * checkpoint at or before it (or from the first commit when there is none).
 */
public final class LogRetention {
  private LogRetention() {}

  /**
   * The commit time from which {@code table}'s log must be kept for {@code version} to stay
   * readable: that of the newest checkpoint at or before it, else of the oldest commit; empty when
   * the version cannot be read any more (or never existed).
   */
  public static Optional<Instant> keepFrom(SparkSession spark, Path table, long version) {
    DeltaLog log = DeltaLog.forTable(spark, table);
    long anchor;
    try {
      Snapshot snapshot = log.getSnapshotAt(version, Option.empty(), Option.empty());
      long checkpoint = snapshot.logSegment().checkpointProvider().version();
      anchor = checkpoint >= 0 ? checkpoint : log.history().getEarliestRecreatableCommit();
    } catch (RuntimeException e) { // Delta's VersionNotFound and friends: nothing left to keep
      return Optional.empty();
    }
    java.util.List<DeltaHistory> history =
        JavaConverters.seqAsJavaList(log.history().getHistory(anchor, Option.apply((Object) anchor)));
    return history.isEmpty() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(history.get(0).getTimestamp()));
  }

  /** The oldest version of {@code table} Delta can still read. */
  public static long earliestReadable(SparkSession spark, Path table) {
    return DeltaLog.forTable(spark, table).history().getEarliestRecreatableCommit();
  }

  /** A Delta interval table property value: {@code interval 90 days}, {@code interval 7200 seconds}. */
  public static String interval(Duration d) {
    long seconds = Math.max(1, d.getSeconds());
    return seconds % 86_400 == 0 ? "interval " + seconds / 86_400 + " days" : "interval " + seconds + " seconds";
  }

  /** A duration as people write it: {@code 90 days}, {@code 12 hours}, {@code 30 minutes}, {@code 45 seconds}. */
  public static String describe(Duration d) {
    long s = d.getSeconds();
    if (s > 0 && s % 86_400 == 0) {
      return plural(s / 86_400, "day");
    }
    if (s > 0 && s % 3_600 == 0) {
      return plural(s / 3_600, "hour");
    }
    if (s > 0 && s % 60 == 0) {
      return plural(s / 60, "minute");
    }
    return plural(s, "second");
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
