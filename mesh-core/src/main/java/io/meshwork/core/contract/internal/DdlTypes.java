package io.meshwork.core.contract.internal;

import java.util.Locale;
import java.util.Set;

/**
 * Recognises Spark SQL column types written in DDL form without loading Spark: the first call of
 * Spark's {@code DataType.fromDDL} initialises the SQL parser and configuration, about 3 s on a
 * small machine, which contract loading in a domain's CI ({@code mesh policy check}) cannot
 * afford. Only types Spark surely accepts are recognised here; for anything else Spark decides.
 */
public final class DdlTypes {
  private static final Set<String> PRIMITIVES =
      Set.of(
          "boolean", "tinyint", "byte", "smallint", "short", "int", "integer", "bigint", "long", "float", "real", "double",
          "date", "timestamp", "timestamp_ntz", "timestamp_ltz", "string", "binary");
  private static final Set<String> DECIMALS = Set.of("decimal", "dec", "numeric");
  private static final Set<String> CHARS = Set.of("char", "character", "varchar");
  private static final int MAX_PRECISION = 38;

  private final String text;
  private int pos;

  private DdlTypes(String text) {
    this.text = text.toLowerCase(Locale.ROOT);
  }

  /** True when {@code type} is surely a valid Spark column type; false when unsure. */
  public static boolean isKnown(String type) {
    if (type == null) {
      return false;
    }
    DdlTypes p = new DdlTypes(type);
    boolean ok = p.type();
    p.spaces();
    return ok && p.pos == p.text.length();
  }

  /**
   * Spark's own verdict. {@code DataType.fromDDL} falls back to a table schema ({@code "a int"}
   * becomes a struct), which as a column type would be a mistake. In its own class so that the
   * JVM loads Spark's types only when this is called.
   */
  public static boolean sparkAccepts(String type) {
    try {
      org.apache.spark.sql.types.DataType parsed = org.apache.spark.sql.types.DataType.fromDDL(type);
      return !(parsed instanceof org.apache.spark.sql.types.StructType) || type.strip().toLowerCase(Locale.ROOT).startsWith("struct");
    } catch (Exception e) { // Spark's ParseException is a checked AnalysisException
      return false;
    }
  }

  /**
   * A type's text in one spelling, for comparing two declarations: lower case, no blanks, and
   * Spark's synonyms replaced ({@code integer} → {@code int}, {@code long} → {@code bigint},
   * {@code decimal} → {@code decimal(10,0)}, ...).
   */
  public static String canonical(String type) {
    String t = type.toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
    t = t.replaceAll("\\binteger\\b", "int")
        .replaceAll("\\blong\\b", "bigint")
        .replaceAll("\\bshort\\b", "smallint")
        .replaceAll("\\bbyte\\b", "tinyint")
        .replaceAll("\\breal\\b", "float")
        .replaceAll("\\btimestamp_ltz\\b", "timestamp")
        .replaceAll("\\bcharacter\\b", "char")
        .replaceAll("\\b(dec|numeric)\\b", "decimal");
    t = t.replaceAll("\\bdecimal(?!\\()", "decimal(10,0)");
    return t.replaceAll("\\bdecimal\\((\\d+)\\)", "decimal($1,0)");
  }

  private boolean type() {
    String word = word();
    if (word == null) {
      return false;
    }
    if (PRIMITIVES.contains(word)) {
      return true;
    }
    if (DECIMALS.contains(word)) {
      if (!peek('(')) {
        return true;
      }
      expect('(');
      int precision = number();
      int scale = 0;
      if (peek(',')) {
        expect(',');
        scale = number();
      }
      return expect(')') && precision >= 1 && precision <= MAX_PRECISION && scale >= 0 && scale <= precision;
    }
    if (CHARS.contains(word)) {
      return expect('(') && number() >= 1 && expect(')');
    }
    switch (word) {
      case "array":
        return expect('<') && type() && expect('>');
      case "map":
        return expect('<') && type() && expect(',') && type() && expect('>');
      case "struct":
        if (!expect('<')) {
          return false;
        }
        do {
          if (word() == null) {
            return false;
          }
          if (peek(':')) {
            expect(':');
          }
          if (!type()) {
            return false;
          }
        } while (peek(',') && expect(','));
        return expect('>');
      default:
        return false;
    }
  }

  private String word() {
    spaces();
    int start = pos;
    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    return pos == start || !Character.isLetter(text.charAt(start)) && text.charAt(start) != '_' ? null : text.substring(start, pos);
  }

  /** A non-negative number of at most 9 digits, or -1. */
  private int number() {
    spaces();
    int start = pos;
    while (pos < text.length() && pos - start < 10 && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    return pos == start || pos - start > 9 ? -1 : Integer.parseInt(text.substring(start, pos));
  }

  private boolean peek(char c) {
    spaces();
    return pos < text.length() && text.charAt(pos) == c;
  }

  private boolean expect(char c) {
    if (peek(c)) {
      pos++;
      return true;
    }
    return false;
  }

  private void spaces() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }
}
