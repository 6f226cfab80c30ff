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

@ExtendWith(SharedSpark.class)
class BenchAppendCommandTest {
  @TempDir Path project;

  @Test
  void reportsEachHistoryAndTheRatiosOfItsSeconds() throws Exception {
    Cli.Result r = Cli.run(
        new BenchCommand(), "append", "--days", "1", "--history-appends", "3", "--repeat", "1", "--json", "--conf", project.resolve("conf").toString());

    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("days").toString()).isEqualTo("[1]");
    assertThat(json.get("historyCommits").get(0).asLong()).isEqualTo(3);
    assertThat(json.get("historyFiles").get(0).asLong()).isPositive();
    double append = json.get("appendSeconds").get(0).asDouble();
    double plain = json.get("plainAppendSeconds").get(0).asDouble();
    assertThat(append).isPositive();
    assertThat(plain).isPositive();
    assertThat(json.get("appendRatio").asDouble()).isEqualTo(1.0);
    assertThat(json.get("appendOverPlain").asDouble()).isCloseTo(append / plain, within(0.001));
  }

  @Test
  void refusesADayCountBelowOne() {
    Cli.Result r = Cli.run(new BenchCommand(), "append", "--days", "0", "--conf", project.resolve("conf").toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--days: give positive numbers of days");
  }
}
