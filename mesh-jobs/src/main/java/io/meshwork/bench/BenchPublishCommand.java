package io.meshwork.bench;

import io.meshwork.bench.internal.PublishBench;
import io.meshwork.jobs.cli.CliSupport;
import io.meshwork.jobs.cli.CommonOptions;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mesh bench publish --scale <sf> [--json]}: plain Delta write vs staging table vs Meshwork publish. */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Generate TPC-H lineitem at a scale factor (SF 1 = 6,001,215 rows; cached, not timed) and time, in "
          + "one run: a plain Delta write (the floor), the staging-table write-verify-copy, and the Meshwork "
          + "publish (staged files verified by a 10-constraint gate with one uniqueness, one commit); then "
          + "plain and Meshwork on the same rows shuffled and hash-partitioned by orderkey."
    })
final class BenchPublishCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--scale", paramLabel = "SF", defaultValue = "1", description = "TPC-H scale factor (default: ${DEFAULT-VALUE}).")
  double scale;

  @Option(
      names = "--repeat",
      paramLabel = "N",
      defaultValue = "3",
      description = "Rounds of the three modes, interleaved; each mode's median is reported (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--json", description = "Print rows, constraints, the seconds of each mode and their ratios as JSON.")
  boolean json;

  @Override
  public Integer call() {
    PublishBench.Result r = PublishBench.run(common.spark(), scale, repeat);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(CliSupport.json(r.toJson()));
      return 0;
    }
    out.println(
        "TPC-H lineitem SF " + scale + ": " + String.format("%,d", r.rows()) + " rows, gate of " + r.constraints() + " constraints:");
    CliSupport.table(
        out,
        List.of("mode", "seconds", "vs plain"),
        List.of(
            List.of("plain Delta write", String.format("%.3f", r.plainSeconds()), "1.00x"),
            List.of("staging table: write, verify, copy", String.format("%.3f", r.naiveSeconds()), String.format("%.2fx", r.naiveOverPlain())),
            List.of("Meshwork publish", String.format("%.3f", r.meshSeconds()), String.format("%.2fx", r.meshOverPlain()))));
    out.println("Meshwork publish vs plain write by input order:");
    CliSupport.table(
        out, List.of("order", "vs plain"),
        r.meshOverPlainByOrder().entrySet().stream().map(e -> List.of(e.getKey(), String.format("%.2fx", e.getValue()))).toList());
    return 0;
  }
}
