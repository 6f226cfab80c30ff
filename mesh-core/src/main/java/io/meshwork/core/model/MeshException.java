package io.meshwork.core.model;

import java.util.List;

/**
 * Root of every error Meshwork reports to a user: a closed family of types, each carrying its
 * problems (file and line, product, message) and a message that says what could not be done, to
 * what, why, and where. The exit code of each type is not stored here: the command line maps the
 * type to an {@link ExitCode} in one table ({@code io.meshwork.jobs.ExitCodes}).
 */
public abstract sealed class MeshException extends RuntimeException
    permits ContractException,
        NotFoundException,
        AccessDeniedException,
        GovernanceException,
        QualityGateException,
        PublishConflictException,
        StaleInputException,
        InternalMeshException {
  private final transient List<Problem> problems;

  /** An error whose message is its problems, one per line. */
  MeshException(List<Problem> problems, Throwable cause) {
    this(Problem.lines(problems), problems, cause);
  }

  /** An error with its own message (a summary, say) over its problems. */
  MeshException(String message, List<Problem> problems, Throwable cause) {
    super(message, cause);
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in the order reported. */
  public List<Problem> problems() {
    return problems;
  }
}
