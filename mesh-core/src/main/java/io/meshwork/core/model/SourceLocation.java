package io.meshwork.core.model;

/** Where something was declared: a file and a 1-based line (0 when unknown). */
public record SourceLocation(String file, int line) {
  public static final SourceLocation UNKNOWN = new SourceLocation("<unknown>", 0);

  /** Formats a problem at this location as {@code <file>:<line>: <message>}. */
  public String problem(String message) {
    return file + ":" + line + ": " + message;
  }

  @Override
  public String toString() {
    return file + ":" + line;
  }
}
