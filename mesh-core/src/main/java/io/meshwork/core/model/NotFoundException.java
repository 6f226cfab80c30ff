package io.meshwork.core.model;

import java.util.List;

/** What was asked for does not exist: a product, a major or version of it, a role, a lineage node, a model (exit 2). */
public final class NotFoundException extends MeshException {
  public NotFoundException(String message) {
    this(Problem.of(message));
  }

  public NotFoundException(String message, Throwable cause) {
    super(List.of(Problem.of(message)), cause);
  }

  public NotFoundException(Problem problem) {
    this(List.of(problem));
  }

  /** Every problem, the message listing them one per line. */
  public NotFoundException(List<Problem> problems) {
    super(problems, null);
  }
}
