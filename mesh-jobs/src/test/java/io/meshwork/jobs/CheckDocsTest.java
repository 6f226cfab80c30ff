package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.model.Check;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The user's documentation of checks (README, the gate's Javadoc) names exactly the checks of {@link Check}. */
class CheckDocsTest {
  /** Tests run in the module directory; the project sits above it. */
  private static final Path ROOT = Path.of("..");

  private static List<String> quoted(String text) {
    Matcher m = Pattern.compile("`([a-z-]+)`").matcher(text);
    List<String> words = new java.util.ArrayList<>();
    while (m.find()) {
      words.add(m.group(1));
    }
    return words;
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    assertThat(from).as("'" + start + "' in the text").isNotNegative();
    return text.substring(from, text.indexOf(end, from));
  }

  @Test
  void theReadmeListsEveryCheckAndTheRowLevelOnes() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));

    List<String> listed = quoted(between(readme, "Constraint checks: ", "; optional"));
    assertThat(Arrays.stream(Check.values()).map(Check::keyword)).allMatch(listed::contains);
    assertThat(listed.stream().filter(w -> Check.of(w).isPresent()).distinct()).hasSize(Check.values().length);

    List<String> rowLevel = quoted(between(readme, "row-level checks (", ")"));
    assertThat(rowLevel)
        .containsExactlyInAnyOrderElementsOf(Arrays.stream(Check.values()).filter(Check::rowLevel).map(Check::keyword).toList());
  }

  @Test
  void theGatesJavadocTableHasARowPerCheck() throws IOException {
    String gate = Files.readString(ROOT.resolve("mesh-quality/src/main/java/io/meshwork/quality/DeequQualityGate.java"));
    String table = between(gate, "<h2>Checks</h2>", "</table>");

    Matcher m = Pattern.compile("<tr><td>([a-z, -]+)</td>").matcher(table);
    List<String> rows = new java.util.ArrayList<>();
    while (m.find()) {
      rows.addAll(Arrays.asList(m.group(1).split(", ")));
    }
    assertThat(rows).containsExactlyInAnyOrderElementsOf(Check.KEYWORDS);
  }
}
