package io.meshwork.core;

/** A concurrent writer committed first; this run published nothing. */
public final class PublishConflictException extends MeshException {
  public PublishConflictException(String message, Throwable cause) {
    super(ExitCode.CONFLICT, message, cause);
  }
}
