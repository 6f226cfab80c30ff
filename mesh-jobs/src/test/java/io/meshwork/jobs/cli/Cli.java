package io.meshwork.jobs.cli;

import io.meshwork.core.model.MeshException;
import io.meshwork.jobs.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs one command object the way {@link MeshCli} runs its subcommands (same error handling); public for the tools' command tests. */
public final class Cli {
  public record Result(int code, String out, String err) {}

  private Cli() {}

  public static Result run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    cli.setExecutionExceptionHandler(
        (ex, cmd, parse) -> {
          if (ex instanceof MeshException m) {
            cmd.getErr().println(m.getMessage());
            return ExitCodes.of(m).code();
          }
          throw ex;
        });
    int code = cli.execute(args);
    cli.getOut().flush();
    cli.getErr().flush();
    return new Result(code, out.toString(), err.toString());
  }
}
