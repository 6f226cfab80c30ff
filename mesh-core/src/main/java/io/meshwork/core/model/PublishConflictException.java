package io.meshwork.core.model;

import java.util.List;

/**
 * A concurrent writer committed first, or a commit beside the data (the catalog, the audit log)
 * could not be made; this run published nothing (exit 5).
 */
public final class PublishConflictException extends MeshException {
  public PublishConflictException(String message, Throwable cause) {
    super(List.of(Problem.of(message)), cause);
  }
}
