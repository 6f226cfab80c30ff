package io.meshwork.jobs.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the mesh command line ({@link MeshCli#execute}) in the test JVM and captures its output. */
final class TestCli {
  record Result(int code, String out, String err) {}

  private TestCli() {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = MeshCli.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }
}
