package io.meshwork.quality.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/**
 * {@link ByteRegex} against {@code java.util.regex} on generated regexes of its subset (literals,
 * {@code .}, classes, groups with alternatives, greedy and lazy quantifiers, anchors) and generated
 * values (ASCII, a line terminator at the end, non-ASCII): every verdict is {@code find()}'s.
 */
class ByteRegexRandomTest {
  private static final String[] ATOMS = {"a", "b", "c", "0", "1", "-", "@", "\\.", ".", "[a-c]", "[^a]", "[0-9]", "[a-z0-9._-]", "\\d", "\\w", "\\s", "\\D", "\\W"};
  private static final String[] QUANTIFIERS = {"", "", "", "*", "+", "?", "{2}", "{1,}", "{0,2}", "{1,3}", "*?", "+?", "??"};
  private static final char[] VALUE_CHARS = {'a', 'b', 'c', '0', '1', '9', '-', '@', '.', ' ', '_', 'Z'};

  @Test
  void everyVerdictIsJavasOnGeneratedRegexesAndValues() {
    Random random = new Random(20261206);
    int compiled = 0;
    int regexes = 2_000;
    List<String> mismatches = new ArrayList<>();
    for (int r = 0; r < regexes; r++) {
      String regex = regex(random);
      Optional<ByteRegex> automaton = ByteRegex.compile(regex);
      if (automaton.isEmpty()) {
        continue;
      }
      compiled++;
      Pattern java = Pattern.compile(regex);
      for (int v = 0; v < 40; v++) {
        String value = value(random);
        boolean expected = java.matcher(value).find();
        if (automaton.get().find(UTF8String.fromString(value)) != expected) {
          mismatches.add("/" + regex + "/ on \"" + value.replace("\n", "\\n") + "\": expected " + expected);
        }
      }
    }
    assertThat(mismatches).as("verdicts that differ from java.util.regex").isEmpty();
    assertThat(compiled).as("generated regexes inside the automaton's subset").isGreaterThan(regexes * 9 / 10);
  }

  private static String regex(Random random) {
    StringBuilder s = new StringBuilder();
    if (random.nextInt(3) == 0) {
      s.append('^');
    }
    s.append(sequence(random, 0));
    if (random.nextInt(3) == 0) {
      s.append('$');
    }
    return s.toString();
  }

  private static String sequence(Random random, int depth) {
    StringBuilder s = new StringBuilder();
    int items = 1 + random.nextInt(4);
    for (int i = 0; i < items; i++) {
      String atom;
      if (depth < 2 && random.nextInt(6) == 0) {
        atom = "(" + sequence(random, depth + 1) + (random.nextBoolean() ? "|" + sequence(random, depth + 1) : "") + ")";
      } else {
        atom = ATOMS[random.nextInt(ATOMS.length)];
      }
      s.append(atom).append(QUANTIFIERS[random.nextInt(QUANTIFIERS.length)]);
    }
    return s.toString();
  }

  private static String value(Random random) {
    StringBuilder s = new StringBuilder();
    int n = random.nextInt(10);
    for (int i = 0; i < n; i++) {
      s.append(VALUE_CHARS[random.nextInt(VALUE_CHARS.length)]);
    }
    switch (random.nextInt(12)) {
      case 0 -> s.append('\n'); // Java's $ may match before a final line terminator
      case 1 -> s.append("\r\n");
      case 2 -> s.insert(s.length() / 2, 'é'); // not ASCII: handed to java.util.regex
      default -> { }
    }
    return s.toString();
  }
}
