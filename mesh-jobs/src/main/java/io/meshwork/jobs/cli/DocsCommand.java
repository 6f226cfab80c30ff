package io.meshwork.jobs.cli;

import com.typesafe.config.Config;
import io.meshwork.core.Mesh;
import io.meshwork.core.storage.Storage;
import io.meshwork.jobs.docs.DocsSite;
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
import picocli.CommandLine.Spec;

/** {@code mesh docs --out <dir>}: the data docs, a static HTML site. */
@Command(
    name = "docs",
    mixinStandardHelpOptions = true,
    description = {
      "Write the data docs: a static HTML site (no server, no network) with a searchable catalog, a page "
          + "per product (owner, schema, versions, quality, trends, SLA) and the lineage graph.",
      "Open <dir>/index.html in a browser; index.html?q=<text> opens with a search."
    })
final class DocsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the site into (created if needed).")
  Path out;

  @Option(names = "--json", description = "Print the pages written as JSON: out, index, pages.")
  boolean json;

  @Override
  public Integer call() {
    Mesh mesh = common.mesh();
    List<Path> pages =
        DocsSite.builder(mesh)
            .contracts(common.platform().contracts())
            .lineageDir(lineageDir(common.platform().config(), mesh))
            .progress(Output.progress(spec.commandLine().getErr()))
            .build()
            .write(out);
    PrintWriter w = spec.commandLine().getOut();
    Path index = pages.get(0).toAbsolutePath().normalize();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("out", out.toAbsolutePath().normalize().toString());
      m.put("index", index.toString());
      m.put("pages", pages.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList());
      w.println(Output.json(m));
    } else {
      w.println("Wrote " + pages.size() + " pages; open " + index.toUri());
    }
    return 0;
  }

  /** Where the file transport writes: {@code lineage.file.dir}, else {@code <warehouse>/_mesh/lineage}. */
  static org.apache.hadoop.fs.Path lineageDir(Config config, Mesh mesh) {
    String dir = config.hasPath("lineage.file.dir") ? config.getString("lineage.file.dir") : "";
    return dir.isBlank() ? new org.apache.hadoop.fs.Path(mesh.warehouse().meshDir(), "lineage") : Storage.location(dir);
  }
}
