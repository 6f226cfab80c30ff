package io.meshwork.core.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Column-level lineage of a run's output, as far as the job's query plan shows it.
 *
 * @param fields each output column, in output order, with the input columns it derives from
 *     (direct uses, and {@link ColumnSource.Use#CONDITIONAL} conditions); an output column computed
 *     from no input (a literal) has an empty list
 * @param dataset input columns that affect the whole output rather than one column: join and
 *     filter conditions, grouping, sort and window keys
 */
public record ColumnLineage(Map<String, List<ColumnSource>> fields, List<ColumnSource> dataset) {
  public ColumnLineage {
    Map<String, List<ColumnSource>> copy = new LinkedHashMap<>();
    fields.forEach((name, sources) -> copy.put(name, List.copyOf(sources)));
    fields = Collections.unmodifiableMap(copy);
    dataset = List.copyOf(dataset);
  }
}
