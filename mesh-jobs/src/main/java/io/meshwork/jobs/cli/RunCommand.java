package io.meshwork.jobs.cli;

import io.meshwork.core.Mesh;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ExitCode;
import io.meshwork.core.model.ProductId;
import io.meshwork.jobs.ProductRunner;
import io.meshwork.jobs.RunReport;
import io.meshwork.jobs.internal.Runs;
import io.meshwork.lineage.OpenLineageListener;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mesh run <domain.name> | --all}: build, verify and publish products. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Build a data product, check it against its contract and publish it as a new data version.",
      "Exit codes: 0 published, 2 contract error, 3 quality gate or schema check failed, 5 publish conflict,",
      "7 an input is older than its freshness SLA (--require-fresh-inputs)."
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @ArgGroup(multiplicity = "1")
  Target target;

  static final class Target {
    @Parameters(paramLabel = "PRODUCT", description = "The product to run, as domain.name.")
    String product;

    @Option(names = "--all", description = "Run every product of the project, upstream first.")
    boolean all;
  }

  @Option(names = "--select", paramLabel = "PATTERN", description = "With --all: only the products matching this glob on domain.name (sales.*, *.orders).")
  String select;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The run date (default: today, UTC).")
  String date;

  @Option(names = "--json", description = "Print the run report as JSON.")
  boolean json;

  @Option(
      names = "--restate",
      description = "Replace what the run date appended (write mode append), through the gate, as a new version.")
  boolean restate;

  @Option(
      names = "--require-fresh-inputs",
      description = "Refuse to run (exit 7, nothing built) when an input product's latest certified version is older than that input's sla.freshness; a scheduler can wait and retry.")
  boolean requireFreshInputs;

  @Override
  public Integer call() {
    LocalDate runDate = parseDate(date);
    PrintWriter out = spec.commandLine().getOut();
    if (target.all && requireFreshInputs) {
      throw new ContractException("--require-fresh-inputs goes with one product: run --all builds the inputs it reads");
    }
    if (target.all) {
      if (restate) {
        throw new ContractException("--restate goes with one product, not --all");
      }
      // The session's openlineage-spark listener, if any, reports its application run under this one.
      UUID runAll = UUID.randomUUID();
      common.sessionSettings(conf -> OpenLineageListener.sparkListenerSettings(conf, runAll));
      List<RunReport> reports = Runs.runAll(common, runDate, select, runAll, Output.progress(spec.commandLine().getErr()));
      if (json) {
        out.println(Output.json(reports.stream().map(RunCommand::toJson).toList()));
      } else {
        Runs.printSummary(out, reports);
      }
      return reports.stream().map(RunReport::exitCode).reduce(ExitCode.OK, ExitCode::worst).code();
    }
    if (select != null) {
      throw new ContractException("--select goes with --all");
    }
    if (restate && date == null) {
      throw new ContractException("--restate needs the --date whose rows it replaces");
    }
    ProductId id = ProductId.parse(target.product);
    // A contract error, or an input product that exists nowhere, exits 2 before Spark starts.
    DataProduct product = common.platform().contracts().load(id);
    io.meshwork.core.contract.Contracts.requireBuild(List.of(product));
    ProductRunner.requireInputsKnown(product, common.platform().contracts(), common.platform().warehouse(common.warehouse));
    UUID runId = UUID.randomUUID();
    common.sessionSettings(conf -> OpenLineageListener.sparkListenerSettings(conf, runId, id));
    Mesh mesh = common.mesh();
    if (requireFreshInputs) {
      ProductRunner.requireFreshInputs(product, common.platform().contracts(), mesh, java.time.Instant.now());
    }
    ProductRunner runner = Runs.runner(common, mesh).onProgress(Output.progress(spec.commandLine().getErr()));
    RunReport report = restate ? runner.restate(id, runDate, runId) : runner.run(id, runDate, null, runId);
    if (json) {
      out.println(Output.json(toJson(report)));
    } else {
      Runs.printReport(out, report);
    }
    return 0;
  }

  static LocalDate parseDate(String date) {
    if (date == null) {
      return LocalDate.now(java.time.ZoneOffset.UTC);
    }
    try {
      return LocalDate.parse(date);
    } catch (DateTimeParseException e) {
      throw new ContractException("--date '" + date + "' is not a date: expected YYYY-MM-DD");
    }
  }

  static Map<String, Object> toJson(RunReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("product", r.product().toString());
    m.put("contractVersion", r.contractVersion());
    m.put("runId", r.runId() == null ? null : r.runId().toString());
    m.put("runDate", r.runDate().toString());
    m.put("status", r.status());
    m.put("dataVersion", r.dataVersion());
    m.put("rows", r.rows());
    m.put("dropped", r.dropped());
    m.put("quarantined", r.quarantined());
    m.put("seconds", Math.round(r.seconds() * 100) / 100.0);
    m.put("exitCode", r.exitCode().code());
    m.put("message", r.message());
    List<Map<String, Object>> constraints = new ArrayList<>();
    if (r.report() != null) {
      r.report().results().forEach(c -> {
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("constraint", c.constraint().label());
        cm.put("level", c.constraint().level());
        cm.put("status", c.status().name().toLowerCase(java.util.Locale.ROOT));
        cm.put("observed", c.observed());
        cm.put("threshold", c.threshold());
        cm.put("message", c.message());
        constraints.add(cm);
      });
    }
    m.put("constraints", constraints);
    return m;
  }
}
