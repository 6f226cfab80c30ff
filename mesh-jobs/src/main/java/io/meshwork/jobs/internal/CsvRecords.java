package io.meshwork.jobs.internal;

import com.univocity.parsers.common.ParsingContext;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reads a CSV source record by record with the line each starts on, following the Spark reader
 * options a contract may give ({@code sep}/{@code delimiter}, {@code quote}, {@code escape},
 * {@code header}, {@code multiLine}, {@code comment}, {@code encoding}). Spark does not say on
 * which line a record was, so this is how a bad record or value is located in its file once Spark
 * has found one. The records are split by univocity, the parser Spark's reader runs; nothing read
 * here is published.
 */
final class CsvRecords {
  /** One record: the line it starts on, its fields (unquoted) and whether a quote is left open. */
  record Record(int line, List<String> fields, boolean unclosedQuote) {}

  /** A malformed record: where it starts and why. */
  record Malformed(String source, Path file, int line, String reason) {}

  private final String sep;
  private final char quote;
  private final char escape;
  private final boolean header;
  private final boolean multiLine;
  private final char comment;
  private final Charset charset;

  CsvRecords(Map<String, String> options) {
    String s = option(options, "sep", option(options, "delimiter", ","));
    this.sep = s.equals("\\t") ? "\t" : s.isEmpty() ? "," : s;
    this.quote = first(option(options, "quote", "\""), '"');
    this.escape = first(option(options, "escape", "\\"), '\\');
    this.header = Boolean.parseBoolean(option(options, "header", "false"));
    this.multiLine = Boolean.parseBoolean(option(options, "multiLine", "false"));
    this.comment = first(option(options, "comment", ""), '\0');
    Charset cs;
    try {
      cs = Charset.forName(option(options, "encoding", option(options, "charset", "UTF-8")));
    } catch (RuntimeException e) {
      cs = StandardCharsets.UTF_8;
    }
    this.charset = cs;
  }

  /** Spark's reader options are case-insensitive. */
  private static String option(Map<String, String> options, String key, String fallback) {
    return options.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key)).map(Map.Entry::getValue).findFirst().orElse(fallback);
  }

  private static char first(String s, char fallback) {
    return s == null || s.isEmpty() ? fallback : s.charAt(0);
  }

  /** The files Spark reads for a path: the file itself, or the data files of a directory (not hidden, sorted). */
  static List<Path> files(Path path) {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(path)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> {
            for (Path part : path.relativize(p)) {
              String n = part.toString();
              if (n.startsWith(".") || n.startsWith("_")) {
                return false;
              }
            }
            return true;
          })
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * The first record of the file that Spark cannot parse in FAILFAST mode: a quote left open (at
   * the end of its line, or of the file with {@code multiLine}), or a number of fields other than
   * the header's (the first record's).
   */
  Optional<Malformed> firstMalformed(String source, Path file) {
    Malformed[] found = {null};
    int[] width = {-1};
    read(file, r -> {
      if (r.unclosedQuote()) {
        found[0] = new Malformed(source, file, r.line(), "unclosed quote");
        return false;
      }
      if (width[0] < 0) {
        width[0] = r.fields().size();
      } else if (r.fields().size() != width[0]) {
        found[0] = new Malformed(source, file, r.line(), r.fields().size() + (r.fields().size() == 1 ? " field" : " fields") + " where the " + (header ? "header" : "first record") + " has " + width[0]);
        return false;
      }
      return true;
    });
    return Optional.ofNullable(found[0]);
  }

  /**
   * The line of the first record whose field in {@code column} (by the header's name, or
   * {@code _c<i>} without a header) is {@code value}; empty when there is none.
   */
  Optional<Integer> lineOf(Path file, String column, String value) {
    Integer[] found = {null};
    int[] index = {-1};
    boolean[] first = {true};
    read(file, r -> {
      if (first[0]) {
        first[0] = false;
        for (int i = 0; i < r.fields().size(); i++) {
          String name = header ? r.fields().get(i) : "_c" + i;
          if (name.equalsIgnoreCase(column)) {
            index[0] = i;
          }
        }
        if (index[0] < 0) {
          return false;
        }
        if (header) {
          return true;
        }
      }
      if (index[0] < r.fields().size() && r.fields().get(index[0]).equals(value)) {
        found[0] = r.line();
        return false;
      }
      return true;
    });
    return Optional.ofNullable(found[0]);
  }

  /**
   * Hands each record to {@code visitor} until it returns false. univocity (the parser Spark's CSV
   * reader runs) splits the records; blank lines and comments are skipped, as Spark does. Without
   * {@code multiLine} Spark parses each line on its own, and so does this.
   */
  void read(Path file, Predicate<Record> visitor) {
    CsvParser parser = new CsvParser(settings());
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), charset))) {
      if (multiLine) {
        in.mark(1);
        if (in.read() != '\uFEFF') {
          in.reset(); // no byte order mark to skip
        }
        parser.beginParsing(in);
        try {
          String[] row;
          while ((row = parser.parseNext()) != null) {
            ParsingContext context = parser.getContext();
            String content = context.currentParsedContent();
            Record r = record(0, row);
            // The record ends on the parser's current line; it starts as many line breaks earlier as it
            // holds (a trailing one ends it). At the end of the file inside a quote the count is one ahead.
            long breaks = content == null ? 0 : content.chars().filter(ch -> ch == '\n').count();
            long line = context.currentLine() - breaks + (content != null && content.endsWith("\n") ? 1 : 0) - (r.unclosedQuote() ? 1 : 0);
            if (!visitor.test(new Record((int) line, r.fields(), r.unclosedQuote()))) {
              return;
            }
          }
        } finally {
          parser.stopParsing();
        }
        return;
      }
      int lineNo = 0;
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (lineNo == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.isEmpty() || (comment != '\0' && line.charAt(0) == comment)) {
          continue;
        }
        String[] row = parser.parseLine(line);
        if (row != null && !visitor.test(record(lineNo, row))) {
          return;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Spark's settings for univocity, with the enclosing quotes kept: a field that opens a quote and
   * does not close it is how an unclosed quote shows; the quotes are then taken off the fields.
   */
  private CsvParserSettings settings() {
    CsvParserSettings s = new CsvParserSettings();
    s.getFormat().setDelimiter(sep);
    s.getFormat().setQuote(quote);
    s.getFormat().setQuoteEscape(escape);
    s.getFormat().setComment(comment);
    s.getFormat().setLineSeparator("\n");
    s.setLineSeparatorDetectionEnabled(true); // \r\n files, as Spark's multiLine reader detects them
    s.setNormalizeLineEndingsWithinQuotes(false);
    s.setIgnoreLeadingWhitespaces(false);
    s.setIgnoreTrailingWhitespaces(false);
    s.setSkipEmptyLines(true);
    s.setNullValue("");
    s.setEmptyValue("");
    s.setMaxCharsPerColumn(-1);
    s.setMaxColumns(20480);
    s.setReadInputOnSeparateThread(false);
    s.setKeepQuotes(true);
    return s;
  }

  private Record record(int line, String[] row) {
    List<String> fields = new ArrayList<>(row.length);
    boolean unclosed = false;
    for (String f : row) {
      String v = f == null ? "" : f;
      if (!v.isEmpty() && v.charAt(0) == quote) {
        if (v.length() >= 2 && v.charAt(v.length() - 1) == quote) {
          v = v.substring(1, v.length() - 1);
        } else {
          unclosed = true;
          v = v.substring(1);
        }
      }
      fields.add(v);
    }
    return new Record(line, fields, unclosed);
  }

  static boolean isCsv(String format) {
    return format != null && format.toLowerCase(Locale.ROOT).equals("csv");
  }
}
