package io.meshwork.core.model;

import java.util.List;

/** A contract, a configuration file or a command's arguments are wrong: the user's input, each problem with its {@code <file>:<line>} when it has one (exit 2). */
public final class ContractException extends MeshException {
  public ContractException(String message) {
    this(Problem.of(message));
  }

  public ContractException(String message, Throwable cause) {
    super(List.of(Problem.of(message)), cause);
  }

  public ContractException(Problem problem, Throwable cause) {
    super(List.of(problem), cause);
  }

  public ContractException(Problem problem) {
    this(List.of(problem));
  }

  /** Every problem, the message listing them one per line. */
  public ContractException(List<Problem> problems) {
    super(problems, null);
  }
}
