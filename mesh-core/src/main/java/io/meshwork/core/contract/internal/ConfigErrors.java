package io.meshwork.core.contract.internal;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import io.meshwork.core.model.Problem;

/**
 * typesafe-config's errors and origins, said in a configuration file's words: a {@link Problem}
 * at the file and line (Meshwork prints {@code file:line: } itself, so typesafe-config's own
 * {@code <origin>: } prefix is taken off) and, for the parser messages that describe the parser
 * rather than the file, what is wrong and how to write it. Every reader of a configuration file
 * (contracts, governance, roles, platform, feature sets) reports through here.
 */
public final class ConfigErrors {
  private ConfigErrors() {}

  /** The line an error points at (1 when it has none). */
  public static int line(ConfigException e) {
    return line(e.origin());
  }

  /** The line a value or an error was read from (1 when it has none). */
  public static int line(ConfigOrigin origin) {
    return origin == null ? 1 : Math.max(1, origin.lineNumber());
  }

  /**
   * The file a value was read from, as typesafe-config names it: its file name, resource or URL, or
   * for text parsed from a string the origin description without its {@code ": <line>"} suffix.
   */
  public static String file(ConfigOrigin origin) {
    if (origin.filename() != null) {
      return origin.filename();
    }
    if (origin.resource() != null) {
      return origin.resource();
    }
    if (origin.url() != null) {
      return origin.url().toString();
    }
    // Parsed from a string: the description is "<origin description>: <line>" ("String: 3" by default).
    return origin.description().replaceFirst(":\\s*\\d+$", "");
  }

  /** The error as a problem {@code <file>:<line>: <reason>}. */
  public static Problem problem(Object file, ConfigException e) {
    return Problem.at(file, line(e), reason(e));
  }

  /** A problem at the line a value was read from: {@code <file>:<line>: <message>}. */
  public static Problem problem(Object file, ConfigOrigin origin, String message) {
    return Problem.at(file, line(origin), message);
  }

  /** The reason of an error, without its origin prefix. */
  public static String reason(ConfigException e) {
    String message = e.getMessage();
    if (e.origin() != null) {
      String prefix = e.origin().description() + ": ";
      if (message.startsWith(prefix)) {
        message = message.substring(prefix.length());
      }
    }
    return readable(message);
  }

  static String readable(String message) {
    // typesafe-config 1.4 reports an unclosed '{' with its message for include(...)'s ')'.
    if (message.equals("expecting a close parentheses ')' here, not: end of file")) {
      return "expecting a close brace '}' here, not: end of file";
    }
    // ... and an object where a key belongs ("columns = { { name = a } }") the same way.
    if (message.equals("expecting a close parentheses ')' here, not: '{'")) {
      return "an object '{' where a key belongs: a list of objects is written in square brackets, as in "
          + "columns = [ { name = a }, { name = b } ]";
    }
    // An unclosed string: the parser explains the newline twice, in JSON's terms.
    if (message.contains("JSON does not allow unescaped newline in quoted strings")) {
      return "a quoted string is not closed on its line: add the closing \", or write text over several lines "
          + "in triple quotes (\"\"\"...\"\"\")";
    }
    // The hint is for .properties files, which Meshwork's files never are.
    return message.replace(", or you may be able to rename the file .properties rather than .conf", "");
  }
}
