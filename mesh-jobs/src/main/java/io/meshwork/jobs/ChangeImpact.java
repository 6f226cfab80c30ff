package io.meshwork.jobs;

import io.meshwork.core.contract.ContractChange;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.ProductId;
import io.meshwork.lineage.ColumnReader;
import io.meshwork.lineage.LineageGraph;
import io.meshwork.lineage.LineageNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Who a contract change touches, from the recorded lineage: for a change to columns, the
 * downstream products, feature sets and models that read those columns (through any number of
 * hops, see {@link LineageGraph#columnImpact}), those that may (unknown column lineage) and those
 * that do not; for a change to the product as a whole, every node downstream.
 */
public final class ChangeImpact {
  /**
   * One downstream node.
   *
   * @param node {@code domain.name} or {@code model:<name>}
   * @param version the versions it read of the product or of the nodes in between ({@code sales.orders@3}, comma-separated)
   * @param reads {@code yes}, {@code no} or {@code may}
   */
  public record Consumer(String node, String version, String reads) {}

  private final Supplier<LineageGraph> lineage;
  private LineageGraph graph;
  private RuntimeException unreadable;

  /** Reads the lineage log from {@code lineage} once, on first use. */
  public ChangeImpact(Supplier<LineageGraph> lineage) {
    this.lineage = lineage;
  }

  /** Why the lineage log could not be read, or null. */
  public String unreadable() {
    graph();
    return unreadable == null ? null : unreadable.getMessage();
  }

  /** The nodes {@code change} to {@code product} touches; empty when lineage knows none (or cannot be read). */
  public List<Consumer> of(ProductId product, ContractChange change) {
    LineageGraph g = graph();
    if (g == null) {
      return List.of();
    }
    try {
      if (change.columns().isEmpty()) {
        return g.impact(product.toString()).stream().map(n -> consumer(n, ColumnReader.YES)).toList();
      }
      Map<String, Consumer> merged = new LinkedHashMap<>();
      for (String column : change.columns()) {
        for (ColumnReader r : g.columnImpact(product.toString(), column)) {
          Consumer c = consumer(r.node(), r.reads());
          merged.merge(c.node(), c, (a, b) -> rank(b.reads()) > rank(a.reads()) ? b : a);
        }
      }
      return List.copyOf(merged.values());
    } catch (MeshException unknown) { // the log never mentions the product
      return List.of();
    }
  }

  /**
   * The consumers in one line: {@code consumers: read it: finance.totals (read sales.orders@0); may
   * read it (column lineage unknown): x (read ...); unaffected: y}.
   */
  public String describe(List<Consumer> consumers) {
    if (unreadable() != null) {
      return "  consumers: unknown (lineage log not readable: " + unreadable() + ")";
    }
    if (consumers.isEmpty()) {
      return "  consumers: none found in lineage";
    }
    List<String> parts = new ArrayList<>();
    part(parts, "read it", consumers, ColumnReader.YES);
    part(parts, "may read it (column lineage unknown)", consumers, ColumnReader.MAY);
    part(parts, "unaffected", consumers, ColumnReader.NO);
    return "  consumers: " + String.join("; ", parts);
  }

  private static void part(List<String> parts, String title, List<Consumer> consumers, String reads) {
    List<Consumer> these = consumers.stream().filter(c -> c.reads().equals(reads)).toList();
    if (!these.isEmpty()) {
      parts.add(title + ": " + these.stream().map(ChangeImpact::text).collect(Collectors.joining(", ")));
    }
  }

  /** {@code finance.totals (read sales.orders@0)}. */
  public static String text(Consumer c) {
    return c.node() + (c.version().isEmpty() ? "" : " (read " + c.version() + ")");
  }

  private LineageGraph graph() {
    if (graph == null && unreadable == null) {
      try {
        graph = lineage.get();
      } catch (RuntimeException e) {
        unreadable = e;
      }
    }
    return graph;
  }

  private static Consumer consumer(LineageNode n, String reads) {
    return new Consumer(n.name(), String.join(", ", n.inputs()), reads);
  }

  private static int rank(String reads) {
    return switch (reads) {
      case ColumnReader.YES -> 2;
      case ColumnReader.MAY -> 1;
      default -> 0;
    };
  }
}
