package io.meshwork.lineage;

import static io.meshwork.lineage.LineageFixtures.orders;
import static io.meshwork.lineage.LineageFixtures.published;
import static io.meshwork.lineage.LineageFixtures.refused;
import static io.meshwork.lineage.LineageFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.meshwork.core.Warehouse;
import io.meshwork.core.spi.RunInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise: the events we emit validate against the official OpenLineage schemas, checked by
 * the shared validator ({@code ../shared/tools/validate-openlineage} from the repository root).
 */
class OpenLineageValidationTest {
  /** The repository is cloned beside {@code shared}; tests run in the module directory. */
  private static final Path VALIDATOR =
      Path.of(System.getProperty("meshwork.openlineage.validator", "../../shared/tools/validate-openlineage")).toAbsolutePath().normalize();

  @BeforeAll
  static void validatorIsThere() {
    if (!Files.isRegularFile(VALIDATOR)) {
      fail("The OpenLineage validator is missing: expected " + VALIDATOR
          + " (the repository must be cloned beside 'shared', or set -Dmeshwork.openlineage.validator=<path>)");
    }
    try {
      Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        fail("python3 --version exited with " + p.exitValue() + "; the OpenLineage validator needs python3 with jsonschema");
      }
    } catch (IOException e) {
      fail("python3 is not on the PATH; the OpenLineage validator " + VALIDATOR + " needs it: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted while checking for python3");
    }
  }

  @Test
  void startCompleteAndFailEventsValidateAgainstTheOpenLineageSchemas(@TempDir Path dir) throws Exception {
    Path events = emitStartCompleteFail(dir);

    Result result = validate(events);

    assertThat(result.output()).endsWith("4 valid, 0 invalid, 4 events checked");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void theValidatorRejectsAFailEventWhoseErrorFacetLacksItsLanguage(@TempDir Path dir) throws Exception {
    Path events = emitStartCompleteFail(dir);
    List<String> lines = Files.readAllLines(events, StandardCharsets.UTF_8);
    List<String> broken = new ArrayList<>();
    for (String line : lines) {
      broken.add(line.replace(",\"programmingLanguage\":\"JAVA\"", ""));
    }
    assertThat(broken).isNotEqualTo(lines);
    Path brokenFile = dir.resolve("broken.jsonl");
    Files.write(brokenFile, broken, StandardCharsets.UTF_8);

    Result result = validate(brokenFile);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).contains("broken.jsonl:4: INVALID").endsWith("3 valid, 1 invalid, 4 events checked");
  }

  /** START, COMPLETE (in a run --all, SLA set), START and FAIL (no SLA) of sales.orders. */
  private static Path emitStartCompleteFail(Path dir) {
    Warehouse warehouse = Warehouse.at(dir.resolve("warehouse"));
    Path lineageDir = dir.resolve("lineage");
    try (OpenLineageListener listener =
        OpenLineageListener.fromConfig(
            LineageFixtures.config("lineage { transport = file, file.dir = \"" + lineageDir + "\" }"), warehouse)) {
      RunInfo published = run(warehouse, orders(Duration.ofHours(24)), LineageFixtures.PARENT_RUN_ID);
      listener.started(published);
      listener.finished(published, published(warehouse));
      RunInfo refused = run(warehouse, orders(null), null);
      listener.started(refused);
      listener.finished(refused, refused(warehouse));
    }
    return lineageDir.resolve("events.jsonl");
  }

  private record Result(int exitCode, String output) {}

  private static Result validate(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("python3", VALIDATOR.toString(), file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return new Result(p.waitFor(), out);
  }
}
