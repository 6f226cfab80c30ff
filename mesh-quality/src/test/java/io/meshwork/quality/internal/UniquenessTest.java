package io.meshwork.quality.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The cheap uniqueness proof: true only when every row has a key no other row has. */
@ExtendWith(SharedSpark.class)
class UniquenessTest {
  private static final StructType KEYS = new StructType().add("order", DataTypes.IntegerType).add("line", DataTypes.IntegerType);
  private static final List<String> KEY = List.of("order", "line");

  private final SparkSession spark;

  UniquenessTest(SparkSession spark) {
    this.spark = spark;
  }

  @Test
  void distinctKeysAreProvenUnique() {
    assertThat(Uniqueness.provenUnique(rows(row(1, 1), row(1, 2), row(2, 1), row(null, 1)), KEY, 4)).isTrue();
    assertThat(Uniqueness.provenUnique(rows(row(1, 1), row(2, 1)), List.of("order"), 2)).isTrue();
  }

  @Test
  void aRepeatedKeyIsNot() {
    assertThat(Uniqueness.provenUnique(rows(row(1, 1), row(2, 1), row(1, 1)), KEY, 3)).isFalse();
    assertThat(Uniqueness.provenUnique(rows(row(1, 1), row(1, 2)), List.of("order"), 2)).isFalse();
  }

  @Test
  void aRowWithoutAKeyIsNeverUnique() {
    assertThat(Uniqueness.provenUnique(rows(row(1, 1), row(null, null)), KEY, 2)).isFalse();
  }

  @Test
  void noRowsProveNothing() {
    assertThat(Uniqueness.provenUnique(rows(), KEY, 0)).isFalse();
  }

  @Test
  void keysInOrderWithinEachFileAreProvenWithoutAShuffle(@TempDir Path dir) {
    // Two files, each in key order, the later one's keys first: runs end with their file.
    split(4, 5, 6).write().mode("append").parquet(dir.toString());
    split(1, 2, 3).write().mode("append").parquet(dir.toString());
    Dataset<Row> files = spark.read().parquet(dir.toString());

    assertThat(Uniqueness.provenBySortedRuns(files, List.of("order", "line"))).isTrue();
    assertThat(Uniqueness.provenUnique(files, List.of("order", "line"), 6)).isTrue();
  }

  @Test
  void aRunEndsWithItsFile() {
    // One split reads file a (1, 2), then file b (5, 6): two runs. One run [1..6] would overlap a
    // file (3, 4) that another split reads.
    Uniqueness.Runs runs = Uniqueness.runs(List.of(keyIn(1, "a"), keyIn(2, "a"), keyIn(5, "b"), keyIn(6, "b")).iterator(), 1);

    assertThat(runs.firsts()).extracting(k -> k[0]).containsExactly(1, 5);
    assertThat(runs.lasts()).extracting(k -> k[0]).containsExactly(2, 6);
  }

  @Test
  void runsWhoseRangesOverlapProveNothingByThemselves() {
    // Split 1: (1,1) (3,1); split 2: (2,1) (3,2). Each split is in order but their ranges overlap;
    // the keys are still unique, which the hashes prove.
    Dataset<Row> unique = splits(row(1, 1), row(3, 1), row(2, 1), row(3, 2));
    assertThat(Uniqueness.provenBySortedRuns(unique, KEY)).isFalse();
    assertThat(Uniqueness.provenUnique(unique, KEY, 4)).isTrue();

    // The same with (3,1) in both splits: no proof holds.
    Dataset<Row> repeated = splits(row(1, 1), row(3, 1), row(2, 1), row(3, 1));
    assertThat(Uniqueness.provenBySortedRuns(repeated, KEY)).isFalse();
    assertThat(Uniqueness.provenUnique(repeated, KEY, 4)).isFalse();
  }

  @Test
  void aRepeatWithinOneRunEndsTheRun() {
    Dataset<Row> oneSplit = rows(row(1, 1), row(2, 1), row(2, 1)).coalesce(1);

    assertThat(Uniqueness.provenBySortedRuns(oneSplit, KEY)).isFalse();
    assertThat(Uniqueness.provenUnique(oneSplit, KEY, 3)).isFalse();
  }

  @Test
  void dataOutOfOrderGivesUpAfterTheLastRunAllowed() {
    // Descending keys: every row starts a run.
    Dataset<Row> descending = spark.range(0, Uniqueness.MAX_RUNS + 1, 1, 1).selectExpr("CAST(-id AS INT) AS order", "1 AS line");

    assertThat(Uniqueness.runs(descending.selectExpr("order", "0L AS file").collectAsList().iterator(), 1).gaveUp()).isTrue();
    assertThat(Uniqueness.provenBySortedRuns(descending, List.of("order"))).isFalse();
    assertThat(Uniqueness.provenUnique(descending, List.of("order"), Uniqueness.MAX_RUNS + 1)).isTrue();
  }

  @Test
  void rowsHashPartitionedByPartOfTheKeyAreProvenPerPartition(@TempDir Path dir) {
    // Written as a shuffle on `order` leaves them: 3 files, each holding whole orders, keys in no order.
    Dataset<Row> shuffled = spark.range(0, 3000, 1, 3).selectExpr("CAST((id * 7919) % 1000 AS INT) AS order", "CAST(id % 3 AS INT) AS line");
    shuffled.repartition(3, functions.col("order")).write().parquet(dir.resolve("unique").toString());
    Dataset<Row> unique = spark.read().parquet(dir.resolve("unique").toString());

    assertThat(Uniqueness.provenPerPartition(unique, KEY, List.of("order"), 3)).isTrue();
    assertThat(Uniqueness.provenUnique(unique, KEY, 3000, List.of("order"), 3)).isTrue();

    // One repeated key: found within its partition.
    shuffled.union(shuffled.limit(1)).repartition(3, functions.col("order")).write().parquet(dir.resolve("repeat").toString());
    Dataset<Row> repeat = spark.read().parquet(dir.resolve("repeat").toString());
    assertThat(Uniqueness.provenPerPartition(repeat, KEY, List.of("order"), 3)).isFalse();
    assertThat(Uniqueness.provenUnique(repeat, KEY, 3001, List.of("order"), 3)).isFalse();
  }

  @Test
  void aHintThatDoesNotHoldProvesNothingByItself() {
    // Not partitioned by `order` at all: order 1 is in both splits, each split without a repeat.
    Dataset<Row> notPartitioned = splits(row(1, 1), row(2, 1), row(1, 2), row(3, 1));
    assertThat(Uniqueness.provenPerPartition(notPartitioned, KEY, List.of("order"), 2)).isFalse();
    assertThat(Uniqueness.provenUnique(notPartitioned, KEY, 4, List.of("order"), 2)).isTrue(); // by the hashes

    Dataset<Row> repeated = splits(row(1, 1), row(2, 1), row(1, 1), row(3, 1));
    assertThat(Uniqueness.provenUnique(repeated, KEY, 4, List.of("order"), 2)).isFalse();
    // A NULL key is never unique.
    assertThat(Uniqueness.provenPerPartition(rows(row(null, null)).coalesce(1), KEY, List.of("order"), 1)).isFalse();
  }

  @Test
  void moreRowsThanAPartitionHoldsAreSpreadOverMorePartitions() {
    assertThat(Uniqueness.partitions(10, 4)).isEqualTo(4);
    assertThat(Uniqueness.partitions(3 * Uniqueness.ROWS_PER_PARTITION, 2)).isEqualTo(3);
    assertThat(Uniqueness.partitions(0, 0)).isEqualTo(1);
    assertThat(Uniqueness.partitions(3 * Uniqueness.ROWS_PER_PARTITION + 1, 2)).isEqualTo(4);
  }

  @Test
  void theSetFindsRepeatsAcrossGrowth() {
    Uniqueness.LongSet set = new Uniqueness.LongSet(10);
    for (long v = -100_000; v < 100_000; v++) {
      assertThat(set.add(v * 7919)).isTrue();
    }
    assertThat(set.add(0)).isFalse();
    assertThat(set.add(-7919)).isFalse();
    assertThat(set.add(99_999L * 7919)).isFalse();
    assertThat(set.add(100_000L * 7919)).isTrue();
  }

  /** Rows in two splits: the first half, then the second. */
  private Dataset<Row> splits(Row... rows) {
    return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(Arrays.asList(rows), 2), KEYS);
  }

  /** A file's rows: keys (order, 1) in the order given. */
  private Dataset<Row> split(int... orders) {
    return rows(Arrays.stream(orders).mapToObj(o -> row(o, 1)).toArray(Row[]::new)).coalesce(1);
  }

  private Dataset<Row> rows(Row... rows) {
    return spark.createDataFrame(Arrays.asList(rows), KEYS);
  }

  /** A row as the sorted-runs proof reads it: the key, then its file's hash. */
  private static Row keyIn(int order, String file) {
    return RowFactory.create(order, (long) file.hashCode());
  }

  private static Row row(Integer order, Integer line) {
    return RowFactory.create(order, line);
  }
}
