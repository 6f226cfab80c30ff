package io.meshwork.core.model;

import java.util.List;

/** A read, a write or a role is refused by the access rules (roles, masking, row filters, write guard); the refusal is audited where it is decided (exit 4). */
public final class AccessDeniedException extends MeshException {
  public AccessDeniedException(String message) {
    this(Problem.of(message));
  }

  public AccessDeniedException(String message, Throwable cause) {
    super(List.of(Problem.of(message)), cause);
  }

  public AccessDeniedException(Problem problem) {
    this(List.of(problem));
  }

  /** Every problem, the message listing them one per line. */
  public AccessDeniedException(List<Problem> problems) {
    super(problems, null);
  }
}
