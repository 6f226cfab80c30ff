package io.meshwork.jobs.cli;

import io.meshwork.core.catalog.ProductVersion;
import io.meshwork.core.model.ProductId;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mesh history <product>}: the certified data versions, from the Delta log. */
@Command(name = "history", mixinStandardHelpOptions = true, description = "List a product's certified data versions (from the Delta log).")
final class HistoryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(paramLabel = "PRODUCT", description = "domain.name")
  String product;

  @Option(names = "--major", paramLabel = "N", description = "A contract major (default: the newest).")
  Integer major;

  @Option(names = "--json", description = "Print a JSON array.")
  boolean json;

  @Override
  public Integer call() {
    ProductId id = ProductId.parse(product);
    List<ProductVersion> versions = (major == null ? common.mesh().read(id) : common.mesh().read(id, major)).versions();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Output.json(versions.stream().map(HistoryCommand::toJson).toList()));
    } else {
      print(out, versions);
    }
    return 0;
  }

  static void print(PrintWriter out, List<ProductVersion> versions) {
    List<List<String>> rows = new ArrayList<>();
    for (ProductVersion v : versions) {
      rows.add(
          List.of(
              String.valueOf(major(v.contractVersion())),
              String.valueOf(v.version()),
              String.valueOf(v.contractVersion()),
              String.valueOf(v.runDate()),
              v.rows() == null ? "-" : v.rows().toString(),
              String.valueOf(v.timestamp()),
              String.valueOf(v.operation())));
    }
    Output.table(out, List.of("major", "version", "contract", "run date", "rows", "published at", "operation"), rows);
  }

  /** The table major a contract version publishes to (majors 0 and 1 share major 1's table), or null. */
  static Integer major(String contractVersion) {
    return contractVersion == null ? null : io.meshwork.core.model.SemVer.parse(contractVersion).map(s -> Math.max(1, s.major())).orElse(null);
  }

  static Map<String, Object> toJson(ProductVersion v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("major", major(v.contractVersion()));
    m.put("version", v.version());
    m.put("contractVersion", v.contractVersion());
    m.put("runId", v.runId());
    m.put("runDate", v.runDate() == null ? null : v.runDate().toString());
    m.put("rows", v.rows());
    m.put("publishedAt", v.timestamp() == null ? null : v.timestamp().toString());
    m.put("operation", v.operation());
    return m;
  }
}
