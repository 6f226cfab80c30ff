package io.meshwork.jobs;

import io.meshwork.core.model.ExitCode;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.QualityReport;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The outcome of one product run, as the command line reports it.
 *
 * @param status {@code certified} (published), {@code failed} (refused or errored) or {@code skipped}
 * @param dataVersion the version published, or the live version for a refused run (null if none)
 * @param report the quality report, or null when the run stopped before verification
 * @param message why the run failed, or null
 * @param dropped rows left out by {@code on-fail = drop} constraints
 * @param quarantined rows written to the product's {@code _quarantine} table instead
 */
public record RunReport(
    ProductId product,
    String contractVersion,
    UUID runId,
    LocalDate runDate,
    String status,
    Long dataVersion,
    long rows,
    QualityReport report,
    double seconds,
    ExitCode exitCode,
    String message,
    long dropped,
    long quarantined) {

  /** A report of a run that dropped and quarantined nothing. */
  public RunReport(
      ProductId product, String contractVersion, UUID runId, LocalDate runDate, String status, Long dataVersion, long rows,
      QualityReport report, double seconds, ExitCode exitCode, String message) {
    this(product, contractVersion, runId, runDate, status, dataVersion, rows, report, seconds, exitCode, message, 0, 0);
  }

  public static final String CERTIFIED = "certified";
  public static final String FAILED = "failed";
  public static final String SKIPPED = "skipped";

  public boolean published() {
    return CERTIFIED.equals(status);
  }
}
