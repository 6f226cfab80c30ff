package io.meshwork.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.meshwork.core.Mesh;
import io.meshwork.core.catalog.ProductVersion;
import io.meshwork.core.model.ProductId;
import io.meshwork.jobs.TestProject;
import io.meshwork.testing.SharedSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;

/**
 * Malformed and hostile contracts, configurations and sources (src/test/resources/corpus, see its
 * README): each is refused with the expected exit code and exactly the expected lines on stderr
 * (one per problem, with file:line where there is a file), never a stack trace, and nothing is
 * written (a contract case) or the published version stays exactly as it was (a source case).
 */
@ExtendWith(SharedSpark.class)
class BadInputCorpusTest {
  private static final Path CORPUS = corpus();
  private static final ProductId ORDERS = ProductId.parse("sales.orders");
  private static final Pattern PROGRESS =
      Pattern.compile("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*: (building|writing and verifying|published data version \\d+ \\(\\d+ rows\\))");

  private final SparkSession spark;

  BadInputCorpusTest(SparkSession spark) {
    this.spark = spark;
  }

  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(CORPUS)) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("_")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedClearlyAndWritesNothing(String name, @TempDir Path project) throws IOException {
    Path dir = CORPUS.resolve(name);
    Config spec = ConfigFactory.parseFile(dir.resolve("case.conf").toFile());
    String kind = spec.getString("kind");
    int exit = spec.getInt("exit");
    copy(CORPUS.resolve("_base"), project);
    Path warehouse = project.resolve("warehouse");

    List<String> before = null;
    if (kind.equals("source")) {
      TestProject.Result first = run(project, List.of("run", "sales.orders", "--date", "2026-11-22"));
      assertThat(first.code()).as("publishing the valid base: %s", first.err()).isZero();
      before = rows(warehouse);
    }
    if (Files.isDirectory(dir.resolve("files"))) {
      copy(dir.resolve("files"), project);
    }
    TestProject.Result r = run(project, spec.getStringList("args"));
    // The problems, without the run's progress lines (which share stderr).
    List<String> actual =
        r.err().lines().filter(l -> !PROGRESS.matcher(l).matches()).map(l -> l.replace(project.toString(), "{project}")).toList();

    List<Long> versions = publishedVersions(warehouse);
    // No product data published by the bad run (a source case keeps the version it had).
    if (kind.equals("contract")) {
      assertThat(versions).as("published versions").isEmpty();
    } else if (exit != 0) {
      assertThat(versions).as("published versions").containsExactly(0L);
      assertThat(rows(warehouse)).as("the published rows").isEqualTo(before);
    }
    assertThat(r.code()).as("exit code; stderr:%n%s", r.err()).isEqualTo(exit);
    Path expectedFile = dir.resolve("expected.txt");
    if (!Files.exists(expectedFile)) {
      throw new AssertionFailedError(name + ": no expected.txt; stderr was:\n" + String.join("\n", actual));
    }
    assertThat(actual).isEqualTo(Files.readAllLines(expectedFile));
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("(set MESH_DEBUG=1");
    if (exit == 2 && Files.isDirectory(dir.resolve("files"))) {
      assertThat(actual).as("one line per problem, each naming file:line").allMatch(l -> l.matches("\\{project}/\\S+:\\d+: .+"));
    }
    if (kind.equals("contract")) {
      assertThat(Files.exists(warehouse) ? listAll(warehouse) : List.of()).as("written under the warehouse").isEmpty();
    }
  }

  /**
   * As a user sees it: a process of its own with bin/mesh's log configuration, where Spark's
   * executors and writers would log the failed task's stack traces (hundreds of lines) before
   * Meshwork's error. Without MESH_DEBUG, stderr holds the progress lines and the one error.
   */
  @Test
  void aMalformedSourceRecordPrintsOneLineAndNothingOfSparksLogging(@TempDir Path project) throws IOException {
    copy(CORPUS.resolve("_base"), project);
    copy(CORPUS.resolve("45-source-corrupt-csv/files"), project);
    TestProject.Result r =
        TestProject.executeInChildJvm(
            project, List.of(), "run", "sales.orders", "--date", "2026-11-23", "--conf", "conf", "--warehouse", "warehouse");
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines().toList())
        .containsExactly(
            io.meshwork.core.read.Roles.DEVELOPMENT_WARNING, // no conf/roles.conf in the corpus project
            "sales.orders: building",
            "sales.orders: writing and verifying",
            project.toRealPath().resolve("data/orders.csv") + ":3: sales.orders: source raw_orders: malformed CSV record (unclosed quote)");
    // A first publish that failed while writing leaves no run marker and no file of the product behind.
    try (java.util.stream.Stream<Path> state = Files.walk(project.resolve("warehouse/_mesh"))) {
      assertThat(state.filter(Files::isRegularFile).map(Path::toString)).noneMatch(f -> f.contains("/_mesh/products/sales/orders/v1/runs/"));
    }
    Path product = project.resolve("warehouse/sales/orders");
    assertThat(Files.exists(product) ? listAll(product) : List.of()).as("files left in the product directory").isEmpty();
  }

  /** The certified versions of the product; empty when no table (or no commit) exists. */
  private List<Long> publishedVersions(Path warehouse) {
    if (!Files.isDirectory(warehouse.resolve("sales/orders/v1/_delta_log"))) {
      return List.of();
    }
    return Mesh.open(spark, warehouse).read(ORDERS).versions().stream().map(ProductVersion::version).toList();
  }

  private List<String> rows(Path warehouse) {
    List<String> rows = new ArrayList<>(Mesh.open(spark, warehouse).read(ORDERS).latest().collectAsList().stream().map(Row::toString).toList());
    rows.sort(null);
    return rows;
  }

  private static TestProject.Result run(Path project, List<String> args) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of("--conf", project.resolve("conf").toString(), "--warehouse", project.resolve("warehouse").toString()));
    return TestProject.execute(all.toArray(String[]::new));
  }

  private static List<Path> listAll(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).toList();
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      s.forEach(p -> {
        try {
          Path target = to.resolve(from.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(target);
          } else {
            Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  private static Path corpus() {
    try {
      return Path.of(BadInputCorpusTest.class.getResource("/corpus").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
