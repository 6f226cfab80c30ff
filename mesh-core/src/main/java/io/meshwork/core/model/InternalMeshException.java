package io.meshwork.core.model;

import java.util.List;

/** Something failed that the input does not explain: an unexpected error in a run, an interrupted wait, a storage step that did not happen (exit 1). */
public final class InternalMeshException extends MeshException {
  public InternalMeshException(String message) {
    this(Problem.of(message));
  }

  public InternalMeshException(String message, Throwable cause) {
    super(List.of(Problem.of(message)), cause);
  }

  public InternalMeshException(Problem problem) {
    this(List.of(problem));
  }

  /** Every problem, the message listing them one per line. */
  public InternalMeshException(List<Problem> problems) {
    super(problems, null);
  }
}
