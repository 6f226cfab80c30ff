package io.meshwork.core.spi;

import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * What a run produced (or, for a failed run, how far it got).
 *
 * @param dataVersion the Delta version published; for a failed run the live version, or null if none
 * @param report the quality report, or null when the run failed before verification
 * @param error for a failed run, the user-facing reason; null on success
 */
public record RunOutcome(
    Long dataVersion,
    long rows,
    QualityReport report,
    List<InputVersion> inputs,
    StructType schema,
    Instant finishedAt,
    String error) {
  public RunOutcome {
    inputs = List.copyOf(inputs);
  }

  public boolean succeeded() {
    return error == null;
  }
}
