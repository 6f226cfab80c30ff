package io.meshwork.quality.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampType;

/**
 * A cheap proof that a key is unique, before Deequ's exact count. Deequ counts each key's rows
 * with a group-by, whose map-side aggregation is wasted work on a key that is unique (every
 * group has one row). Cheap proofs first; when none holds, Deequ's exact count gives the
 * fraction. When the writer says the rows were hash-partitioned by some of the key's columns, the
 * per-partition proof ({@link #provenPerPartition}) replaces the sorted runs.
 *
 * <ol>
 *   <li><b>Sorted runs</b>, without a shuffle. Data written in key order (ids, order numbers,
 *       clustered or sorted tables, TPC-H's generator) is read split by split; each split is cut
 *       into runs where the key strictly increases within one file, which have no repeat by
 *       construction. When the runs' key ranges, first to last, do not overlap, no key is in two
 *       runs: unique. (Ending runs with their files only keeps them short; any strictly
 *       increasing run would do.) Each split
 *       gives up after {@link #MAX_RUNS} runs (data not in key order), having read little of it,
 *       and so does a NULL in the key. Files each sorted but with overlapping ranges (a key
 *       hash-partitioned, then sorted within partitions) cost this pass in full for nothing.
 *   <li><b>Hashes by value</b>, a shuffle of 8 bytes per row. Each row's key becomes a 64-bit hash
 *       (NULL for a row whose key is all NULL, which Deequ never counts as unique), the hashes are
 *       partitioned by value, and each partition looks for a repeat in a set of at most {@link
 *       #ROWS_PER_PARTITION} hashes. Distinct hashes mean distinct keys, so no repeat and no NULL
 *       prove uniqueness 1.0 exactly; a real duplicate or a hash collision proves nothing.
 * </ol>
 */
final class Uniqueness {
  /** The hashes one partition holds on average (a set of at most 32 MB); more rows, more partitions. */
  static final long ROWS_PER_PARTITION = 1L << 20;

  /** The runs of increasing keys one split may have before the sorted-runs proof gives up. */
  static final int MAX_RUNS = 1024;

  private static final String HASH = "_mesh_key_hash";

  private Uniqueness() {}

  /**
   * Whether every row of {@code data} has a key (not all NULL) that no other row has.
   *
   * @param rows the number of rows of {@code data}, which sizes the partitions
   */
  static boolean provenUnique(Dataset<Row> data, List<String> key, long rows) {
    return provenUnique(data, key, rows, List.of(), 0);
  }

  /**
   * As {@link #provenUnique(Dataset, List, long)}, with a hint of how the rows were partitioned
   * when written ({@link io.meshwork.core.storage.WrittenStatistics#clusteredBy()}): when they were
   * hash-partitioned by some of the key's columns, the per-partition proof comes first.
   */
  static boolean provenUnique(Dataset<Row> data, List<String> key, long rows, List<String> clusteredBy, int clusterPartitions) {
    if (rows <= 0) {
      return false; // no rows prove nothing: Deequ reports uniqueness over no rows as undefined
    }
    if (hinted(key, clusteredBy, clusterPartitions)) {
      return provenPerPartition(data, key, clusteredBy, clusterPartitions) || provenByHash(data, key, rows);
    }
    return provenBySortedRuns(data, key) || provenByHash(data, key, rows);
  }

  /** Whether the hint names a hash partitioning by a non-empty subset of the key's columns. */
  private static boolean hinted(List<String> key, List<String> clusteredBy, int partitions) {
    return partitions > 0 && !clusteredBy.isEmpty()
        && clusteredBy.stream().allMatch(c -> key.stream().anyMatch(k -> k.equalsIgnoreCase(c)));
  }

  /**
   * The per-partition proof, without a shuffle, for rows written hash-partitioned by {@code
   * clusteredBy} (some of the key's columns) into {@code partitions}: each split computes the
   * partition Spark's {@code HashPartitioning} gives each row ({@code pmod(hash(clusteredBy),
   * partitions)}) and looks for a repeated key hash within the split. Rows with the same key have
   * the same partition; when no partition number occurs in two splits, equal keys share a split,
   * so no repeat within the splits (and no NULL key) proves the key unique. The hint is only a
   * hint: when the numbers do not separate the splits (a file read in two splits, rows not
   * partitioned so after all), or a split has a repeat (a duplicate or a hash collision), it
   * proves nothing.
   */
  static boolean provenPerPartition(Dataset<Row> data, List<String> key, List<String> clusteredBy, int partitions) {
    Column[] keyColumns = key.stream().map(ConstraintPlan::col).toArray(Column[]::new);
    Column allNull = lit(true);
    for (Column c : keyColumns) {
      allNull = allNull.and(c.isNull());
    }
    Column bucket = pmod(hash(clusteredBy.stream().map(ConstraintPlan::col).toArray(Column[]::new)), lit(partitions));
    List<Buckets> splits =
        data.select(bucket, when(allNull, lit(null)).otherwise(xxhash64(keyColumns)))
            .mapPartitions((MapPartitionsFunction<Row, Buckets>) part -> Collections.singletonList(buckets(part)).iterator(), Encoders.javaSerialization(Buckets.class))
            .collectAsList();
    return separated(splits);
  }

  /** No split repeats a key hash, and no partition number occurs in two splits: equal keys would share a split. */
  static boolean separated(List<Buckets> splits) {
    BitSet seen = new BitSet();
    for (Buckets s : splits) {
      if (s.repeats() || s.buckets().intersects(seen)) {
        return false;
      }
      seen.or(s.buckets());
    }
    return true;
  }

  /** One split's partition numbers, and whether a key hash (or a NULL key) repeats within it. */
  public record Buckets(BitSet buckets, boolean repeats) implements Serializable {}

  static Buckets buckets(Iterator<Row> rows) {
    BitSet buckets = new BitSet();
    LongSet seen = new LongSet(1 << 16);
    while (rows.hasNext()) {
      Row r = rows.next();
      if (r.isNullAt(1) || !seen.add(r.getLong(1))) {
        return new Buckets(new BitSet(), true);
      }
      buckets.set(r.getInt(0));
    }
    return new Buckets(buckets, false);
  }

  /** The sorted-runs proof (see the class comment); false when it does not apply or does not hold. */
  static boolean provenBySortedRuns(Dataset<Row> data, List<String> key) {
    if (!key.stream().allMatch(c -> orderable(data.schema().apply(c).dataType()))) {
      return false;
    }
    int n = key.size();
    List<Column> columns = new ArrayList<>();
    key.forEach(c -> columns.add(ConstraintPlan.col(c)));
    columns.add(xxhash64(input_file_name())); // a run ends with its file: files in key order need not be read in that order
    List<Runs> splits =
        data.select(columns.toArray(Column[]::new))
            .mapPartitions((MapPartitionsFunction<Row, Runs>) part -> Collections.singletonList(runs(part, n)).iterator(), Encoders.javaSerialization(Runs.class))
            .collectAsList();
    return disjoint(splits);
  }

  /** No split gave up, and no two runs of all the splits overlap: no key is in two runs, nor twice in one. */
  static boolean disjoint(List<Runs> splits) {
    List<Object[][]> all = new ArrayList<>(); // {first, last} of every run
    for (Runs s : splits) {
      if (s.gaveUp()) {
        return false;
      }
      for (int i = 0; i < s.firsts().size(); i++) {
        all.add(new Object[][] {s.firsts().get(i), s.lasts().get(i)});
      }
    }
    all.sort((a, b) -> compare(a[0], b[0]));
    for (int i = 1; i < all.size(); i++) {
      if (compare(all.get(i - 1)[1], all.get(i)[0]) >= 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Spark groups these types' values by equality, and their Java values order the same way. Not
   * floating point: Spark groups -0.0 with 0.0 and every NaN together, which {@code
   * Double.compare} tells apart.
   */
  static boolean orderable(DataType type) {
    return type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType || type instanceof LongType
        || type instanceof StringType || type instanceof DecimalType || type instanceof DateType || type instanceof TimestampType;
  }

  /**
   * One split's runs of strictly increasing keys within one file, each by its first and last
   * key; or {@code gaveUp} (a NULL in the key, or more than {@link #MAX_RUNS} runs), with no runs.
   */
  public record Runs(boolean gaveUp, List<Object[]> firsts, List<Object[]> lasts) implements Serializable {}

  static Runs runs(Iterator<Row> rows, int n) {
    RunsBuilder runs = new RunsBuilder();
    long previousFile = 0;
    while (rows.hasNext() && !runs.gaveUp()) {
      Row r = rows.next();
      Object[] key = new Object[n];
      for (int i = 0; i < n; i++) {
        key[i] = r.get(i);
      }
      long file = r.getLong(n);
      runs.add(key, file != previousFile);
      previousFile = file;
    }
    return runs.runs();
  }

  /**
   * Runs of strictly increasing keys, built key by key: a key not greater than the one before (or
   * one the caller says starts a new run) starts a run. Gives up, keeping no runs, at a NULL in a
   * key or beyond {@link #MAX_RUNS} runs. Keeps the keys it is given: callers pass copies.
   */
  static final class RunsBuilder implements Serializable {
    private static final long serialVersionUID = 1L;
    private boolean gaveUp;
    private final List<Object[]> firsts = new ArrayList<>();
    private final List<Object[]> lasts = new ArrayList<>();
    private Object[] previous;

    void add(Object[] key, boolean newRun) {
      if (gaveUp) {
        return;
      }
      for (Object v : key) {
        if (v == null) {
          giveUp();
          return;
        }
      }
      if (previous == null || newRun || compare(previous, key) >= 0) {
        if (previous != null) {
          lasts.add(previous);
        }
        if (firsts.size() == MAX_RUNS) {
          giveUp();
          return;
        }
        firsts.add(key);
      }
      previous = key;
    }

    boolean gaveUp() {
      return gaveUp;
    }

    private void giveUp() {
      gaveUp = true;
      firsts.clear();
      lasts.clear();
      previous = null;
    }

    /** The runs so far, the last one closed. */
    Runs runs() {
      if (gaveUp) {
        return new Runs(true, List.of(), List.of());
      }
      List<Object[]> closed = new ArrayList<>(lasts);
      if (previous != null) {
        closed.add(previous);
      }
      return new Runs(false, List.copyOf(firsts), closed);
    }
  }

  /** Keys in lexicographic order of their columns (no NULLs; each column's values of one class). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compare(Object[] a, Object[] b) {
    for (int i = 0; i < a.length; i++) {
      int c = ((Comparable) a[i]).compareTo(b[i]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** The hashes-by-value proof (see the class comment). */
  private static boolean provenByHash(Dataset<Row> data, List<String> key, long rows) {
    Column[] columns = key.stream().map(ConstraintPlan::col).toArray(Column[]::new);
    Column allNull = lit(true);
    for (Column c : columns) {
      allNull = allNull.and(c.isNull());
    }
    int partitions = partitions(rows, Integer.parseInt(data.sparkSession().conf().get("spark.sql.shuffle.partitions")));
    long expected = rows / partitions;
    List<Long> repeats =
        data.select(when(allNull, lit(null)).otherwise(xxhash64(columns)).as(HASH))
            .repartition(partitions, col(HASH))
            .mapPartitions((MapPartitionsFunction<Row, Long>) part -> repeats(part, expected), Encoders.LONG())
            .collectAsList();
    return repeats.stream().allMatch(r -> r == 0);
  }

  /** Enough partitions that none holds more than {@link #ROWS_PER_PARTITION} hashes on average; at least {@code configured}. */
  static int partitions(long rows, int configured) {
    return (int) Math.max(Math.max(1, configured), (rows + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION);
  }

  /** Rows without a key, plus rows whose hash an earlier row of the partition had. */
  private static Iterator<Long> repeats(Iterator<Row> rows, long expected) {
    LongSet seen = new LongSet(expected);
    long repeats = 0;
    while (rows.hasNext()) {
      Row r = rows.next();
      if (r.isNullAt(0) || !seen.add(r.getLong(0))) {
        repeats++;
      }
    }
    return Collections.singletonList(repeats).iterator();
  }

  /** An open-addressing set of longs (linear probing), at most half full, growing by doubling. */
  static final class LongSet {
    private long[] slots;
    private boolean hasZero;
    private int size;

    /** A set sized for about {@code expected} values (a tenth more, for an uneven partition). */
    LongSet(long expected) {
      long wanted = Math.min(1L << 30, Math.max(1 << 10, (expected + expected / 10) * 2));
      slots = new long[Integer.highestOneBit((int) Math.min(Integer.MAX_VALUE, wanted - 1)) << 1];
    }

    /** Adds {@code v}; false when it was there already. */
    boolean add(long v) {
      if (v == 0) {
        boolean added = !hasZero;
        hasZero = true;
        return added;
      }
      if (size * 2 >= slots.length) {
        grow();
      }
      int mask = slots.length - 1;
      for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
        if (slots[i] == 0) {
          slots[i] = v;
          size++;
          return true;
        }
        if (slots[i] == v) {
          return false;
        }
      }
    }

    private void grow() {
      long[] old = slots;
      slots = new long[old.length * 2];
      size = 0;
      for (long v : old) {
        if (v != 0) {
          add(v);
        }
      }
    }

    private static int mix(long v) {
      long h = v * 0x9E3779B97F4A7C15L;
      return (int) (h ^ (h >>> 32));
    }
  }
}
