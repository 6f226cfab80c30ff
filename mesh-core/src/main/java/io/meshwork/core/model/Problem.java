package io.meshwork.core.model;

import java.util.List;
import java.util.Objects;

/**
 * One thing wrong, and where: the file and 1-based line it was found at (when it has a place), the
 * product it concerns (when one), and what is wrong. Printed as {@code <file>:<line>: <message>},
 * or as the message alone when it has no file.
 *
 * @param file the file (as the user wrote or sees it), or {@code null} when the problem has no place
 * @param line the 1-based line in {@code file}, 0 when unknown
 * @param product the product ({@code domain.name}) it concerns, or {@code null}
 * @param message what is wrong, without the {@code <file>:<line>: } prefix
 */
public record Problem(String file, int line, String product, String message) {
  public Problem {
    Objects.requireNonNull(message, "message");
  }

  /** A problem with no place in a file (a command line argument, a warehouse, a run). */
  public static Problem of(String message) {
    return new Problem(null, 0, null, message);
  }

  /** A problem at a line of a file. */
  public static Problem at(Object file, int line, String message) {
    return new Problem(String.valueOf(file), line, null, message);
  }

  /** A problem at a declared location. */
  public static Problem at(SourceLocation where, String message) {
    return new Problem(where.file(), where.line(), null, message);
  }

  /** This problem, concerning {@code product}. */
  public Problem about(Object product) {
    return new Problem(file, line, product == null ? null : product.toString(), message);
  }

  /** {@code <file>:<line>: <message>}, or the message when there is no file. */
  public String format() {
    return file == null ? message : file + ":" + line + ": " + message;
  }

  @Override
  public String toString() {
    return format();
  }

  /** Every problem formatted, one per line. */
  static String lines(List<Problem> problems) {
    return String.join(System.lineSeparator(), problems.stream().map(Problem::format).toList());
  }
}
