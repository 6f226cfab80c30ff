package io.meshwork.jobs.cli;

import io.meshwork.core.MeshException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs the mesh command line in the test JVM and captures its output. Uses {@link MeshCli#execute}
 * once {@code plan} and {@code doctor} are registered there; until then, the same command line with
 * them added and the same error handling (one line on stderr, the exception's exit code).
 */
final class TestCli {
  record Result(int code, String out, String err) {}

  private TestCli() {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter o = new PrintWriter(out);
    PrintWriter e = new PrintWriter(err);
    int code;
    if (new CommandLine(new MeshCli()).getSubcommands().keySet().containsAll(List.of("plan", "doctor"))) {
      code = MeshCli.execute(o, e, args);
    } else {
      CommandLine cli = new CommandLine(new MeshCli());
      cli.getSubcommands().keySet().stream().filter("plan"::equals).findAny().ifPresentOrElse(x -> {}, () -> cli.addSubcommand(new PlanCommand()));
      cli.getSubcommands().keySet().stream().filter("doctor"::equals).findAny().ifPresentOrElse(x -> {}, () -> cli.addSubcommand(new DoctorCommand()));
      cli.setOut(o);
      cli.setErr(e);
      cli.setExecutionExceptionHandler(
          (ex, cmd, parseResult) -> {
            if (ex instanceof MeshException m) {
              cmd.getErr().println(m.getMessage());
              return m.exitCode().code();
            }
            cmd.getErr().println("mesh: internal error: " + ex);
            return 1;
          });
      code = cli.execute(args);
    }
    o.flush();
    e.flush();
    return new Result(code, out.toString(), err.toString());
  }
}
