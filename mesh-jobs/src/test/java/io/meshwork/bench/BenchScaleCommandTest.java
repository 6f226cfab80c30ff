package io.meshwork.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.jobs.cli.Cli;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code mesh bench scale}: the three ratios and the figures they come from. */
@ExtendWith(SharedSpark.class)
class BenchScaleCommandTest {
  @TempDir Path project;

  @Test
  void reportsTheThreeRatiosFromTheirFigures() throws Exception {
    Cli.Result r =
        Cli.run(
            new BenchCommand(), "scale", "--small-scale", "0.001", "--large-scale", "0.002", "--few", "10", "--products", "30",
            "--repeat", "1", "--json", "--conf", project.resolve("conf").toString());

    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("largeRows").asLong()).isGreaterThan(json.get("smallRows").asLong());
    assertThat(json.get("scaleRatio").asDouble())
        .isCloseTo(json.get("largePublishSeconds").asDouble() / json.get("smallPublishSeconds").asDouble(), within(0.001));
    // Both reads scan the published table in full.
    assertThat(json.get("readRows").asLong()).isEqualTo(json.get("largeRows").asLong());
    assertThat(json.get("plainReadRows").asLong()).isEqualTo(json.get("largeRows").asLong());
    assertThat(json.get("readOverhead").asDouble())
        .isCloseTo(json.get("meshReadSeconds").asDouble() / json.get("plainReadSeconds").asDouble(), within(0.001));
    assertThat(json.get("sqlReadRows").asLong()).isEqualTo(json.get("largeRows").asLong());
    assertThat(json.get("sqlReadOverhead").asDouble())
        .isCloseTo(json.get("sqlReadSeconds").asDouble() / json.get("plainDeltaSeconds").asDouble(), within(0.001));
    assertThat(json.get("catalogProducts").toString()).isEqualTo("[10,30]");
    // The query matches one product, present in both catalogs.
    assertThat(json.get("catalogHits").toString()).isEqualTo("[1,1]");
    JsonNode micros = json.get("catalogSearchMicros");
    assertThat(json.get("catalogSearchRatio").asDouble()).isCloseTo(micros.get(1).asDouble() / micros.get(0).asDouble(), within(0.01));
  }
}
