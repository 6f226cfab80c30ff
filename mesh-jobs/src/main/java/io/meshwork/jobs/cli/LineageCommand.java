package io.meshwork.jobs.cli;

import io.meshwork.core.storage.Warehouse;
import io.meshwork.lineage.ColumnReader;
import io.meshwork.lineage.LineageGraph;
import io.meshwork.lineage.LineageNode;
import io.meshwork.lineage.OpenLineageListener;
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

/**
 * {@code mesh lineage upstream|downstream|impact|flush}: questions answered from the lineage log
 * (the OpenLineage events of every completed run), and resending events spooled while the HTTP
 * endpoint was down. No Spark session is started.
 */
@Command(
    name = "lineage",
    mixinStandardHelpOptions = true,
    description = "Query the lineage log: what a product, feature set or model was built from, and what was built from it.",
    subcommands = {
      LineageCommand.UpstreamCommand.class,
      LineageCommand.DownstreamCommand.class,
      LineageCommand.ImpactCommand.class,
      LineageCommand.FlushCommand.class
    })
final class LineageCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code mesh lineage upstream <node> [--depth N] [--json]}. */
  @Command(name = "upstream", mixinStandardHelpOptions = true, description = "What a node was built from: inputs, their inputs, ...")
  static final class UpstreamCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;
    @Mixin Query query;

    @Override
    public Integer call() {
      LineageGraph graph = graph(common);
      return print(spec, graph, "upstream", query.node, query.depth, graph.upstream(query.node, query.depthOrAll()), query.json);
    }
  }

  /** {@code mesh lineage downstream <node> [--depth N] [--json]}. */
  @Command(name = "downstream", mixinStandardHelpOptions = true, description = "What was built from a node: readers, their readers, ...")
  static final class DownstreamCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;
    @Mixin Query query;

    @Override
    public Integer call() {
      LineageGraph graph = graph(common);
      return print(spec, graph, "downstream", query.node, query.depth, graph.downstream(query.node, query.depthOrAll()), query.json);
    }
  }

  /** {@code mesh lineage impact <product> [--json]}. */
  @Command(
      name = "impact",
      mixinStandardHelpOptions = true,
      description = "Everything a change to a product (or to one of its columns: domain.name.column) would touch "
          + "(products, feature sets, models), with the versions they read; for a column, whether each reads it (yes, no, may).")
  static final class ImpactCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    @Parameters(paramLabel = "PRODUCT", description = "domain.name, domain.name@VERSION, or a column: domain.name.column")
    String product;

    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    @Override
    public Integer call() {
      LineageGraph graph = graph(common);
      String[] parts = product.split("\\.");
      if (parts.length != 3) {
        return print(spec, graph, "impact", product, null, graph.impact(product), json);
      }
      String node = parts[0] + "." + parts[1];
      String column = parts[2];
      List<ColumnReader> readers = graph.columnImpact(node, column);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("query", "impact");
        m.put("node", node);
        m.put("column", column);
        m.put("lineageLog", Warehouse.display(graph.directory()));
        m.put("nodes", readers.stream().map(r -> {
          Map<String, Object> n = toJson(r.node());
          n.put("reads", r.reads());
          return n;
        }).toList());
        out.println(Output.json(m));
        return 0;
      }
      out.println(Output.bold("impact") + " of column " + column + " of " + node + ", from " + Warehouse.display(graph.directory()) + ":");
      if (readers.isEmpty()) {
        out.println("  nothing: no completed run read " + node);
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (ColumnReader r : readers) {
        LineageNode n = r.node();
        rows.add(List.of(String.valueOf(n.depth()), n.name(), n.kind().label(), n.versions().isEmpty() ? "-" : String.join(", ", n.versions()),
            n.inputs().isEmpty() ? "-" : String.join(", ", n.inputs()),
            switch (r.reads()) {
              case ColumnReader.YES -> "yes";
              case ColumnReader.MAY -> "may read it (column lineage unknown)";
              default -> "no";
            }));
      }
      Output.table(out, List.of("depth", "node", "kind", "versions", "read", "reads " + column), rows);
      return 0;
    }
  }

  /** {@code mesh lineage flush}. */
  @Command(
      name = "flush",
      mixinStandardHelpOptions = true,
      description = "Resend the lineage events spooled while the HTTP endpoint was unreachable (lineage.transport = http).")
  static final class FlushCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    @Override
    public Integer call() {
      Warehouse warehouse = common.platform().warehouse(common.warehouse);
      int sent;
      String target;
      try (OpenLineageListener listener = OpenLineageListener.fromConfig(common.platform().config(), warehouse)) {
        sent = listener.flush();
        // "OpenLineageListener[<transport>]": name the transport only.
        target = listener.toString().replaceFirst("^OpenLineageListener\\[(.*)]$", "$1");
      }
      spec.commandLine().getOut().println("Sent " + sent + " spooled lineage event" + (sent == 1 ? "" : "s") + " (transport: " + target + ")");
      return 0;
    }
  }

  /** The node and options shared by upstream and downstream. */
  static final class Query {
    @Parameters(paramLabel = "NODE", description = "domain.name, domain.name@VERSION, model:NAME or model:NAME@VERSION")
    String node;

    @Option(names = "--depth", paramLabel = "N", description = "Follow at most N hops (default: all).")
    Integer depth;

    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    int depthOrAll() {
      return depth == null ? Integer.MAX_VALUE : depth;
    }
  }

  /**
   * Prints {@code mesh lineage upstream <node>} (all depths) from the configured lineage log: for
   * the demo, after it trained a model.
   */
  static void printUpstream(PrintWriter out, CommonOptions common, String node) {
    LineageGraph graph = graph(common);
    List<LineageNode> nodes = graph.upstream(node, Integer.MAX_VALUE);
    out.println(Output.bold("upstream") + " of " + node + ", from " + Warehouse.display(graph.directory()) + ":");
    table(out, nodes);
  }

  private static LineageGraph graph(CommonOptions common) {
    return LineageGraph.load(common.platform().config(), common.platform().warehouse(common.warehouse));
  }

  private static int print(CommandSpec spec, LineageGraph graph, String query, String node, Integer depth, List<LineageNode> nodes, boolean json) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("query", query);
      m.put("node", node);
      m.put("depth", depth);
      m.put("lineageLog", Warehouse.display(graph.directory()));
      m.put("nodes", nodes.stream().map(LineageCommand::toJson).toList());
      out.println(Output.json(m));
      return 0;
    }
    out.println(Output.bold(query) + " of " + node + (depth == null ? "" : " (depth " + depth + ")") + ", from " + Warehouse.display(graph.directory()) + ":");
    if (nodes.isEmpty()) {
      out.println("  nothing: no completed run " + (query.equals("upstream") ? "produced it from another product" : "read it"));
      return 0;
    }
    table(out, nodes);
    return 0;
  }

  private static void table(PrintWriter out, List<LineageNode> nodes) {
    List<List<String>> rows = new ArrayList<>();
    for (LineageNode n : nodes) {
      rows.add(
          List.of(
              String.valueOf(n.depth()),
              n.name(),
              n.kind().label(),
              n.versions().isEmpty() ? "-" : String.join(", ", n.versions()),
              n.inputs().isEmpty() ? "-" : String.join(", ", n.inputs())));
    }
    Output.table(out, List.of("depth", "node", "kind", "versions", "read"), rows);
  }

  static Map<String, Object> toJson(LineageNode n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", n.name());
    m.put("kind", n.kind().label());
    m.put("depth", n.depth());
    m.put("versions", n.versions());
    m.put("inputs", n.inputs());
    return m;
  }
}
