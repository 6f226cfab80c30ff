package io.meshwork.core.odcs;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Renders plain Java values (strings, numbers, booleans, lists, maps) as HOCON text. */
final class Hocon {
  private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  private Hocon() {}

  static String value(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      return quote(s);
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    if (v instanceof List<?> list) {
      List<String> items = new ArrayList<>();
      for (Object o : list) {
        items.add(value(o));
      }
      return "[" + String.join(", ", items) + "]";
    }
    if (v instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        return "{}";
      }
      List<String> entries = new ArrayList<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        entries.add(key(String.valueOf(e.getKey())) + " = " + value(e.getValue()));
      }
      return "{ " + String.join(", ", entries) + " }";
    }
    return quote(v.toString());
  }

  static String key(String k) {
    return BARE_KEY.matcher(k).matches() ? k : quote(k);
  }

  /** A multi-line text as a triple-quoted string when it can be one (no escapes there), else quoted. */
  static String text(String s) {
    if (s.indexOf('\n') >= 0 && !s.contains("\"\"\"") && !s.endsWith("\"")) {
      return "\"\"\"" + s + "\"\"\"";
    }
    return quote(s);
  }

  /** {@code s} as a double-quoted JSON (and HOCON) string literal, escaped by Jackson. */
  private static String quote(String s) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
  }
}
