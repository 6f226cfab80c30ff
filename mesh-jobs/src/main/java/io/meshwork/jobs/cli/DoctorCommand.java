package io.meshwork.jobs.cli;

import io.meshwork.core.Mesh;
import io.meshwork.core.model.ProductId;
import io.meshwork.jobs.Reconciler;
import io.meshwork.lineage.OpenLineageListener;
import io.meshwork.lineage.internal.LineageSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
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

/**
 * {@code mesh doctor [<products>] [--dry-run] [--json]}: reconciles the catalog and the lineage with
 * the Delta log after a crash (see {@link Reconciler}): a certified version missing from the catalog
 * gets its row, and its run its final lineage event.
 */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Reconcile the catalog and lineage with the Delta log of every product table (after a crash).",
      "A certified Delta version the catalog does not know gets its catalog row and its run's COMPLETE lineage event.",
      "Exit codes: 0 consistent or repaired, 2 configuration error."
    })
final class DoctorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(paramLabel = "PRODUCT", arity = "0..*", description = "Only these products, as domain.name (default: every table of the warehouse).")
  List<String> products;

  @Option(names = "--dry-run", description = "Say what would be repaired; change nothing.")
  boolean dryRun;

  @Option(names = "--json", description = "Print the repairs as JSON.")
  boolean json;

  @Override
  public Integer call() {
    List<ProductId> only = products == null ? null : products.stream().map(ProductId::parse).toList();
    Mesh mesh = common.mesh();
    LineageSettings lineage = LineageSettings.from(common.platform().config(), mesh.warehouse());
    org.apache.hadoop.fs.Path events = lineage.transport() == LineageSettings.Transport.FILE ? lineage.directory() : null;
    List<ProductId> tables = only != null ? only : mesh.products();
    List<Reconciler.Repair> repairs;
    try (OpenLineageListener listener = OpenLineageListener.fromConfig(common.platform().config(), mesh.warehouse())) {
      repairs = io.meshwork.core.read.internal.ProductReads.asSystem(
          () -> new Reconciler(mesh, common.platform().contracts(), listener, events).reconcile(tables, dryRun)); // the system reads, unaudited
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(
          Output.json(
              repairs.stream()
                  .map(r -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("product", r.product().toString());
                    m.put("dataVersion", r.dataVersion());
                    m.put("runId", r.runId());
                    m.put("repair", r.what());
                    m.put("done", !dryRun);
                    return m;
                  })
                  .toList()));
      return 0;
    }
    if (repairs.isEmpty()) {
      out.printf(
          "Nothing to repair: the catalog and lineage agree with the Delta log of %d product table%s in %s.%n",
          tables.size(), tables.size() == 1 ? "" : "s", mesh.warehouse());
      return 0;
    }
    out.printf("%s %d repair%s in %s:%n", dryRun ? "Would make" : "Made", repairs.size(), repairs.size() == 1 ? "" : "s", mesh.warehouse());
    for (Reconciler.Repair r : repairs) {
      out.println("  " + (dryRun ? "would have " : "") + r);
    }
    return 0;
  }
}
