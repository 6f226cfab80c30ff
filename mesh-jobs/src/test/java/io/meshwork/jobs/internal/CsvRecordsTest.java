package io.meshwork.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locating a malformed record or a value in a CSV file, with the line it starts on. */
class CsvRecordsTest {
  @TempDir Path dir;

  private Path write(String text) throws Exception {
    Path file = dir.resolve("data.csv");
    Files.writeString(file, text);
    return file;
  }

  private String malformed(Map<String, String> options, String text) throws Exception {
    return new CsvRecords(options).firstMalformed("raw", write(text)).map(m -> m.line() + ": " + m.reason()).orElse("none");
  }

  @Test
  void findsTheFirstMalformedRecord() throws Exception {
    Map<String, String> header = Map.of("header", "true");
    assertThat(malformed(header, "id,amount\nO-1,10.50\nO-2,\"20.00\nO-3,5.25,extra,fields\n")).isEqualTo("3: unclosed quote");
    assertThat(malformed(header, "id,amount\n\nO-1,10.50\nO-3,5.25,extra,fields\n")).isEqualTo("4: 4 fields where the header has 2");
    assertThat(malformed(header, "id,amount\nO-1\n")).isEqualTo("2: 1 field where the header has 2");
    // Quoted separators, doubled and escaped quotes are fields' text.
    assertThat(malformed(header, "id,note\nO-1,\"a, b\"\nO-2,\"say \"\"hi\"\"\"\nO-3,\"x \\\" y\"\n")).isEqualTo("none");
    // With multiLine a quote may hold a line break; left open at the end of the file it is malformed.
    Map<String, String> multi = Map.of("header", "true", "multiLine", "true");
    assertThat(malformed(multi, "id,note\nO-1,\"two\nlines\"\nO-2,x\n")).isEqualTo("none");
    assertThat(malformed(multi, "id,note\nO-1,x\nO-2,\"open\nto the end\n")).isEqualTo("3: unclosed quote");
    assertThat(malformed(Map.of("header", "true", "sep", ";"), "id;amount\nO-1;1,5\n")).isEqualTo("none");
  }

  @Test
  void findsTheLineOfAValue() throws Exception {
    Path file = write("order_id,amount\nO-1,\"multi\"\n\nO-2,ten\nO-3,ten\n");
    assertThat(new CsvRecords(Map.of("header", "true")).lineOf(file, "amount", "ten")).contains(4);
    assertThat(new CsvRecords(Map.of("header", "true")).lineOf(file, "AMOUNT", "multi")).contains(2);
    assertThat(new CsvRecords(Map.of("header", "true")).lineOf(file, "amount", "eleven")).isEmpty();
    assertThat(new CsvRecords(Map.of("header", "true")).lineOf(file, "total", "ten")).isEmpty();
    assertThat(new CsvRecords(Map.of()).lineOf(file, "_c1", "ten")).contains(4);
    // A byte order mark and \r\n line ends, with a quoted line break (multiLine): lines still count from the file.
    Path windows = write("\uFEFFid,note\r\nO-1,\"two\r\nlines\"\r\nO-2,ten\r\n");
    Map<String, String> multi = Map.of("header", "true", "multiLine", "true");
    assertThat(new CsvRecords(multi).lineOf(windows, "id", "O-2")).contains(4);
    assertThat(new CsvRecords(multi).lineOf(windows, "note", "ten")).contains(4);
    assertThat(new CsvRecords(multi).firstMalformed("raw", windows)).isEmpty();
  }
}
