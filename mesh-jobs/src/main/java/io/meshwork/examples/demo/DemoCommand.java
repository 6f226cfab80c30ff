package io.meshwork.examples.demo;

import io.meshwork.core.Mesh;
import io.meshwork.core.catalog.CatalogEntry;
import io.meshwork.core.model.ExitCode;
import io.meshwork.jobs.RunReport;
import io.meshwork.jobs.cli.CliSupport;
import io.meshwork.jobs.cli.CommonOptions;
import io.meshwork.jobs.internal.Runs;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code mesh demo}: runs every sample product on the embedded warehouse, shows the refused
 * publish and why, reads a product back by version and lists the catalog.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run every product of the project (the samples in conf/), show a refused publish, read a product back by version.",
      "Exits 0 when every product either published or was refused by its quality gate."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Mesh mesh = common.mesh();
    out.println(CliSupport.bold("Meshwork demo") + ": running every product in " + common.platform().confDir().resolve("products")
        + " into the warehouse " + mesh.warehouse());
    out.println();
    List<RunReport> reports = Runs.runAll(common, LocalDate.now(ZoneOffset.UTC), CliSupport.progress(spec.commandLine().getErr()));
    out.println();
    Runs.printSummary(out, reports);

    List<RunReport> refused = reports.stream().filter(r -> r.exitCode() == ExitCode.QUALITY).toList();
    for (RunReport r : refused) {
      out.println();
      out.println(CliSupport.red("Refused: ") + r.product() + " was not published; its table is unchanged.");
      out.println("  " + r.message().replace("\n", "\n  "));
    }

    RunReport shown = reports.stream().filter(RunReport::published).filter(r -> !r.product().domain().equals("crm")).findFirst()
        .orElse(reports.stream().filter(RunReport::published).findFirst().orElse(null));
    if (shown != null) {
      out.println();
      out.println(CliSupport.green("Reading back ") + shown.product() + " by version: Mesh.open(spark, warehouse).read(\"" + shown.product()
          + "\").version(" + shown.dataVersion() + ")");
      Dataset<Row> rows = mesh.read(shown.product()).version(shown.dataVersion());
      List<List<String>> cells = new ArrayList<>();
      for (Row r : rows.limit(5).collectAsList()) {
        List<String> line = new ArrayList<>();
        for (int i = 0; i < r.length(); i++) line.add(r.isNullAt(i) ? "null" : String.valueOf(r.get(i)));
        cells.add(line);
      }
      CliSupport.table(out, List.of(rows.columns()), cells);
      out.println("(" + rows.count() + " rows in version " + shown.dataVersion() + "; `bin/mesh history " + shown.product() + "` lists every version)");
    }

    MlDemo.show(out, common, mesh, reports);

    out.println();
    out.println(CliSupport.bold("Catalog") + " (bin/mesh catalog list):");
    List<List<String>> cat = new ArrayList<>();
    for (CatalogEntry e : mesh.catalog().list()) {
      cat.add(List.of(e.product(), e.dataVersion() == null ? "-" : e.dataVersion().toString(), e.contractVersion(), e.owner(), e.status(), String.valueOf(e.rows())));
    }
    CliSupport.table(out, List.of("product", "version", "contract", "owner", "status", "rows"), cat);

    ExitCode worst = reports.stream().map(RunReport::exitCode).filter(c -> c != ExitCode.QUALITY).reduce(ExitCode.OK, ExitCode::worst);
    return worst.code();
  }
}
