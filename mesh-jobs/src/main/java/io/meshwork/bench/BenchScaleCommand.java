package io.meshwork.bench;

import io.meshwork.bench.internal.ScaleBench;
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

/** {@code mesh bench scale [--json]}: publish time against data size, read overhead, catalog search against catalog size. */
@Command(
    name = "scale",
    mixinStandardHelpOptions = true,
    description = {
      "In one run: the publish of TPC-H lineitem at SF 1 over SF 0.1 (scaleRatio), a full scan through "
          + "Mesh.read(p).latest() over a plain Delta read of the same table (readOverhead), the same scan through Spark SQL "
          + "with the session extension and a masking role over a plain Delta read without it (sqlReadOverhead), and a catalog search "
          + "over 1,000 generated contracts over one over 10 (catalogSearchRatio)."
    })
final class BenchScaleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--small-scale", paramLabel = "SF", defaultValue = "0.1", description = "The smaller scale factor (default: ${DEFAULT-VALUE}).")
  double smallScale;

  @Option(names = "--large-scale", paramLabel = "SF", defaultValue = "1", description = "The larger scale factor (default: ${DEFAULT-VALUE}).")
  double largeScale;

  @Option(names = "--few", paramLabel = "N", defaultValue = "10", description = "Products in the small catalog (default: ${DEFAULT-VALUE}).")
  int few;

  @Option(names = "--products", paramLabel = "N", defaultValue = "1000", description = "Products in the large catalog (default: ${DEFAULT-VALUE}).")
  int many;

  @Option(names = "--repeat", paramLabel = "N", defaultValue = "7", description = "Repeats of each read and search; the median is reported (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--json", description = "Print the figures and the three ratios as JSON.")
  boolean json;

  @Override
  public Integer call() {
    if (few < 1 || many < few || smallScale <= 0 || largeScale <= 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "need 0 < --small-scale, 0 < --large-scale and 1 <= --few <= --products");
    }
    ScaleBench.Result r = ScaleBench.run(common.spark(), smallScale, largeScale, few, many, Math.max(1, repeat));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(CliSupport.json(r.toJson()));
      return 0;
    }
    CliSupport.table(
        out,
        List.of("measure", "small", "large", "ratio", "goal"),
        List.of(
            List.of("publish seconds (SF " + smallScale + " / " + largeScale + ")", String.format("%.3f", r.smallPublishSeconds()),
                String.format("%.3f", r.largePublishSeconds()), String.format("%.2f", r.scaleRatio()), "<= 10"),
            List.of("full scan seconds (Delta / Mesh read)", String.format("%.3f", r.plainReadSeconds()),
                String.format("%.3f", r.meshReadSeconds()), String.format("%.3f", r.readOverhead()), "<= 1.05"),
            List.of("full scan seconds (plain Delta / SQL with a masking role)", String.format("%.3f", r.plainDeltaSeconds()),
                String.format("%.3f", r.sqlReadSeconds()), String.format("%.3f", r.sqlReadOverhead()), "<= 1.10"),
            List.of("catalog search us (" + r.fewProducts() + " / " + r.manyProducts() + " products)", String.format("%.2f", r.fewSearchMicros()),
                String.format("%.2f", r.manySearchMicros()), String.format("%.2f", r.catalogSearchRatio()), "<= 2")));
    return 0;
  }
}
