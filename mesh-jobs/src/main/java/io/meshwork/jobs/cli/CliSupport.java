package io.meshwork.jobs.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the commands outside the library jar ({@code bench}, {@code demo}: the tools jar) share with
 * the library's command line: the rendering of {@code Output} and lineage's upstream print. Their
 * options are the public {@link CommonOptions} mixin. Not an API for domain code.
 */
public final class CliSupport {
  private CliSupport() {}

  /** The value as indented JSON. */
  public static String json(Object value) {
    return Output.json(value);
  }

  /** An aligned text table. */
  public static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
    Output.table(out, header, rows);
  }

  /** Progress lines to the command's error stream (dimmed on a terminal), so stdout stays the result. */
  public static Consumer<String> progress(PrintWriter err) {
    return Output.progress(err);
  }

  public static String green(String s) {
    return Output.green(s);
  }

  public static String red(String s) {
    return Output.red(s);
  }

  public static String bold(String s) {
    return Output.bold(s);
  }

  /** What {@code mesh lineage upstream <node>} prints. */
  public static void printUpstream(PrintWriter out, CommonOptions common, String node) {
    LineageCommand.printUpstream(out, common, node);
  }
}
