package io.meshwork.jobs.docs;

import static io.meshwork.jobs.docs.Html.esc;

import java.util.List;
import java.util.Locale;

/** Small inline SVG charts: no script, no library, readable in any browser and in print. */
final class Charts {
  /** One stacked series of a bar chart. */
  record Series(String name, String color) {}

  private static final int W = 540;
  private static final int H = 230;
  private static final int LEFT = 52;
  private static final int RIGHT = 14;
  private static final int TOP = 14;
  private static final int BOTTOM = 38;

  private Charts() {}

  /**
   * A stacked bar chart with one bar per label.
   *
   * @param values one array per label, one value per series
   * @param tooltips one tooltip per bar
   */
  static String bars(String ariaLabel, List<String> labels, List<Series> series, List<double[]> values, List<String> tooltips) {
    int n = labels.size();
    double max = 0;
    for (double[] v : values) {
      double sum = 0;
      for (double x : v) {
        sum += x;
      }
      max = Math.max(max, sum);
    }
    double top = niceCeiling(max);
    int plotW = W - LEFT - RIGHT;
    int plotH = H - TOP - BOTTOM;
    StringBuilder s = new StringBuilder();
    s.append("<svg class=\"chart\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" role=\"img\" aria-label=\"").append(esc(ariaLabel)).append("\">");
    // Whole-number ticks: counts never read 1.3 or 3.8.
    int ticks = top < 5 ? (int) top : 5;
    for (int i = 0; i <= ticks; i++) {
      double value = top * i / ticks;
      double y = TOP + plotH - plotH * i / (double) ticks;
      s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(W - RIGHT).append("\" y1=\"").append(f(y)).append("\" y2=\"").append(f(y))
          .append("\" stroke=\"").append(i == 0 ? "#98a2b3" : "#eaecf0").append("\"/>");
      s.append("<text x=\"").append(LEFT - 8).append("\" y=\"").append(f(y + 4)).append("\" text-anchor=\"end\">").append(esc(number(value))).append("</text>");
    }
    double slot = plotW / (double) Math.max(n, 1);
    double barW = Math.min(40, slot * 0.62);
    int every = Math.max(1, (int) Math.ceil(n / 12.0));
    for (int i = 0; i < n; i++) {
      double x = LEFT + slot * i + (slot - barW) / 2;
      double y = TOP + plotH;
      s.append("<g><title>").append(esc(tooltips.get(i))).append("</title>");
      double[] v = values.get(i);
      for (int k = 0; k < series.size(); k++) {
        if (v[k] <= 0 || top == 0) {
          continue;
        }
        double h = plotH * v[k] / top;
        y -= h;
        s.append("<rect x=\"").append(f(x)).append("\" y=\"").append(f(y)).append("\" width=\"").append(f(barW)).append("\" height=\"").append(f(h))
            .append("\" rx=\"2\" fill=\"").append(series.get(k).color()).append("\"/>");
      }
      s.append("</g>");
      if (i % every == 0) {
        s.append("<text x=\"").append(f(LEFT + slot * i + slot / 2)).append("\" y=\"").append(H - BOTTOM + 16).append("\" text-anchor=\"middle\">")
            .append(esc(labels.get(i))).append("</text>");
      }
    }
    s.append("</svg>");
    if (series.size() > 1) {
      s.append("<div class=\"legend\">");
      for (Series se : series) {
        s.append("<span><i style=\"background:").append(se.color()).append("\"></i>").append(esc(se.name())).append("</span>");
      }
      s.append("</div>");
    }
    return s.toString();
  }

  /** 1, 2 or 5 times a power of ten, at least {@code max} (and at least 1). */
  static double niceCeiling(double max) {
    if (max <= 1) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(max)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * p >= max) {
        return m * p;
      }
    }
    return 10 * p;
  }

  static String number(double v) {
    if (Math.abs(v) >= 1_000_000) {
      return trim(v / 1_000_000) + "M";
    }
    if (Math.abs(v) >= 10_000) {
      return trim(v / 1_000) + "k";
    }
    return trim(v);
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
