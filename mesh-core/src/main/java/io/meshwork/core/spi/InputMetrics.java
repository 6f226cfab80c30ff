package io.meshwork.core.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What is known about the data of one input version from the quality gate's metrics history (the
 * verification that published that version). Every value is null when not measured.
 *
 * @param rowCount rows of the version
 * @param columns metrics of single columns, by column name
 */
public record InputMetrics(Long rowCount, Map<String, Column> columns) {
  public InputMetrics {
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }

  /**
   * Metrics of one column.
   *
   * @param nullCount rows where it is null
   * @param distinctCount distinct non-null values
   * @param count non-null values
   */
  public record Column(Long nullCount, Long distinctCount, Double sum, Double count, Double min, Double max) {
    public boolean isEmpty() {
      return nullCount == null && distinctCount == null && sum == null && count == null && min == null && max == null;
    }
  }
}
