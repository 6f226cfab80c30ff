package io.meshwork.core;

import java.util.Collections;
import java.util.LinkedHashMap;
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
 */
public record WrittenStatistics(long rows, Map<String, Long> nulls, Map<String, Double> minimums, Map<String, Double> maximums) {
  public WrittenStatistics {
    nulls = Collections.unmodifiableMap(new LinkedHashMap<>(nulls));
    minimums = Collections.unmodifiableMap(new LinkedHashMap<>(minimums));
    maximums = Collections.unmodifiableMap(new LinkedHashMap<>(maximums));
  }
}
