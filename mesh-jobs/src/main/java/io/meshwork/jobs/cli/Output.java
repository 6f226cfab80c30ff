package io.meshwork.jobs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Rendering for the command line: aligned text tables and JSON, progress on stderr. */
final class Output {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final boolean COLOR = System.console() != null && System.getenv("NO_COLOR") == null;

  private Output() {}

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Progress lines to the command's error stream (dimmed on a terminal), so stdout stays the result. */
  static java.util.function.Consumer<String> progress(PrintWriter err) {
    return line -> {
      err.println(COLOR ? "\u001b[2m" + line + "\u001b[0m" : line);
      err.flush();
    };
  }

  static String green(String s) {
    return COLOR ? "\u001b[32m" + s + "\u001b[0m" : s;
  }

  static String red(String s) {
    return COLOR ? "\u001b[31m" + s + "\u001b[0m" : s;
  }

  static String bold(String s) {
    return COLOR ? "\u001b[1m" + s + "\u001b[0m" : s;
  }

  static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
    io.meshwork.jobs.internal.TextTable.print(out, header, rows);
  }

  /** Prints up to {@code limit} rows as a table, or as a JSON array of objects. */
  static void rows(PrintWriter out, Dataset<Row> data, int limit, boolean json) {
    List<Row> rows = data.limit(limit).collectAsList();
    String[] columns = data.columns();
    if (json) {
      List<Map<String, Object>> objs = new ArrayList<>();
      for (Row r : rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < columns.length; i++) {
          Object v = r.get(i);
          m.put(columns[i], v == null || v instanceof Number || v instanceof Boolean ? v : v.toString());
        }
        objs.add(m);
      }
      out.println(json(objs));
      return;
    }
    List<List<String>> cells = new ArrayList<>();
    for (Row r : rows) {
      List<String> line = new ArrayList<>();
      for (int i = 0; i < columns.length; i++) {
        line.add(r.isNullAt(i) ? "null" : String.valueOf(r.get(i)));
      }
      cells.add(line);
    }
    table(out, List.of(columns), cells);
  }
}
