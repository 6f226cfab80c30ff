package io.meshwork.quality.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.testing.SharedSpark;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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

  private Dataset<Row> rows(Row... rows) {
    return spark.createDataFrame(Arrays.asList(rows), KEYS);
  }

  private static Row row(Integer order, Integer line) {
    return RowFactory.create(order, line);
  }
}
