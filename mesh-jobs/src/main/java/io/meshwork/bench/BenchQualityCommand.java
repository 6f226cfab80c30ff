package io.meshwork.bench;

import io.meshwork.bench.internal.QualityBench;
import io.meshwork.jobs.cli.CliSupport;
import io.meshwork.jobs.cli.CommonOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mesh bench quality [--json]}: gate cost for 1, 5, 10 and 20 scan-shareable constraints. */
@Command(
    name = "quality",
    mixinStandardHelpOptions = true,
    description = {
      "Verify the same generated Delta table with 1, 5, 10 and 20 scan-shareable constraints (completeness, "
          + "ranges, patterns, sizes) and report, per N, the seconds and the rows read from storage; then the sample "
          + "mesh's pattern checks with byte automata and with RLIKE."
    })
final class BenchQualityCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--rows", paramLabel = "N", defaultValue = "1000000", description = "Rows to generate (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(names = "--repeat", paramLabel = "N", defaultValue = "7", description = "Runs per gate; the median time is reported (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--json", description = "Print {constraints, rowsRead, seconds, patternsByteRegexSeconds, patternsRlikeSeconds, byteRegexSpeedup} as JSON.")
  boolean json;

  @Override
  public Integer call() {
    QualityBench.Result r = QualityBench.run(common.spark(), rows, Math.max(1, repeat), List.of(1, 5, 10, 20));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(CliSupport.json(r.toJson()));
      return 0;
    }
    List<List<String>> table = new ArrayList<>();
    for (int i = 0; i < r.constraints().size(); i++) {
      table.add(
          List.of(
              r.constraints().get(i).toString(),
              String.format("%,d", r.rowsRead().get(i)),
              String.format("%.3f", r.seconds().get(i)),
              String.format("%.2fx", r.seconds().get(i) / r.seconds().get(0))));
    }
    out.println("Quality gate on " + String.format("%,d", r.rows()) + " generated rows (Delta), median of " + Math.max(1, repeat) + " runs:");
    CliSupport.table(out, List.of("constraints", "rows read", "seconds", "vs 1"), table);
    out.printf("The sample mesh's pattern checks: %.3f s as byte automata, %.3f s as RLIKE (%.2fx)%n",
        r.patternsByteRegexSeconds(), r.patternsRlikeSeconds(), r.byteRegexSpeedup());
    return 0;
  }
}
