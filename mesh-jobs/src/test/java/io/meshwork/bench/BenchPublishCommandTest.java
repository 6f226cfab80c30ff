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

/** {@code mesh bench publish}: the three modes write the same rows; the ratios come from the seconds. */
@ExtendWith(SharedSpark.class)
class BenchPublishCommandTest {
  @TempDir Path project;

  @Test
  void everyModeWritesTheGeneratedRowsAndTheRatiosAreTheirSecondsOverPlain() throws Exception {
    Cli.Result r = Cli.run(new BenchCommand(), "publish", "--scale", "0.001", "--repeat", "1", "--json", "--conf", project.resolve("conf").toString());

    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    // TPC-H lineitem at SF 0.001: 1,500 orders of 1 to 7 lines each.
    long rows = json.get("rows").asLong();
    assertThat(rows).isBetween(1500L, 1500L * 7);
    assertThat(json.get("plainRows").asLong()).isEqualTo(rows);
    assertThat(json.get("naiveRows").asLong()).isEqualTo(rows);
    assertThat(json.get("meshRows").asLong()).isEqualTo(rows);
    assertThat(json.get("constraints").asInt()).isEqualTo(10);
    double plain = json.get("plainSeconds").asDouble();
    assertThat(plain).isPositive();
    assertThat(json.get("naiveSeconds").asDouble()).isPositive();
    assertThat(json.get("meshSeconds").asDouble()).isPositive();
    assertThat(json.get("meshOverPlain").asDouble()).isCloseTo(json.get("meshSeconds").asDouble() / plain, within(0.001));
    assertThat(json.get("naiveOverPlain").asDouble()).isCloseTo(json.get("naiveSeconds").asDouble() / plain, within(0.001));
    JsonNode byOrder = json.get("meshOverPlainByOrder");
    assertThat(byOrder.fieldNames()).toIterable().containsExactly("generated", "shuffled", "hashPartitioned");
    assertThat(byOrder.get("generated").asDouble()).isEqualTo(json.get("meshOverPlain").asDouble());
    assertThat(byOrder.get("shuffled").asDouble()).isPositive();
    assertThat(byOrder.get("hashPartitioned").asDouble()).isPositive();
  }
}
