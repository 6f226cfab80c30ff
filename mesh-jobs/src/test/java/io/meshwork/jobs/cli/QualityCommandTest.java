package io.meshwork.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.SemVer;
import io.meshwork.core.model.SourceLocation;
import io.meshwork.core.publish.VerificationContext;
import io.meshwork.quality.DeequQualityGate;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code mesh quality history}: three verifications, listed over time. */
@ExtendWith(SharedSpark.class)
class QualityCommandTest {
  private static final ProductId ORDERS = new ProductId("sales", "orders");

  @TempDir Path project;

  private Cli.Result history(String... args) {
    List<String> all = new ArrayList<>(List.of("history"));
    all.addAll(List.of(args));
    all.addAll(List.of("--conf", project.resolve("conf").toString(), "--warehouse", project.resolve("warehouse").toString()));
    return Cli.run(new QualityCommand(), all.toArray(String[]::new));
  }

  private void verify(SparkSession spark, int day, int rows, int nulls) {
    List<Row> data = new ArrayList<>();
    for (int i = 1; i <= rows; i++) {
      data.add(RowFactory.create(i, i <= nulls ? null : (double) i));
    }
    DataProduct product =
        DataProduct.builder(ORDERS, new SemVer(1, 2, 0))
            .description("Orders")
            .sql("SELECT 1")
            .primaryKey(List.of("id"))
            .constraints(
                List.of(
                    new ConstraintSpec("complete", List.of("amount"), Map.of(), ConstraintSpec.ERROR, null, new SourceLocation("o.conf", 3)),
                    new ConstraintSpec("mean", List.of("amount"), Map.of("min", 0), ConstraintSpec.ERROR, null, new SourceLocation("o.conf", 4))))
            .file(Path.of("o.conf"))
            .sha256("0".repeat(64))
            .build();
    VerificationContext context =
        new VerificationContext(
            ORDERS, product.version(), LocalDate.of(2026, 1, day), new UUID(0, day), (long) day - 1, null,
            io.meshwork.core.storage.Storage.location(project.resolve("warehouse/_mesh/metrics")));
    new DeequQualityGate()
        .verify(product, spark.createDataFrame(data, new StructType().add("id", DataTypes.IntegerType).add("amount", DataTypes.DoubleType)), context);
  }

  @Test
  void listsEveryVerificationOverTimeAsJsonAndText(SparkSession spark) throws Exception {
    verify(spark, 1, 4, 0);
    verify(spark, 2, 5, 0);
    verify(spark, 3, 2, 1);

    Cli.Result json = history("sales.orders", "--json", "--metric", "row-count");
    Cli.Result text = history("sales.orders", "--metric", "completeness(amount)");
    Cli.Result all = history("sales.orders");

    assertThat(json.code()).isZero();
    JsonNode runs = new ObjectMapper().readTree(json.out());
    assertThat(runs).hasSize(3);
    assertThat(runs.findValuesAsText("runDate")).containsExactly("2026-01-01", "2026-01-02", "2026-01-03");
    assertThat(runs.findValuesAsText("status")).containsExactly("passed", "passed", "failed");
    assertThat(runs.findValuesAsText("outcome")).containsExactly("published", "published", "refused");
    assertThat(runs.findValuesAsText("dataVersion")).containsExactly("0", "1", "2");
    assertThat(runs.findValuesAsText("contractVersion")).containsExactly("1.2.0", "1.2.0", "1.2.0");
    assertThat(runs.findValuesAsText("runId")).containsExactly(new UUID(0, 1).toString(), new UUID(0, 2).toString(), new UUID(0, 3).toString());
    assertThat(runs.get(0).get("metrics").toString()).isEqualTo("{\"row-count\":4.0}");
    assertThat(runs.get(2).get("metrics").toString()).isEqualTo("{\"row-count\":2.0}");

    List<String> lines = text.out().lines().toList();
    assertThat(lines.get(0)).matches("recorded at\\s+run date\\s+version\\s+status\\s+outcome\\s+metric\\s+value");
    assertThat(lines.subList(2, 5))
        .allSatisfy(l -> assertThat(l).matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z\\s+2026-01-0\\d\\s+\\d\\s+(passed|failed)\\s+(published|refused)\\s+completeness\\(amount\\)\\s+\\S+"));
    assertThat(lines.subList(2, 5)).extracting(l -> l.replaceFirst("^\\S+\\s+", "").replaceAll("\\s+", " "))
        .containsExactly(
            "2026-01-01 0 passed published completeness(amount) 1",
            "2026-01-02 1 passed published completeness(amount) 1",
            "2026-01-03 2 failed refused completeness(amount) 0.5");
    assertThat(all.out().lines().filter(l -> l.contains("2026-01-02")).map(l -> l.replaceFirst("^\\S+\\s+", "").replaceAll("\\s+", " ")))
        .containsExactly("2026-01-02 1 passed published completeness(amount) 1", "2026-01-02 1 passed published mean(amount) 3", "2026-01-02 1 passed published row-count 5");
  }

  @Test
  void unknownMetricAndEmptyHistory(SparkSession spark) {
    Cli.Result empty = history("sales.orders");
    verify(spark, 1, 3, 0);
    Cli.Result unknown = history("sales.orders", "--metric", "sum(amount)");
    Cli.Result emptyJson = history("crm.customers", "--json");

    assertThat(empty.out().strip())
        .isEqualTo("sales.orders has no quality metrics yet (under " + project.resolve("warehouse/_mesh/metrics").toAbsolutePath().normalize() + ")");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err().strip())
        .isEqualTo("No metric 'sum(amount)' in the quality history of sales.orders (metrics: completeness(amount), mean(amount), row-count)");
    assertThat(emptyJson.out().strip()).isEqualTo("[ ]");
  }
}
