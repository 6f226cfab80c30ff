package io.meshwork.core;

/**
 * Root of every error Meshwork reports to a user. Each subclass maps to one process exit code
 * (see {@link ExitCode}) and carries a message that says what could not be done, to what, why,
 * and where.
 */
public class MeshException extends RuntimeException {
  private final ExitCode exitCode;

  public MeshException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public MeshException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** The process exit code a command line run ends with when this error stops it. */
  public ExitCode exitCode() {
    return exitCode;
  }
}
