package io.meshwork.jobs.docs;

import static io.meshwork.jobs.docs.Html.esc;

import io.meshwork.lineage.LineageGraph.GraphNode;
import io.meshwork.lineage.LineageGraph;
import io.meshwork.lineage.NodeKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * The lineage graph as an inline SVG, laid out when the site is built by the layered algorithm of
 * the Eclipse Layout Kernel (ELK): inputs left of what they feed, few crossings, and edges routed
 * orthogonally between the layers and around the boxes, so an edge never reads as feeding a box it
 * merely passes. Each box is as wide as its label, so no label is cut; the SVG has the size the
 * layout needs and the page scrolls it horizontally when it is wider than the page.
 */
final class LineageSvg {
  private static final double NODE_H = 48;
  private static final double MIN_NODE_W = 150;
  /** Left of the text: the coloured bar (5 px) and a gap; right of it: a gap. */
  private static final double TEXT_LEFT = 16;
  private static final double TEXT_RIGHT = 16;
  private static final double NAME_FONT = 12.5;
  private static final double KIND_FONT = 10;
  private static final double KIND_LETTER_SPACING = 0.05;
  private static final double CORNER = 6;

  private LineageSvg() {}

  /** The SVG; products whose key {@code hasPage} link to {@code products/<key>.html}. */
  static String render(DocsSite.Picture log, Predicate<String> hasPage) {
    ElkNode graph = ElkGraphUtil.createGraph();
    graph.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
    graph.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
    graph.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
    graph.setProperty(CoreOptions.PADDING, new ElkPadding(20));
    graph.setProperty(LayeredOptions.SPACING_NODE_NODE, 24.0);
    graph.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 56.0);
    graph.setProperty(LayeredOptions.SPACING_EDGE_NODE, 14.0);
    graph.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 18.0);
    graph.setProperty(LayeredOptions.SPACING_EDGE_EDGE, 10.0);
    graph.setProperty(LayeredOptions.SPACING_EDGE_EDGE_BETWEEN_LAYERS, 10.0);
    graph.setProperty(LayeredOptions.SPACING_COMPONENT_COMPONENT, 32.0);

    Map<String, ElkNode> boxes = new LinkedHashMap<>();
    for (GraphNode n : log.nodes().values()) {
      ElkNode box = ElkGraphUtil.createNode(graph);
      box.setIdentifier(n.key());
      double text = Math.max(textWidth(n.label(), NAME_FONT, 0), textWidth(label(n.kind()).toUpperCase(Locale.ROOT), KIND_FONT, KIND_LETTER_SPACING));
      box.setDimensions(Math.ceil(Math.max(MIN_NODE_W, TEXT_LEFT + text + TEXT_RIGHT)), NODE_H);
      boxes.put(n.key(), box);
    }
    Map<LineageGraph.Edge, ElkEdge> lines = new LinkedHashMap<>();
    for (LineageGraph.Edge e : log.edges()) {
      ElkEdge edge = ElkGraphUtil.createSimpleEdge(boxes.get(e.from()), boxes.get(e.to()));
      ElkGraphUtil.updateContainment(edge);
      lines.put(e, edge);
    }
    try {
      new RecursiveGraphLayoutEngine().layout(graph, new BasicProgressMonitor());
    } catch (NoSuchMethodError | NoClassDefFoundError olderGuava) {
      // Where an older Guava comes first on the classpath (Spark's own, under spark-submit), the
      // orthogonal router fails when it must split a segment (it calls Guava 21's Streams.concat).
      // Polyline routing needs nothing newer and also keeps the edges in the gaps between the
      // boxes; the graph is left as it was when the layout failed, so it is laid out again.
      graph.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.POLYLINE);
      new RecursiveGraphLayoutEngine().layout(graph, new BasicProgressMonitor());
    }

    int width = (int) Math.ceil(graph.getWidth());
    int height = (int) Math.ceil(graph.getHeight());
    StringBuilder s = new StringBuilder();
    s.append("<svg id=\"lineage-graph\" width=\"").append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
        .append(height).append("\" role=\"img\" aria-label=\"Lineage graph\">");
    s.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">")
        .append("<path d=\"M0 0L10 5L0 10z\" fill=\"#98a2b3\"/></marker></defs>");
    for (Map.Entry<LineageGraph.Edge, ElkEdge> line : lines.entrySet()) {
      LineageGraph.Edge e = line.getKey();
      s.append("<path class=\"edge\" data-from=\"").append(esc(e.from())).append("\" data-to=\"").append(esc(e.to())).append("\" d=\"")
          .append(path(line.getValue())).append("\" marker-end=\"url(#arrow)\"><title>")
          .append(esc(log.nodes().get(e.from()).label() + " → " + log.nodes().get(e.to()).label())).append("</title></path>");
    }
    for (GraphNode n : log.nodes().values()) {
      ElkNode box = boxes.get(n.key());
      double x = box.getX();
      double y = box.getY();
      String[] colors = colors(n.kind());
      String k = n.key();
      boolean link = n.kind() != NodeKind.SOURCE && n.kind() != NodeKind.MODEL && hasPage.test(k);
      if (link) {
        s.append("<a href=\"products/").append(esc(k)).append(".html\">");
      }
      s.append("<g class=\"node\" data-node=\"").append(esc(k)).append("\" data-kind=\"").append(esc(label(n.kind()))).append("\"><title>")
          .append(esc(n.kind() == NodeKind.SOURCE ? k.replaceFirst("^source:[^:]*:", "") : n.label())).append("</title>");
      s.append("<rect x=\"").append(f(x)).append("\" y=\"").append(f(y)).append("\" width=\"").append(f(box.getWidth())).append("\" height=\"")
          .append(f(box.getHeight())).append("\" rx=\"8\" fill=\"").append(colors[0]).append("\" stroke=\"").append(colors[1]).append("\"/>");
      s.append("<rect x=\"").append(f(x)).append("\" y=\"").append(f(y)).append("\" width=\"5\" height=\"").append(f(box.getHeight()))
          .append("\" rx=\"2\" fill=\"").append(colors[1]).append("\"/>");
      s.append("<text class=\"kind\" x=\"").append(f(x + TEXT_LEFT)).append("\" y=\"").append(f(y + 18)).append("\">").append(esc(label(n.kind()))).append("</text>");
      s.append("<text x=\"").append(f(x + TEXT_LEFT)).append("\" y=\"").append(f(y + 36)).append("\" font-weight=\"600\">").append(esc(n.label()))
          .append("</text></g>");
      if (link) {
        s.append("</a>");
      }
    }
    s.append("</svg>");
    return s.toString();
  }

  /** A kind as the picture and its legend name it: {@code product}, {@code feature set}, {@code model}, {@code source}. */
  static String label(NodeKind kind) {
    return kind.label().replace('-', ' ');
  }

  /** The legend's colour of each kind: {fill, stroke}. */
  static String[] colors(NodeKind kind) {
    return switch (kind) {
      case PRODUCT -> new String[] {"#eef2ff", "#6366f1"};
      case FEATURE_SET -> new String[] {"#ecfdf3", "#12b76a"};
      case MODEL -> new String[] {"#fdf2fa", "#dd2590"};
      case SOURCE -> new String[] {"#f9fafb", "#98a2b3"};
    };
  }

  /**
   * The routed edge as SVG path data: its start, bend points and end (in the graph's coordinates:
   * all boxes are children of the root), the bends rounded by at most {@link #CORNER} px.
   */
  private static String path(ElkEdge edge) {
    StringBuilder d = new StringBuilder();
    for (ElkEdgeSection section : edge.getSections()) {
      List<double[]> points = new ArrayList<>();
      points.add(new double[] {section.getStartX(), section.getStartY()});
      for (ElkBendPoint b : section.getBendPoints()) {
        points.add(new double[] {b.getX(), b.getY()});
      }
      points.add(new double[] {section.getEndX(), section.getEndY()});
      d.append(d.length() == 0 ? "M" : " M").append(f(points.get(0)[0])).append(' ').append(f(points.get(0)[1]));
      for (int i = 1; i < points.size(); i++) {
        double[] p = points.get(i);
        if (i < points.size() - 1) {
          double[] prev = points.get(i - 1);
          double[] next = points.get(i + 1);
          double in = Math.min(CORNER, distance(prev, p) / 2);
          double out = Math.min(CORNER, distance(p, next) / 2);
          double[] a = toward(p, prev, in);
          double[] b = toward(p, next, out);
          d.append(" L").append(f(a[0])).append(' ').append(f(a[1])).append(" Q").append(f(p[0])).append(' ').append(f(p[1])).append(' ')
              .append(f(b[0])).append(' ').append(f(b[1]));
        } else {
          d.append(" L").append(f(p[0])).append(' ').append(f(p[1]));
        }
      }
    }
    return d.toString();
  }

  private static double distance(double[] a, double[] b) {
    return Math.hypot(b[0] - a[0], b[1] - a[1]);
  }

  /** The point {@code by} px from {@code from} toward {@code to}. */
  private static double[] toward(double[] from, double[] to, double by) {
    double len = distance(from, to);
    return len == 0 ? from : new double[] {from[0] + (to[0] - from[0]) * by / len, from[1] + (to[1] - from[1]) * by / len};
  }

  /**
   * The advance widths, in hundredths of an em, of the printable ASCII characters (32 to 126) in
   * DejaVu Sans Bold, as Chromium measures them: the widest of the page's sans-serif fonts (Arial,
   * Liberation Sans, Helvetica, Segoe UI and Roboto are narrower), so a box sized with them holds its
   * label whatever font the browser picks.
   */
  private static final int[] ASCII_WIDTHS = {
    35, 46, 52, 84, 70, 100, 87, 31, 46, 46, 52, 84, 38, 42, 38, 37, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 40, 40, 84, 84, 84, 58,
    100, 77, 76, 73, 83, 68, 68, 82, 84, 37, 37, 77, 64, 100, 84, 85, 73, 85, 77, 72, 68, 81, 77, 110, 77, 72, 73, 46, 37, 46, 84, 50,
    50, 67, 72, 59, 72, 68, 44, 72, 71, 34, 34, 67, 34, 104, 71, 69, 72, 72, 49, 60, 48, 71, 65, 92, 65, 65, 58, 71, 37, 71, 84
  };

  /** The width in px of {@code text} at {@code fontSize} px, at most (see {@link #ASCII_WIDTHS}). */
  static double textWidth(String text, double fontSize, double letterSpacingEm) {
    double em = 0;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      // Beyond ASCII: accented Latin is about as wide as the widest ASCII letters; CJK is 1 em.
      em += (c >= 32 && c <= 126 ? ASCII_WIDTHS[c - 32] / 100.0 : c < 0x2E80 ? 1.04 : 1.1) + letterSpacingEm;
    }
    return em * fontSize;
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
