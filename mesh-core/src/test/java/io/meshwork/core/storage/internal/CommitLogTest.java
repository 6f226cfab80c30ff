package io.meshwork.core.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.storage.Storage;
import io.meshwork.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The commit infos of a Delta log, as Delta's history gives them. */
@ExtendWith(SharedSpark.class)
class CommitLogTest {
  private final SparkSession spark;

  CommitLogTest(SparkSession spark) {
    this.spark = spark;
  }

  @Test
  void everyCommitWithItsMetadataOldestFirst(@TempDir Path dir) {
    Path table = dir.resolve("t");
    write(table, "overwrite", "first");
    write(table, "append", "second");

    assertThat(CommitLog.commits(spark, loc(table))).extracting(CommitLog.Commit::version).containsExactly(0L, 1L);
    assertThat(CommitLog.commits(spark, loc(table))).extracting(c -> c.text("userMetadata")).containsExactly("first", "second");
    assertThat(CommitLog.commits(spark, loc(table))).extracting(c -> c.text("operation")).containsExactly("WRITE", "WRITE");
    assertThat(CommitLog.commits(spark, loc(table)).get(1).timestamp()).isAfter(CommitLog.commits(spark, loc(table)).get(0).timestamp());
    assertThat(CommitLog.latestVersion(spark, loc(table))).isEqualTo(1);
  }

  @Test
  void aTableCreatedAgainAtTheSamePathIsReadAfresh(@TempDir Path dir) throws IOException {
    Path table = dir.resolve("t");
    write(table, "overwrite", "old table");
    assertThat(CommitLog.commits(spark, loc(table))).extracting(c -> c.text("userMetadata")).containsExactly("old table");

    try (Stream<Path> files = Files.walk(table)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    assertThat(CommitLog.commits(spark, loc(table))).isEmpty();
    assertThat(CommitLog.latestVersion(spark, loc(table))).isEqualTo(-1);
    write(table, "overwrite", "new table with a longer text");

    assertThat(CommitLog.commits(spark, loc(table))).extracting(c -> c.text("userMetadata")).containsExactly("new table with a longer text");
  }

  private static org.apache.hadoop.fs.Path loc(Path table) {
    return io.meshwork.core.storage.Storage.location(table);
  }

  private void write(Path table, String mode, String metadata) {
    spark.range(3).write().format("delta").mode(mode).option("userMetadata", metadata).save(table.toString());
  }
}
