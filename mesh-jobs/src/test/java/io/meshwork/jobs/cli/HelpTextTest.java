package io.meshwork.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code mesh --help} and each command's help print: summaries that are whole sentences. */
class HelpTextTest {
  @Test
  void everyCommandSummaryIsAWholeSentence() {
    List<String> summaries = new ArrayList<>();
    collect(MeshCli.commandLine(), summaries);
    assertThat(summaries).hasSizeGreaterThan(30);
    // The summary a parent's command list shows is the first description line: it ends a sentence.
    assertThat(summaries).allSatisfy(s -> assertThat(s).matches("mesh( [a-z-]+)*: [A-Z].*\\.\\)?"));
  }

  @Test
  void theCommandListShowsSummariesThatEndWhereASentenceEnds() {
    java.io.StringWriter out = new java.io.StringWriter();
    int code = MeshCli.execute(new java.io.PrintWriter(out), new java.io.PrintWriter(new java.io.StringWriter()), "--help");
    assertThat(code).isZero();
    assertThat(out.toString())
        .containsPattern("suggest\\s+Profile a data file \\(Deequ constraint")
        .containsPattern("evidence\\.\\n\\s+bench")
        .containsPattern("graph\\.\\n\\s+demo")
        .doesNotContain("\u001b[");
  }

  private static void collect(CommandLine cli, List<String> summaries) {
    for (CommandLine sub : cli.getSubcommands().values()) {
      if (sub.getCommandName().equals("help")) {
        continue;
      }
      String[] description = sub.getCommandSpec().usageMessage().description();
      summaries.add(sub.getCommandSpec().qualifiedName() + ": " + (description.length == 0 ? "" : description[0]));
      collect(sub, summaries);
    }
  }
}
