package io.meshwork.core;

import java.util.List;

/**
 * A contract (or configuration) could not be loaded. Holds every problem found, each already
 * formatted as {@code <file>:<line>: <what is wrong>}.
 */
public final class ContractException extends MeshException {
  private final List<String> problems;

  public ContractException(List<String> problems) {
    super(ExitCode.USAGE, String.join(System.lineSeparator(), problems));
    this.problems = List.copyOf(problems);
  }

  public ContractException(String problem) {
    this(List.of(problem));
  }

  /** Each problem as one line {@code <file>:<line>: <message>}. */
  public List<String> problems() {
    return problems;
  }
}
