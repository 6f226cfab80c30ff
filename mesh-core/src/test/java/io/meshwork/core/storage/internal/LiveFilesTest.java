package io.meshwork.core.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshwork.core.storage.Storage;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live-files manifest gives a transaction exactly what Delta's full state gives (the kept
 * files with their statistics, the run keys committed), through commits made without Meshwork,
 * and nothing at all when it cannot be trusted.
 */
@ExtendWith(SharedSpark.class)
class LiveFilesTest {
  private final SparkSession spark;
  @TempDir Path dir;
  private org.apache.hadoop.fs.Path table;
  private org.apache.hadoop.fs.Path manifests;

  LiveFilesTest(SparkSession spark) {
    this.spark = spark;
  }

  @BeforeEach
  void paths() {
    table = Storage.location(dir.resolve("t"));
    manifests = Storage.location(dir.resolve("live-files"));
  }

  private Dataset<Row> rows(long from, long n) {
    return spark.range(from, from + n, 1, 2).select(functions.col("id"), functions.col("id").mod(7).as("g"));
  }

  /** Appends {@code rows} through a staged write keeping manifests, with {@code appId}; returns the version. */
  private long append(Dataset<Row> rows, String appId) {
    DeltaStagedWrite write = DeltaStagedWrite.begin(spark, table, manifests);
    boolean committed = write.tableExisted() && write.alreadyCommitted(appId);
    assertThat(committed).as("%s committed before", appId).isFalse();
    write.stage(rows, write.tableExisted() ? DeltaStagedWrite.Mode.APPEND : DeltaStagedWrite.Mode.OVERWRITE, rows.schema(), List.of(), null, Map.of(), null);
    write.keptDataFiles(); // what the gate asks for
    return write.commit("{}", appId);
  }

  /** The kept files (name → rows, minimum id) of a new transaction, as it sees them. */
  private static Map<String, String> kept(DeltaStagedWrite write) {
    return write.keptDataFiles().stream()
        .collect(Collectors.toMap(DeltaStagedWrite.DataFile::name, f -> f.rows() + "/" + f.minValues().get("id"), (a, b) -> a, TreeMap::new));
  }

  /** What Delta's own full state says of the same files. */
  private Map<String, String> keptByDelta() {
    DeltaStagedWrite write = DeltaStagedWrite.begin(spark, table); // no manifests: Delta's state
    try {
      write.stage(rows(0, 0), DeltaStagedWrite.Mode.APPEND, rows(0, 0).schema(), List.of(), null, Map.of(), null);
      return kept(write);
    } finally {
      write.abort();
    }
  }

  private Map<String, String> keptByManifest() {
    DeltaStagedWrite write = DeltaStagedWrite.begin(spark, table, manifests);
    try {
      write.stage(rows(0, 0), DeltaStagedWrite.Mode.APPEND, rows(0, 0).schema(), List.of(), null, Map.of(), null);
      return kept(write);
    } finally {
      write.abort();
    }
  }

  private Set<String> manifestFiles() throws Exception {
    try (var s = Files.list(dir.resolve("live-files"))) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  @Test
  void theManifestFollowsTheTableThroughCommitsMadeWithoutIt() throws Exception {
    append(rows(0, 40), "run:1");
    long v1 = append(rows(100, 40), "run:2");
    assertThat(manifestFiles()).contains(String.format("%020d.json", v1));
    // Delta writers that keep no manifest: a plain append with a run key, then a delete of some files
    rows(200, 30).write().format("delta").mode("append").option("txnAppId", "other:1").option("txnVersion", 3).save(table.toString());
    io.delta.tables.DeltaTable.forPath(spark, table.toString()).delete("id < 20");
    long latest = DeltaLog.forTable(spark, table).update(false, scala.Option.empty(), scala.Option.empty()).version();

    assertThat(LiveFiles.read(DeltaLog.forTable(spark, table), manifests, latest, DeltaLog.forTable(spark, table).update(false, scala.Option.empty(), scala.Option.empty()).metadata().id()))
        .as("read forward from version %s to %s", v1, latest).isPresent();
    assertThat(keptByManifest()).isEqualTo(keptByDelta()).isNotEmpty();

    DeltaStagedWrite write = DeltaStagedWrite.begin(spark, table, manifests);
    try {
      assertThat(write.alreadyCommitted("run:1")).isTrue();
      assertThat(write.alreadyCommitted("other:1")).as("committed by the plain writer, after the manifest").isTrue();
      assertThat(write.alreadyCommitted("run:3")).isFalse();
    } finally {
      write.abort();
    }
    long v = append(rows(300, 10), "run:3");
    assertThat(manifestFiles()).hasSize(2).contains(String.format("%020d.json", v)); // the older ones deleted
    assertThat(keptByManifest()).isEqualTo(keptByDelta());
  }

  @Test
  void twoRunsOfOneKeyConflictAlsoWhenTheKeyIsReadFromTheManifest() {
    append(rows(0, 20), "run:1");
    DeltaStagedWrite first = DeltaStagedWrite.begin(spark, table, manifests);
    DeltaStagedWrite second = DeltaStagedWrite.begin(spark, table, manifests);
    assertThat(first.alreadyCommitted("run:2")).isFalse();
    assertThat(second.alreadyCommitted("run:2")).isFalse();
    first.stage(rows(20, 5), DeltaStagedWrite.Mode.APPEND, rows(0, 0).schema(), List.of(), null, Map.of(), null);
    second.stage(rows(20, 5), DeltaStagedWrite.Mode.APPEND, rows(0, 0).schema(), List.of(), null, Map.of(), null);
    first.commit("{}", "run:2");
    assertThatThrownBy(() -> second.commit("{}", "run:2")).isInstanceOf(DeltaStagedWrite.Conflict.class);
  }

  @Test
  void aManifestThatCannotBeTrustedGivesNothing() throws Exception {
    append(rows(0, 20), "run:1");
    long v = append(rows(20, 20), "run:2");
    DeltaLog log = DeltaLog.forTable(spark, table);
    String id = log.update(false, scala.Option.empty(), scala.Option.empty()).metadata().id();
    assertThat(LiveFiles.read(log, manifests, v, id)).isPresent();
    assertThat(LiveFiles.read(log, manifests, v, "another-table")).as("a table created again at the path").isEmpty();
    assertThat(LiveFiles.read(log, manifests, v - 2, id)).as("no manifest at or before the version").isEmpty();

    // a manifest that lost a file: Delta's checksum of the version disagrees, and Delta's state is used
    Path newest = dir.resolve("live-files").resolve(String.format("%020d.json", v));
    List<String> lines = Files.readAllLines(newest);
    Files.write(newest, lines.subList(0, lines.size() - 1));
    assertThat(keptByManifest()).isEqualTo(keptByDelta()).hasSize(lines.size() - 1);

    Files.writeString(newest, "not json");
    assertThat(LiveFiles.read(log, manifests, v, id)).isEmpty();
    assertThat(keptByManifest()).isEqualTo(keptByDelta());
  }
}
