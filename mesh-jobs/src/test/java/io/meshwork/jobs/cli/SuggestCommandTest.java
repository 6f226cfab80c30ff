package io.meshwork.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.Mesh;
import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.contract.Contracts;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.spi.RunListener;
import io.meshwork.jobs.ProductRunner;
import io.meshwork.jobs.RunReport;
import io.meshwork.quality.DeequQualityGate;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code mesh suggest}: on every sample file, a draft that loads and publishes without edits. */
@ExtendWith(SharedSpark.class)
class SuggestCommandTest {
  private static final Path SAMPLES = Path.of("..", "sample-data").toAbsolutePath().normalize();

  @TempDir Path project;

  /** Every data file under sample-data/, so that a new sample is covered without editing this test. */
  static Stream<Arguments> samples() throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(SAMPLES)) {
      files = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(7);
    return files.stream().map(f -> {
      String file = SAMPLES.relativize(f).toString();
      String stem = f.getFileName().toString().replaceFirst("\\.[^.]+$", "");
      return Arguments.of(file, stem);
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void draftOfEachSampleLoadsAndPublishes(String file, String name, SparkSession spark) throws Exception {
    Path out = project.resolve("conf/products/onboard/" + name + ".conf");
    String input = SAMPLES.resolve(file).toString();

    Cli.Result r = Cli.run(new SuggestCommand(), "--input", input, "--product", "onboard." + name, "--out", out.toString(), "--conf", project.resolve("conf").toString());

    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    DataProduct draft = Contracts.load(out);
    assertThat(r.out()).isEqualTo(
        "Wrote " + out + ": a draft contract for onboard." + name + " with " + draft.columns().size() + " columns and "
            + draft.constraints().size() + " constraints" + System.lineSeparator());
    assertThat(draft.constraints()).hasSizeGreaterThan(1);

    Mesh mesh = Mesh.open(spark, project.resolve("warehouse"));
    RunReport report =
        new ProductRunner(spark, new ContractRepository(project.resolve("conf")), mesh, new DeequQualityGate(), RunListener.NONE)
            .run(new ProductId("onboard", name), LocalDate.of(2026, 1, 31));
    assertThat(report.published()).isTrue();
    assertThat(report.report().passed()).isTrue();
    assertThat(report.rows()).isEqualTo(spark.read().format("delta").load(mesh.warehouse().table(new ProductId("onboard", name)).toString()).count());
  }

  @Test
  void refusesToOverwriteAndNeedsAKnownFormat() throws Exception {
    Path out = project.resolve("draft.conf");
    Files.writeString(out, "keep me");

    Cli.Result exists = Cli.run(new SuggestCommand(), "--input", SAMPLES.resolve("sales/orders.csv").toString(), "--product", "sales.orders", "--out", out.toString());
    Cli.Result format = Cli.run(new SuggestCommand(), "--input", "orders.txt", "--product", "sales.orders", "--out", out.toString());
    Cli.Result badFormat = Cli.run(new SuggestCommand(), "--input", "orders.txt", "--format", "xml", "--product", "sales.orders", "--out", out.toString());

    assertThat(exists.code()).isEqualTo(2);
    assertThat(exists.err().strip()).isEqualTo("suggest: " + out + " already exists (use --force to overwrite it)");
    assertThat(format.err().strip()).isEqualTo("suggest: cannot tell the format of orders.txt: give --format csv|json|parquet|delta");
    assertThat(badFormat.err().strip()).isEqualTo("suggest: --format 'xml' must be one of csv, json, parquet, delta");
    assertThat(Files.readString(out)).isEqualTo("keep me");
  }
}
