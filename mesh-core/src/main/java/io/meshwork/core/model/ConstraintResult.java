package io.meshwork.core.model;


/**
 * The outcome of one contract constraint.
 *
 * @param observed the measured value as text ({@code 0.9713}, {@code 3}), or null when it could not be computed
 * @param threshold what the contract asks, as text ({@code >= 1.0}, {@code == 1.0})
 * @param rows rows the constraint was evaluated on
 * @param message for a failed or warned constraint, the full user-facing sentence; null when passed
 */
public record ConstraintResult(
    ConstraintSpec constraint, Status status, String observed, String threshold, long rows, String message) {

  /** What happened to a constraint. */
  public enum Status {
    PASSED,
    FAILED,
    WARNED
  }
}
