package io.meshwork.jobs.cli;

import io.meshwork.core.Mesh;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.storage.Vacuum;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mesh vacuum <product>}: remove files of runs that died before their commit. */
@Command(
    name = "vacuum",
    mixinStandardHelpOptions = true,
    description = {
      "Remove data files a run wrote but never committed (a crash between write and commit).",
      "Files a live run is still writing, and files any certified version references, are kept.",
      "The next run of the product does this too."
    })
final class VacuumCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(paramLabel = "PRODUCT", description = "domain.name")
  String product;

  @Option(names = "--dry-run", description = "List the files without removing them.")
  boolean dryRun;

  @Option(names = "--json", description = "Print JSON: product, files, bytes, removed.")
  boolean json;

  @Override
  public Integer call() {
    ProductId id = ProductId.parse(product);
    Mesh mesh = common.mesh();
    org.apache.hadoop.fs.Path table = mesh.warehouse().table(id);
    if (!io.meshwork.core.storage.Storage.isDirectory(table)) {
      mesh.read(id); // an unknown product is a clear error
    }
    String root = table.toUri().getPath();
    Vacuum.Result r = Vacuum.run(mesh.spark(), table, dryRun);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("product", id.toString());
      m.put("files", r.files().stream().map(f -> Vacuum.relativeTo(root, f)).toList());
      m.put("bytes", r.bytes());
      m.put("removed", !dryRun);
      out.println(Output.json(m));
    } else {
      r.files().forEach(f -> out.println((dryRun ? "would remove " : "removed ") + Vacuum.relativeTo(root, f)));
      out.printf("%s: %d uncommitted file(s), %,d bytes%s%n", id, r.files().size(), r.bytes(), dryRun ? " (dry run)" : " removed");
    }
    return 0;
  }
}
