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
    assertThat(Uniqueness.provenUnique(rows(row(1, 1), row(1, 2), row(2, 1), row(null, 1)), KEY)).isTrue();
    assertThat(Uniqueness.provenUnique(rows(row(1, 1), row(2, 1)), List.of("order"))).isTrue();
  }

  @Test
  void aRepeatedKeyIsNot() {
    assertThat(Uniqueness.provenUnique(rows(row(1, 1), row(2, 1), row(1, 1)), KEY)).isFalse();
    assertThat(Uniqueness.provenUnique(rows(row(1, 1), row(1, 2)), List.of("order"))).isFalse();
  }

  @Test
  void aRowWithoutAKeyIsNeverUnique() {
    assertThat(Uniqueness.provenUnique(rows(row(1, 1), row(null, null)), KEY)).isFalse();
  }

  @Test
  void noRowsProveNothing() {
    assertThat(Uniqueness.provenUnique(rows(), KEY)).isFalse();
  }

  private Dataset<Row> rows(Row... rows) {
    return spark.createDataFrame(Arrays.asList(rows), KEYS);
  }

  private static Row row(Integer order, Integer line) {
    return RowFactory.create(order, line);
  }
}
