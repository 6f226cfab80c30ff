package io.meshwork.jobs.cli;

import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.NotFoundException;
import io.meshwork.core.model.ProductId;
import io.meshwork.quality.QualityHistory;
import io.meshwork.quality.QualityRun;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mesh quality history <product>}: the quality metrics every verification stored. */
@Command(
    name = "quality",
    mixinStandardHelpOptions = true,
    description = "Quality metrics of data products.",
    subcommands = {QualityCommand.History.class})
final class QualityCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code mesh quality history <product> [--json] [--metric NAME]}. */
  @Command(
      name = "history",
      mixinStandardHelpOptions = true,
      description = {
        "List the quality metrics of every verification of a product over time, passed or failed (kept under "
            + "<warehouse>/_mesh/metrics)."
      })
  static final class History implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    @Parameters(paramLabel = "PRODUCT", description = "domain.name")
    String product;

    @Option(names = "--metric", paramLabel = "NAME", description = "Only this metric: row-count, completeness(amount), mean(amount), ...")
    String metric;

    @Option(names = "--json", description = "Print a JSON array, oldest first.")
    boolean json;

    @Override
    public Integer call() {
      ProductId id = ProductId.parse(product);
      QualityHistory history = QualityHistory.of(common.spark(), common.platform().warehouse(common.warehouse));
      List<QualityRun> runs = history.runs(id);
      if (metric != null && !runs.isEmpty()) {
        TreeSet<String> known = new TreeSet<>();
        runs.forEach(r -> known.addAll(r.metrics().keySet()));
        if (!known.contains(metric)) {
          throw new NotFoundException(
              "No metric '" + metric + "' in the quality history of " + id + " (metrics: " + String.join(", ", known) + ")");
        }
        runs = runs.stream().filter(r -> r.metrics().containsKey(metric)).toList();
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Output.json(runs.stream().map(this::toJson).toList()));
      } else if (runs.isEmpty()) {
        out.println(id + " has no quality metrics yet (under " + io.meshwork.core.storage.Warehouse.display(history.dir()) + ")");
      } else {
        print(out, runs);
      }
      return 0;
    }

    private void print(PrintWriter out, List<QualityRun> runs) {
      List<List<String>> rows = new ArrayList<>();
      for (QualityRun r : runs) {
        for (Map.Entry<String, Double> m : r.metrics().entrySet()) {
          if (metric == null || metric.equals(m.getKey())) {
            rows.add(
                List.of(
                    r.recordedAt().toString(),
                    String.valueOf(r.runDate()),
                    r.dataVersion() == null ? "-" : r.dataVersion().toString(),
                    r.status(),
                    r.outcome(),
                    m.getKey(),
                    number(m.getValue())));
          }
        }
      }
      Output.table(out, List.of("recorded at", "run date", "version", "status", "outcome", "metric", "value"), rows);
    }

    private Map<String, Object> toJson(QualityRun r) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("recordedAt", r.recordedAt().toString());
      m.put("product", r.product().toString());
      m.put("runDate", r.runDate() == null ? null : r.runDate().toString());
      m.put("runId", r.runId());
      m.put("dataVersion", r.dataVersion());
      m.put("contractVersion", r.contractVersion());
      m.put("status", r.status());
      m.put("outcome", r.outcome());
      Map<String, Double> metrics = new LinkedHashMap<>();
      r.metrics().forEach((k, v) -> {
        if (metric == null || metric.equals(k)) {
          metrics.put(k, v);
        }
      });
      m.put("metrics", metrics);
      return m;
    }
  }

  /** Whole numbers without decimals, others with up to four. */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}
