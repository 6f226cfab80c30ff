package io.meshwork.jobs.cli;

import io.meshwork.core.model.MeshException;
import io.meshwork.jobs.ExitCodes;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code mesh} command line. Every command prints its results on stdout, errors on stderr
 * (one line, no stack trace; set {@code MESH_DEBUG=1} for one), and exits with the codes of
 * {@link io.meshwork.core.model.ExitCode}, each error type mapped to its code by {@link io.meshwork.jobs.ExitCodes}.
 */
@Command(
    name = "mesh",
    mixinStandardHelpOptions = true,
    version = "meshwork 0.1.0",
    description = "Run, verify, publish and read data products.")
public final class MeshCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * The commands, in the order {@code mesh --help} lists them. A class name is a command of the tools
   * jar ({@code mesh-jobs-<v>-tools.jar}: benchmarks, the demo), registered only when its class is on
   * the classpath, so the library jar runs without it.
   */
  private static final List<Object> COMMANDS =
      List.of(
          RunCommand.class,
          EraseCommand.class,
          CatalogCommand.class,
          ReadCommand.class,
          HistoryCommand.class,
          SqlCommand.class,
          NewCommand.class,
          ContractCommand.class,
          PolicyCommand.class,
          LineageCommand.class,
          MlCommand.class,
          QualityCommand.class,
          SuggestCommand.class,
          "io.meshwork.bench.BenchCommand",
          VacuumCommand.class,
          MigrateLayoutCommand.class,
          PlanCommand.class,
          DoctorCommand.class,
          SlaCommand.class,
          DocsCommand.class,
          "io.meshwork.examples.demo.DemoCommand",
          CommandLine.HelpCommand.class);

  /** The {@code mesh} command line with every command this classpath has. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new MeshCli());
    for (Object command : COMMANDS) {
      if (command instanceof String className) {
        try {
          cli.addSubcommand(Class.forName(className, false, MeshCli.class.getClassLoader()));
        } catch (ClassNotFoundException absent) {
          // the tools jar is not on the classpath: no such command
        }
      } else {
        cli.addSubcommand(command);
      }
    }
    return cli;
  }

  public static void main(String[] args) {
    int code = execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    System.exit(code);
  }

  /** Runs a command line in this JVM and returns its exit code (used by main and by tests). */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = commandLine();
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          if (ex instanceof MeshException m) {
            cmd.getErr().println(m.getMessage());
            if (System.getenv("MESH_DEBUG") != null && m.getCause() != null) {
              m.getCause().printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return ExitCodes.of(m).code();
          }
          cmd.getErr().println("mesh: internal error: " + ex);
          if (System.getenv("MESH_DEBUG") != null) {
            ex.printStackTrace(cmd.getErr());
          } else {
            cmd.getErr().println("(set MESH_DEBUG=1 for the stack trace)");
          }
          cmd.getErr().flush();
          return 1;
        });
    int code;
    try {
      code = cli.execute(args);
    } finally {
      io.meshwork.core.read.Roles.usePlatformSettings(java.util.Map.of()); // the project's settings end with its command
    }
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
