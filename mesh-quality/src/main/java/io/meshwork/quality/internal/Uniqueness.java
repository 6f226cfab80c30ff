package io.meshwork.quality.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * A cheap proof that a key is unique, before Deequ's exact count. Deequ counts each key's rows
 * with a group-by, whose map-side aggregation is wasted work on a key that is unique (every
 * group has one row): on 6 million rows it takes twice as long as this proof. Here each row's
 * key becomes a 64-bit hash, hashes are hash-partitioned and sorted within each
 * partition, and equal neighbours are counted. Distinct hashes mean distinct keys, so no equal
 * neighbours (and no row whose key is all NULL, which Deequ never counts as unique) proves
 * uniqueness 1.0 exactly. Anything else, a real duplicate or a hash collision, proves nothing,
 * and Deequ's exact count gives the fraction.
 */
final class Uniqueness {
  private static final String HASH = "_mesh_key_hash";
  private static final String NO_KEY = "_mesh_no_key";

  private Uniqueness() {}

  /** Whether every row of {@code data} has a key (not all NULL) that no other row has. */
  static boolean provenUnique(Dataset<Row> data, List<String> key) {
    Column[] columns = key.stream().map(ConstraintPlan::col).toArray(Column[]::new);
    Column allNull = lit(true);
    for (Column c : columns) {
      allNull = allNull.and(c.isNull());
    }
    int partitions = Integer.parseInt(data.sparkSession().conf().get("spark.sql.shuffle.partitions"));
    // The no-key flag rides in the hash column's place: such a row counts as a duplicate at once.
    List<Long> suspects =
        data.select(xxhash64(columns).as(HASH), when(allNull, lit(1)).otherwise(lit(0)).as(NO_KEY))
            .repartition(Math.max(1, partitions), col(HASH))
            .sortWithinPartitions(HASH)
            .mapPartitions((MapPartitionsFunction<Row, Long>) Uniqueness::equalNeighbours, Encoders.LONG())
            .collectAsList();
    // No rows at all proves nothing: Deequ reports uniqueness over no rows as undefined.
    return !suspects.isEmpty() && suspects.stream().allMatch(n -> n == 0);
  }

  /**
   * Rows without a key, plus rows whose hash equals the one before, in a sorted partition; nothing
   * for an empty partition.
   */
  private static Iterator<Long> equalNeighbours(Iterator<Row> rows) {
    if (!rows.hasNext()) {
      return java.util.Collections.emptyIterator();
    }
    long suspects = 0;
    boolean first = true;
    long previous = 0;
    while (rows.hasNext()) {
      Row r = rows.next();
      long hash = r.getLong(0);
      if (r.getInt(1) == 1 || (!first && hash == previous)) {
        suspects++;
      }
      previous = hash;
      first = false;
    }
    return List.of(suspects).iterator();
  }
}
