package io.meshwork.quality.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.testing.SharedSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The byte automaton gives java.util.regex's find() verdict, value by value. */
@ExtendWith(SharedSpark.class)
class ByteRegexTest {
  private static final List<String> VALUES =
      List.of(
          "", "a", "abc", "C00012345", "C0001234", "C000123456", "c00012345", "xC00012345", "u1@example.com", "u1@example.com\n",
          "u1@example.comx", "@example.com", "u1@exampleXcom", "NEW", "PAID", "Shipped", "NEW\n", "NEW\r\n", "a\nb", "a\rb", "12-34",
          "2026-01-31", "2026-1-31", "tab\there", "  ", "ab_9", "é", "Café", "NEWé", "aaaa", "abab", "-", "a.b", "a-b", "[x]", "x{2}", "-1.5", "+12", "3.", "a\\", "aaa", "xxy", "y",
          "ßC00012345", "C00012345é", "\u2028", "NEW\u2028");

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "^C[0-9]{8}$", "@example\\.com$", "^[A-Z]+$", "abc", "^$", "", "a*", "^a*$", "(ab)+", "^(ab)+$", "a|b", "(a|b)c", "^(NEW|PAID)$",
        "\\d{4}-\\d{2}-\\d{2}", "^\\d{4}-\\d{1,2}-\\d{2}$", "\\w+", "^\\W", "\\s", "\\S+$", "^[^@]+@[^@]+$", "a.b", "^.+$", "^.*$", "x{2,}",
        "x\\{2\\}", "[a-c-]", "[-a]", "[\\d.]+", "a?b", "a+?", "(?:ab){2}", "^a{0,3}$", "[\\[]", "\\.", "b$", "^\\s*$", "a{2}b{1,2}",
        "(a|ab)(c|bcd)(d*)", "[\\.-9]+", "[+\\-]?\\d+(\\.\\d+)?", "\\\\$", "a{0}b", "^(a?){3}$", "(x*)*y"
      })
  void findsWhatJavaFinds(String regex) {
    Pattern java = Pattern.compile(regex);
    ByteRegex bytes = ByteRegex.compile(regex).orElseThrow();
    for (String v : VALUES) {
      assertThat(bytes.find(UTF8String.fromString(v))).as("%s in %s", regex, v.replace("\n", "\\n")).isEqualTo(java.matcher(v).find());
    }
  }

  @Test
  void theCommonShapesCompile() {
    for (String regex : List.of("^C[0-9]{8}$", "@example\\.com$", "^[A-Z]+$", "^[^@]+@[^@]+\\.[a-z]{2,}$", "^\\d{4}-\\d{2}-\\d{2}$", "^(NEW|PAID|SHIPPED)$")) {
      assertThat(ByteRegex.compile(regex)).as(regex).isPresent();
    }
  }

  @Test
  void syntaxOutsideTheSubsetIsLeftToRlike() {
    for (String regex : List.of("(?i)abc", "a(?=b)", "(a)\\1", "\\bword", "\\p{Alpha}", "a*+", "^a|b$", "[a&&b]", "é+", "\\x41", "a$b", "[")) {
      assertThat(ByteRegex.compile(regex)).as(regex).isEmpty();
    }
  }

  @Test
  void inAQueryItAgreesWithRlikeCompiledAndInterpreted(SparkSession spark) {
    List<String> values = new ArrayList<>(VALUES);
    values.add(null);
    Dataset<Row> data = spark.createDataset(values, Encoders.STRING()).toDF("v");
    for (String regex : List.of("^C[0-9]{8}$", "@example\\.com$", "^[A-Z]+$", "(a|b)c")) {
      Column fast = FindRegex.rlike(functions.col("v"), regex);
      assertThat(fast.expr()).isInstanceOf(FindRegex.class);
      List<Row> expected = data.select(functions.col("v").rlike(regex)).collectAsList();
      assertThat(data.select(fast).collectAsList()).as(regex).isEqualTo(expected);
      String previous = spark.conf().get("spark.sql.codegen.factoryMode", "FALLBACK");
      spark.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
      try {
        assertThat(data.select(fast).collectAsList()).as(regex + " interpreted").isEqualTo(expected);
      } finally {
        spark.conf().set("spark.sql.codegen.factoryMode", previous);
      }
    }
    assertThat(Arrays.asList(data.select(functions.count(functions.when(FindRegex.rlike(functions.col("v"), "^[A-Z]+$"), 1))).first().getLong(0)))
        .containsExactly(data.filter(functions.col("v").rlike("^[A-Z]+$")).count());
  }
}
