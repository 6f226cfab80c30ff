package io.meshwork.jobs.docs;

import static io.meshwork.jobs.docs.Html.esc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The lineage graph as an inline SVG with a layered layout: a node's column is the length of the
 * longest path reaching it, so every edge points right; within a column nodes are ordered by the
 * mean row of their inputs, which keeps most edges short and uncrossed.
 */
final class LineageSvg {
  private static final int NODE_W = 200;
  private static final int NODE_H = 48;
  private static final int COL_GAP = 96;
  private static final int ROW_GAP = 22;
  private static final int PAD = 20;

  private LineageSvg() {}

  /** The SVG; products whose key {@code hasPage} link to {@code products/<key>.html}. */
  static String render(LineageLog log, Predicate<String> hasPage) {
    List<String> keys = new ArrayList<>(log.nodes.keySet());
    Map<String, List<String>> inputs = new HashMap<>();
    for (List<String> e : log.edges) {
      inputs.computeIfAbsent(e.get(1), k -> new ArrayList<>()).add(e.get(0));
    }
    Map<String, Integer> layer = new HashMap<>();
    for (String k : keys) {
      layerOf(k, inputs, layer, new HashSet<>());
    }
    int layers = layer.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    List<List<String>> columns = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      columns.add(new ArrayList<>());
    }
    keys.forEach(k -> columns.get(layer.get(k)).add(k));
    Map<String, Double> row = new HashMap<>();
    for (List<String> column : columns) {
      Comparator<String> byInputs =
          Comparator.comparingDouble(
              (String k) -> inputs.getOrDefault(k, List.of()).stream().mapToDouble(i -> row.getOrDefault(i, 0.0)).average().orElse(-1));
      column.sort(byInputs.thenComparing(k -> log.nodes.get(k).kind().ordinal()).thenComparing(k -> k));
      for (int i = 0; i < column.size(); i++) {
        row.put(column.get(i), (double) i);
      }
    }
    int rows = columns.stream().mapToInt(List::size).max().orElse(1);
    int width = PAD * 2 + layers * NODE_W + (layers - 1) * COL_GAP;
    int height = PAD * 2 + rows * NODE_H + (rows - 1) * ROW_GAP;
    Map<String, double[]> pos = new HashMap<>();
    for (int c = 0; c < layers; c++) {
      List<String> column = columns.get(c);
      // Centre shorter columns vertically.
      double offset = (rows - column.size()) * (NODE_H + ROW_GAP) / 2.0;
      for (int i = 0; i < column.size(); i++) {
        pos.put(column.get(i), new double[] {PAD + c * (NODE_W + COL_GAP), PAD + offset + i * (NODE_H + ROW_GAP)});
      }
    }

    StringBuilder s = new StringBuilder();
    s.append("<svg id=\"lineage-graph\" width=\"").append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
        .append(height).append("\" role=\"img\" aria-label=\"Lineage graph\">");
    s.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">")
        .append("<path d=\"M0 0L10 5L0 10z\" fill=\"#98a2b3\"/></marker></defs>");
    for (List<String> e : log.edges) {
      double[] a = pos.get(e.get(0));
      double[] b = pos.get(e.get(1));
      double x1 = a[0] + NODE_W;
      double y1 = a[1] + NODE_H / 2.0;
      double x2 = b[0] - 2;
      double y2 = b[1] + NODE_H / 2.0;
      double dx = Math.max(40, (x2 - x1) / 2);
      s.append("<path class=\"edge\" data-from=\"").append(esc(e.get(0))).append("\" data-to=\"").append(esc(e.get(1))).append("\" d=\"M")
          .append(f(x1)).append(' ').append(f(y1)).append(" C").append(f(x1 + dx)).append(' ').append(f(y1)).append(' ').append(f(x2 - dx)).append(' ')
          .append(f(y2)).append(' ').append(f(x2)).append(' ').append(f(y2)).append("\" marker-end=\"url(#arrow)\"><title>")
          .append(esc(log.nodes.get(e.get(0)).label() + " → " + log.nodes.get(e.get(1)).label())).append("</title></path>");
    }
    for (String k : keys) {
      LineageLog.Node n = log.nodes.get(k);
      double[] p = pos.get(k);
      String[] colors = colors(n.kind());
      boolean link = n.kind() != LineageLog.Kind.SOURCE && n.kind() != LineageLog.Kind.MODEL && hasPage.test(k);
      if (link) {
        s.append("<a href=\"products/").append(esc(k)).append(".html\">");
      }
      s.append("<g class=\"node\" data-node=\"").append(esc(k)).append("\" data-kind=\"").append(esc(n.kind().label)).append("\"><title>")
          .append(esc(n.kind() == LineageLog.Kind.SOURCE ? k.replaceFirst("^source:[^:]*:", "") : n.label())).append("</title>");
      s.append("<rect x=\"").append(f(p[0])).append("\" y=\"").append(f(p[1])).append("\" width=\"").append(NODE_W).append("\" height=\"").append(NODE_H)
          .append("\" rx=\"8\" fill=\"").append(colors[0]).append("\" stroke=\"").append(colors[1]).append("\"/>");
      s.append("<rect x=\"").append(f(p[0])).append("\" y=\"").append(f(p[1])).append("\" width=\"5\" height=\"").append(NODE_H).append("\" rx=\"2\" fill=\"")
          .append(colors[1]).append("\"/>");
      s.append("<text class=\"kind\" x=\"").append(f(p[0] + 16)).append("\" y=\"").append(f(p[1] + 18)).append("\">").append(esc(n.kind().label)).append("</text>");
      s.append("<text x=\"").append(f(p[0] + 16)).append("\" y=\"").append(f(p[1] + 36)).append("\" font-weight=\"600\">").append(esc(shorten(n.label(), 26)))
          .append("</text></g>");
      if (link) {
        s.append("</a>");
      }
    }
    s.append("</svg>");
    return s.toString();
  }

  /** The legend's colour of each kind: {fill, stroke}. */
  static String[] colors(LineageLog.Kind kind) {
    return switch (kind) {
      case PRODUCT -> new String[] {"#eef2ff", "#6366f1"};
      case FEATURE_SET -> new String[] {"#ecfdf3", "#12b76a"};
      case MODEL -> new String[] {"#fdf2fa", "#dd2590"};
      case SOURCE -> new String[] {"#f9fafb", "#98a2b3"};
    };
  }

  private static int layerOf(String k, Map<String, List<String>> inputs, Map<String, Integer> layer, Set<String> visiting) {
    Integer known = layer.get(k);
    if (known != null) {
      return known;
    }
    if (!visiting.add(k)) {
      return 0; // a cycle (a product reading an older version of itself, say): cut it here
    }
    int l = 0;
    for (String in : inputs.getOrDefault(k, List.of())) {
      l = Math.max(l, layerOf(in, inputs, layer, visiting) + 1);
    }
    visiting.remove(k);
    layer.put(k, l);
    return l;
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
