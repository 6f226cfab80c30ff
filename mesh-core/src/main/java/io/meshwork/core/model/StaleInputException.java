package io.meshwork.core.model;

import java.util.List;

/** An input product's latest certified version is older than its freshness SLA, and the run was asked to require fresh inputs ({@code run --require-fresh-inputs}); nothing ran (exit 7). */
public final class StaleInputException extends MeshException {
  public StaleInputException(String message) {
    this(Problem.of(message));
  }

  public StaleInputException(String message, Throwable cause) {
    super(List.of(Problem.of(message)), cause);
  }

  public StaleInputException(Problem problem) {
    this(List.of(problem));
  }

  /** Every problem, the message listing them one per line. */
  public StaleInputException(List<Problem> problems) {
    super(problems, null);
  }
}
