package io.meshwork.jobs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.List;

/** Rendering for the command line: aligned text tables and JSON, progress on stderr. */
final class Output {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final boolean COLOR = System.console() != null && System.getenv("NO_COLOR") == null;

  private Output() {}

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static void progress(String line) {
    System.err.println(COLOR ? "\u001b[2m" + line + "\u001b[0m" : line);
  }

  static String green(String s) {
    return COLOR ? "\u001b[32m" + s + "\u001b[0m" : s;
  }

  static String red(String s) {
    return COLOR ? "\u001b[31m" + s + "\u001b[0m" : s;
  }

  static String bold(String s) {
    return COLOR ? "\u001b[1m" + s + "\u001b[0m" : s;
  }

  static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
    io.meshwork.jobs.internal.TextTable.print(out, header, rows);
  }
}
