package io.meshwork.jobs.cli;

import io.meshwork.core.storage.LayoutMigration;
import io.meshwork.core.storage.Warehouse;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mesh migrate-layout}: move a warehouse an earlier release wrote to this release's layout. */
@Command(
    name = "migrate-layout",
    mixinStandardHelpOptions = true,
    description = {
      "Move a warehouse written by an earlier release to this release's layout.",
      "Each contract major's table moves to <domain>/<name>/v<major> (major 1 too), quarantine tables under",
      "_mesh/quarantine, contracts and run markers under _mesh/products. Files are renamed, never copied or",
      "rewritten: every version stays readable by number and by time. Run it with no other Meshwork command",
      "running on the warehouse; an interrupted migration is finished by running it again. Other commands",
      "refuse an old warehouse (exit 2) until then."
    })
final class MigrateLayoutCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--dry-run", description = "Print the moves without making them.")
  boolean dryRun;

  @Override
  public Integer call() {
    common.spark(); // the warehouse's filesystem settings (spark.hadoop.*) come from the session
    Warehouse warehouse = common.platform().warehouse(common.warehouse);
    LayoutMigration migration = new LayoutMigration(warehouse);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String root = warehouse.root().toUri().getPath();
    LayoutMigration.Result r = dryRun ? migration.dryRun() : migration.migrate(err::println);
    String verb = dryRun ? "would move " : "moved ";
    java.util.Map<String, Integer> dataFiles = new java.util.LinkedHashMap<>(); // a table's data files, one line per table
    for (LayoutMigration.Move m : r.moves()) {
      if (m.from().getName().matches("\\.?part-.*")) {
        dataFiles.merge(relative(root, m.from().getParent()) + " -> " + relative(root, m.to().getParent()), 1, Integer::sum);
      } else {
        out.println(verb + relative(root, m.from()) + " -> " + relative(root, m.to()));
      }
    }
    dataFiles.forEach((move, n) -> out.println(verb + n + " data file(s) " + move));
    r.warnings().forEach(w -> err.println("warning: " + w));
    if (r.products().isEmpty()) {
      out.println(warehouse + ": already in the current layout, nothing to move");
    } else {
      out.printf("%s: %d product(s), %d move(s)%s%n", warehouse, r.products().size(), r.moves().size(), dryRun ? " (dry run: nothing moved)" : "");
    }
    return 0;
  }

  private static String relative(String root, org.apache.hadoop.fs.Path p) {
    String path = p.toUri().getPath();
    return path.startsWith(root + "/") ? path.substring(root.length() + 1) : path;
  }
}
