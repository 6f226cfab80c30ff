package io.meshwork.jobs.internal;

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
 * has found one. It is not a second CSV parser for the data: nothing read here is published.
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

  /** Hands each record to {@code visitor} until it returns false; blank lines and comments are skipped, as Spark does. */
  void read(Path file, Predicate<Record> visitor) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), charset))) {
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
        int start = lineNo;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean inQuotes = false;
        boolean unclosed = false;
        String text = line;
        int i = 0;
        while (true) {
          if (i >= text.length()) {
            if (inQuotes && multiLine) {
              String next = in.readLine();
              if (next != null) {
                lineNo++;
                field.append('\n');
                text = next;
                i = 0;
                continue;
              }
            }
            unclosed = inQuotes;
            fields.add(field.toString());
            break;
          }
          char c = text.charAt(i);
          if (inQuotes) {
            if (c == escape && escape != quote && i + 1 < text.length()) {
              field.append(text.charAt(i + 1));
              i += 2;
            } else if (c == quote && i + 1 < text.length() && text.charAt(i + 1) == quote) {
              field.append(quote);
              i += 2;
            } else if (c == quote) {
              inQuotes = false;
              i++;
            } else {
              field.append(c);
              i++;
            }
          } else if (text.startsWith(sep, i)) {
            fields.add(field.toString());
            field.setLength(0);
            i += sep.length();
          } else if (c == quote && field.length() == 0) {
            inQuotes = true;
            i++;
          } else {
            field.append(c);
            i++;
          }
        }
        if (!visitor.test(new Record(start, fields, unclosed))) {
          return;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean isCsv(String format) {
    return format != null && format.toLowerCase(Locale.ROOT).equals("csv");
  }
}
