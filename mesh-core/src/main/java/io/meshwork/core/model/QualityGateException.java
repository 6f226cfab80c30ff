package io.meshwork.core.model;

import java.util.List;

/** The quality gate, the schema check or a source check refused a publish; nothing was published (exit 3). */
public final class QualityGateException extends MeshException {
  private final transient QualityReport report;

  public QualityGateException(String message, QualityReport report) {
    super(List.of(Problem.of(message)), null);
    this.report = report;
  }

  /** A refusal with its own message over the problems it lists (each failed check or value at its file and line). */
  public QualityGateException(String message, List<Problem> problems, QualityReport report) {
    super(message, problems, null);
    this.report = report;
  }

  /** The full report, or {@code null} when the schema check (or a source check) failed before verification. */
  public QualityReport report() {
    return report;
  }
}
