package io.meshwork.lineage;

import static io.meshwork.lineage.LineageFixtures.orders;
import static io.meshwork.lineage.LineageFixtures.published;
import static io.meshwork.lineage.LineageFixtures.refused;
import static io.meshwork.lineage.LineageFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshwork.core.spi.RunInfo;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.testing.SchemaValidation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise: the events we emit validate against the official OpenLineage schemas (copies in
 * mesh-core's test resources, checked by {@link SchemaValidation}).
 */
class OpenLineageValidationTest {
  @Test
  void startCompleteAndFailEventsValidateAgainstTheOpenLineageSchemas(@TempDir Path dir) throws Exception {
    Path events = emitStartCompleteFail(dir);

    SchemaValidation.Report result = SchemaValidation.openLineageEvents(events);

    assertThat(result.summary()).as(result.toString()).isEqualTo("4 valid, 0 invalid, 4 events checked");
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

    SchemaValidation.Report result = SchemaValidation.openLineageEvents(brokenFile);

    assertThat(result.summary()).isEqualTo("3 valid, 1 invalid, 4 events checked");
    assertThat(result.toString()).contains("broken.jsonl:4: INVALID").contains("errorMessage", "programmingLanguage");
  }

  @Test
  void theValidatorChecksTheEventItselfAndCustomFacets(@TempDir Path dir) throws Exception {
    String start = Files.readAllLines(emitStartCompleteFail(dir), StandardCharsets.UTF_8).get(0);
    assertThat(SchemaValidation.openLineageErrors(start)).isEmpty();

    assertThat(SchemaValidation.openLineageErrors(start.replaceFirst("\"runId\":\"[^\"]+\"", "\"runId\":\"run-1\"")))
        .as("a runId that is not a UUID").isNotEmpty().allSatisfy(e -> assertThat(e).contains("runId"));
    assertThat(SchemaValidation.openLineageErrors(start.replaceFirst("\"eventTime\":\"[^\"]+\",", "")))
        .as("no eventTime").containsExactly("$: required property 'eventTime' not found");
    ObjectNode custom = (ObjectNode) new ObjectMapper().readTree(start);
    custom.withObject("/run/facets").putObject("mine").put("a", 1);
    assertThat(SchemaValidation.openLineageErrors(custom.toString()))
        .as("a custom facet without _producer and _schemaURL")
        .contains("$.run.facets.mine: required property '_schemaURL' not found", "run facet mine: custom facet lacks _producer/_schemaURL");
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
    return LineageFixtures.eventsJsonl(lineageDir);
  }
}
