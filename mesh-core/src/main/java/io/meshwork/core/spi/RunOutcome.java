package io.meshwork.core.spi;

import io.meshwork.core.model.InputVersion;
import io.meshwork.core.model.QualityReport;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;

/**
 * What a run produced (or, for a failed run, how far it got).
 *
 * @param dataVersion the Delta version published; for a failed run the live version, or null if none
 * @param report the quality report, or null when the run failed before verification
 * @param error for a failed run, the user-facing reason; null on success
 * @param columnLineage the output's column-level lineage when the job's plan gives it, or null
 * @param inputMetrics what the metrics history knows about the input versions read, by {@link
 *     InputVersion#name()} of product inputs; only inputs with known metrics are present
 */
public record RunOutcome(
    Long dataVersion,
    long rows,
    QualityReport report,
    List<InputVersion> inputs,
    StructType schema,
    Instant finishedAt,
    String error,
    ColumnLineage columnLineage,
    Map<String, InputMetrics> inputMetrics) {
  public RunOutcome {
    inputs = List.copyOf(inputs);
    inputMetrics = inputMetrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(inputMetrics));
  }

  /** An outcome without column lineage or input metrics. */
  public RunOutcome(Long dataVersion, long rows, QualityReport report, List<InputVersion> inputs, StructType schema, Instant finishedAt, String error) {
    this(dataVersion, rows, report, inputs, schema, finishedAt, error, null, Map.of());
  }

  public boolean succeeded() {
    return error == null;
  }

  /** This outcome with the output's column lineage (null: not known). */
  public RunOutcome withColumnLineage(ColumnLineage lineage) {
    return new RunOutcome(dataVersion, rows, report, inputs, schema, finishedAt, error, lineage, inputMetrics);
  }

  /** This outcome with the known metrics of its inputs, by input name. */
  public RunOutcome withInputMetrics(Map<String, InputMetrics> metrics) {
    return new RunOutcome(dataVersion, rows, report, inputs, schema, finishedAt, error, columnLineage, metrics);
  }
}
