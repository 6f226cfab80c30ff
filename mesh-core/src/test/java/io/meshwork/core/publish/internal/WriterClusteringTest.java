package io.meshwork.core.publish.internal;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshwork.testing.SharedSpark;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the physical plan tells the gate about how rows reach the writing tasks, with adaptive execution on (Spark's default). */
@ExtendWith(SharedSpark.class)
class WriterClusteringTest {
  private final SparkSession spark;

  WriterClusteringTest(SparkSession spark) {
    this.spark = spark;
  }

  private Dataset<Row> rows() {
    // keys in no order, over several input partitions
    return spark.range(0, 400, 1, 4).select(col("id").multiply(7919).mod(401).as("order_id"), col("id").mod(3).as("line"));
  }

  /** The publisher renames every column to the contract's (an alias each): the hint survives that. */
  private static Dataset<Row> conformed(Dataset<Row> rows) {
    return rows.select(java.util.Arrays.stream(rows.columns()).map(c -> rows.col(c).as(c)).toArray(Column[]::new));
  }

  @Test
  void aRepartitionByAColumnIsSeenThroughAdaptiveExecutionAndAliases() {
    assertTrue(spark.sessionState().conf().adaptiveExecutionEnabled(), "the test is about adaptive plans");
    Optional<WriterClustering.Hash> hint = WriterClustering.of(conformed(rows().repartition(5, col("order_id"))));
    assertEquals(Optional.of(new WriterClustering.Hash(List.of("order_id"), 5)), hint);
  }

  @Test
  void aCachedRepartitionKeepsItsHint() {
    Dataset<Row> cached = rows().repartition(3, col("order_id"), col("line")).cache();
    try {
      cached.count();
      assertEquals(Optional.of(new WriterClustering.Hash(List.of("order_id", "line"), 3)), WriterClustering.of(conformed(cached)));
    } finally {
      cached.unpersist(true);
    }
  }

  @Test
  void rowsInNoParticularPartitioningGiveNoHint() {
    assertEquals(Optional.empty(), WriterClustering.of(conformed(rows())));
    assertEquals(Optional.empty(), WriterClustering.of(rows().repartition(4)));
    // partitioned by an expression of a column, not the column: no hint on the column
    assertEquals(Optional.empty(), WriterClustering.of(rows().repartition(4, col("order_id").plus(1))));
  }
}
