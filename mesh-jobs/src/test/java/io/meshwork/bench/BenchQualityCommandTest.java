package io.meshwork.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.jobs.cli.Cli;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code mesh bench quality}: one pass over the data whatever the number of scan-shareable constraints. */
@ExtendWith(SharedSpark.class)
class BenchQualityCommandTest {
  @TempDir Path project;

  @Test
  void rowsReadStayTheTableSizeForOneToTwentyConstraints() throws Exception {
    Cli.Result r = Cli.run(new BenchCommand(), "quality", "--json", "--rows", "2000", "--repeat", "1", "--conf", project.resolve("conf").toString());

    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("constraints").toString()).isEqualTo("[1,5,10,20]");
    // One scan of the 2,000 rows per gate, plus the handful of Delta log actions read to plan it.
    long first = json.get("rowsRead").get(0).asLong();
    assertThat(first).isBetween(2000L, 2010L);
    assertThat(json.get("rowsRead").toString()).isEqualTo("[" + first + "," + first + "," + first + "," + first + "]");
    assertThat(json.get("seconds")).hasSize(4).allSatisfy(s -> assertThat(s.asDouble()).isPositive());
    assertThat(json.get("rows").asLong()).isEqualTo(2000);
    // The sample mesh's pattern checks timed both ways; the speedup is the ratio of the two.
    double automata = json.get("patternsByteRegexSeconds").asDouble();
    double rlike = json.get("patternsRlikeSeconds").asDouble();
    assertThat(automata).isPositive();
    assertThat(rlike).isPositive();
    assertThat(json.get("byteRegexSpeedup").asDouble()).isCloseTo(rlike / automata, org.assertj.core.data.Offset.offset(0.01 + rlike / automata / 100));
    assertThat(System.getProperty(io.meshwork.quality.internal.FindRegex.PROPERTY)).as("the bench leaves the setting as it found it").isNull();
  }
}
