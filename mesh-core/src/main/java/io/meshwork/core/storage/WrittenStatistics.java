package io.meshwork.core.storage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the writer knows of the rows it wrote without reading them again: Delta's per-file
 * statistics ({@code numRecords}, {@code nullCount}, {@code minValues}, {@code maxValues}) summed
 * over the written files. A column is missing from a map when some file has no statistic for it.
 *
 * @param rows the rows written
 * @param nulls per column, its NULL values
 * @param minimums per numeric column (integral, double, decimal), its smallest non-null value as
 *     a double; missing when every value is NULL
 * @param maximums per numeric column, its largest non-null value as a double
 * @param clusteredBy a hint, never trusted: columns by which Spark's physical plan said the rows
 *     were hash-partitioned when written (after a shuffle, a join or a group-by on them), as
 *     Spark's {@code HashPartitioning} does: {@code pmod(hash(columns), clusterPartitions)}; empty
 *     when not known. A reader may use it to look for keys per partition, after checking it.
 * @param clusterPartitions the number of partitions of that partitioning (0 when not known)
 */
public record WrittenStatistics(
    long rows, Map<String, Long> nulls, Map<String, Double> minimums, Map<String, Double> maximums, List<String> clusteredBy,
    int clusterPartitions) {
  public WrittenStatistics {
    nulls = Collections.unmodifiableMap(new LinkedHashMap<>(nulls));
    minimums = Collections.unmodifiableMap(new LinkedHashMap<>(minimums));
    maximums = Collections.unmodifiableMap(new LinkedHashMap<>(maximums));
    clusteredBy = List.copyOf(clusteredBy);
  }

  /** Statistics of rows whose clustering is not known. */
  public WrittenStatistics(long rows, Map<String, Long> nulls, Map<String, Double> minimums, Map<String, Double> maximums) {
    this(rows, nulls, minimums, maximums, List.of(), 0);
  }

  /** These statistics with the hint that the rows were hash-partitioned by {@code columns} into {@code partitions}. */
  public WrittenStatistics clusteredBy(List<String> columns, int partitions) {
    return new WrittenStatistics(rows, nulls, minimums, maximums, columns, partitions);
  }
}
