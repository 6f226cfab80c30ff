package io.meshwork.core;


/** The quality gate or the schema check refused a publish; nothing was published. */
public final class QualityGateException extends MeshException {
  private final transient QualityReport report;

  public QualityGateException(String message, QualityReport report) {
    super(ExitCode.QUALITY, message);
    this.report = report;
  }

  /** The full report, or {@code null} when the schema check failed before verification. */
  public QualityReport report() {
    return report;
  }
}
