package io.meshwork.jobs.cli;

import io.meshwork.core.Mesh;
import io.meshwork.core.model.ProductId;
import io.meshwork.jobs.ProductRunner;
import io.meshwork.jobs.RunReport;
import io.meshwork.jobs.internal.Runs;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mesh erase <product> --where P --reason R}: a gated version without the matching rows. */
@Command(
    name = "erase",
    mixinStandardHelpOptions = true,
    description = {
      "Publish, through the gate, a new version of a product without the rows matching a predicate, recording who asked and why.",
      "Older versions still hold the rows until retention removes them.",
      "Exit codes: 0 published, 2 no such product, bad predicate or no matching row, 3 quality gate failed, 5 publish conflict."
    })
final class EraseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(paramLabel = "PRODUCT", description = "domain.name")
  String product;

  @Option(names = "--where", required = true, paramLabel = "PREDICATE", description = "Spark SQL predicate on the product's columns: the rows to erase.")
  String where;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (e.g. the privacy request it answers); recorded in the commit stamp and the catalog.")
  String reason;

  @Option(names = "--requested-by", paramLabel = "WHO", description = "Who asked (default: the user running the command).")
  String requestedBy;

  @Option(names = "--json", description = "Print the run report as JSON.")
  boolean json;

  @Override
  public Integer call() {
    ProductId id = ProductId.parse(product);
    Mesh mesh = common.mesh();
    ProductRunner runner = Runs.runner(common, mesh).onProgress(Output.progress(spec.commandLine().getErr()));
    String who = requestedBy != null ? requestedBy : System.getProperty("user.name", "unknown");
    RunReport report = runner.erase(id, where, reason, who);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>(RunCommand.toJson(report));
      m.put("where", where);
      m.put("reason", reason);
      m.put("requestedBy", who);
      out.println(Output.json(m));
    } else {
      Runs.printReport(out, report);
      out.println("  erased       rows where " + where + " (reason: " + reason + "; requested by " + who + ")");
      out.println("  note         versions before " + report.dataVersion() + " still hold them until retention removes them");
    }
    return 0;
  }
}
