package io.meshwork.jobs.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Aligned plain-text tables for the command line. */
public final class TextTable {
  private TextTable() {}

  /** Prints rows as a left-aligned table with a header line. */
  public static void print(PrintWriter out, List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (List<String> row : all) {
      for (int i = 0; i < width.length; i++) {
        width[i] = Math.max(width[i], cell(row, i).length());
      }
    }
    for (int r = 0; r < all.size(); r++) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < width.length; i++) {
        String c = cell(all.get(r), i);
        line.append(i == width.length - 1 ? c : String.format("%-" + width[i] + "s  ", c));
      }
      out.println(line.toString().stripTrailing());
      if (r == 0) {
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
          rule.append("-".repeat(width[i])).append(i == width.length - 1 ? "" : "  ");
        }
        out.println(rule);
      }
    }
  }

  private static String cell(List<String> row, int i) {
    String v = i < row.size() ? row.get(i) : "";
    return v == null ? "" : v;
  }
}
