package io.meshwork.core.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.storage.Storage;
import io.meshwork.core.storage.WrittenStatistics;
import io.meshwork.testing.SharedSpark;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The staged rows' statistics, summed from what Delta wrote with each staged file. */
@ExtendWith(SharedSpark.class)
class StagedStatisticsTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.LongType)
          .add("amount", DataTypes.createDecimalType(10, 2))
          .add("score", DataTypes.DoubleType)
          .add("name", DataTypes.StringType)
          .add("note", DataTypes.StringType)
          .add("day", DataTypes.StringType);

  private final SparkSession spark;

  StagedStatisticsTest(SparkSession spark) {
    this.spark = spark;
  }

  @Test
  void rowsNullsAndNumericRangesOverEveryStagedFile(@TempDir Path dir) {
    Dataset<Row> rows =
        spark.createDataFrame(
            List.of(
                RowFactory.create(3L, new BigDecimal("-5.25"), 0.5, "b", null, "2026-01-01"),
                RowFactory.create(-7L, null, null, "a", null, "2026-01-01"),
                RowFactory.create(12L, new BigDecimal("120.00"), 2.5, null, null, "2026-01-02"),
                RowFactory.create(5L, new BigDecimal("1.00"), null, "c", null, null)),
            SCHEMA);
    DeltaStagedWrite write = DeltaStagedWrite.begin(spark, io.meshwork.core.storage.Storage.location(dir.resolve("t")));
    write.stage(rows.repartition(2), DeltaStagedWrite.Mode.OVERWRITE, SCHEMA, List.of("day"), null, Map.of(), null);
    try {
      WrittenStatistics statistics = write.stagedStatistics().orElseThrow();

      assertThat(write.stagedFiles()).hasSizeGreaterThan(2); // three partition values, more than one file
      assertThat(statistics.rows()).isEqualTo(4);
      assertThat(statistics.nulls()).containsExactlyInAnyOrderEntriesOf(Map.of("id", 0L, "amount", 1L, "score", 2L, "name", 1L, "note", 4L, "day", 1L));
      // Numeric columns only (not strings, not the partition column); none for a column without values.
      assertThat(statistics.minimums()).containsExactlyInAnyOrderEntriesOf(Map.of("id", -7.0, "amount", -5.25, "score", 0.5));
      assertThat(statistics.maximums()).containsExactlyInAnyOrderEntriesOf(Map.of("id", 12.0, "amount", 120.0, "score", 2.5));
    } finally {
      write.abort();
    }
  }

  @Test
  void noneWhenAFileHasNoStatistics(@TempDir Path dir) {
    spark.conf().set("spark.databricks.delta.stats.collect", "false");
    try {
      DeltaStagedWrite write = DeltaStagedWrite.begin(spark, io.meshwork.core.storage.Storage.location(dir.resolve("t")));
      write.stage(spark.range(3).toDF(), DeltaStagedWrite.Mode.OVERWRITE, spark.range(3).schema(), List.of(), null, Map.of(), null);
      try {
        assertThat(write.stagedStatistics()).isEmpty();
      } finally {
        write.abort();
      }
    } finally {
      spark.conf().unset("spark.databricks.delta.stats.collect");
    }
  }
}
