package io.meshwork.bench;

import io.meshwork.bench.internal.AppendBench;
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

/** {@code mesh bench append [--json]}: the cost of a daily append against the length of the history. */
@Command(
    name = "append",
    mixinStandardHelpOptions = true,
    description = {
      "A lineitem-shaped product (the 10-constraint lineitem gate, write mode append, 20,000 rows a day, keys "
          + "growing with time) with 10, 100 and 1,000 days of history built in 20 appends; then 5 more days "
          + "appended, each timed through the Meshwork publish and as a plain Delta append of the same rows; medians."
    })
final class BenchAppendCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--days", paramLabel = "N,N,...", split = ",", description = "Days of history (default: 10,100,1000).")
  List<Integer> days = new ArrayList<>(AppendBench.DAYS);

  @Option(names = "--history-appends", paramLabel = "N", defaultValue = "20", description = "Appends each history is built in (default: ${DEFAULT-VALUE}).")
  int historyAppends;

  @Option(names = "--repeat", paramLabel = "N", defaultValue = "5", description = "More days appended and timed per history; the median is reported (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--json", description = "Print the figures as JSON (days, historyCommits, historyFiles, appendSeconds, plainAppendSeconds, appendRatio, appendOverPlain).")
  boolean json;

  @Override
  public Integer call() {
    if (days.isEmpty() || days.stream().anyMatch(d -> d < 1)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--days: give positive numbers of days");
    }
    if (historyAppends < 1 || repeat < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--history-appends and --repeat: give positive numbers");
    }
    AppendBench.Result r = AppendBench.run(common.spark(), days, historyAppends, repeat);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(CliSupport.json(r.toJson()));
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < r.days().size(); i++) {
      rows.add(List.of(
          String.valueOf(r.days().get(i)), String.valueOf(r.historyCommits().get(i)), String.valueOf(r.historyFiles().get(i)),
          String.format("%.3f", r.appendSeconds().get(i)), String.format("%.3f", r.plainAppendSeconds().get(i)),
          String.format("%.2fx", r.appendSeconds().get(i) / r.plainAppendSeconds().get(i))));
    }
    CliSupport.table(out, List.of("days of history", "commits", "files", "Meshwork append s", "plain append s", "vs plain"), rows);
    out.println(String.format("appendRatio %.2f (goal <= 1.5), appendOverPlain %.2f (goal <= 3)", r.appendRatio(), r.appendOverPlain()));
    return 0;
  }
}
