package io.meshwork.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.meshwork.core.Mesh;
import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.model.ProductId;
import io.meshwork.examples.ml.ChurnModel;
import io.meshwork.jobs.ProductRunner;
import io.meshwork.jobs.ml.FeatureSetUse;
import io.meshwork.jobs.ml.MeshMl;
import io.meshwork.jobs.ml.ModelVersion;
import io.meshwork.jobs.ml.ProductUse;
import io.meshwork.lineage.LineageGraph;
import io.meshwork.lineage.LineageNode;
import io.meshwork.lineage.NodeKind;
import io.meshwork.lineage.OpenLineageListener;
import io.meshwork.quality.DeequQualityGate;
import io.meshwork.testing.SchemaValidation;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's ML path on the repository's own sample project (conf/ and sample-data/): publish
 * crm.customers, sales.orders and the feature set features.customer_activity, train the churn
 * model, follow its lineage back to both domains, reproduce it from the command line. The column
 * lineage of the feature set (a Java job) and the events validate.
 */
@ExtendWith(SharedSpark.class)
class ChurnModelTest {

  /** Tests run in the module directory; the sample project is the repository root. */
  private static final Path CONF = Path.of("../conf").toAbsolutePath().normalize();

  @Test
  void trainsTheChurnModelOnAPointInTimeTrainingSetAndItsLineageReachesBothDomains(SparkSession spark, @TempDir Path warehouse) throws Exception {
    ContractRepository contracts = new ContractRepository(CONF);
    Mesh mesh = Mesh.open(spark, warehouse);
    Config config = ConfigFactory.empty();
    try (OpenLineageListener lineage = OpenLineageListener.fromConfig(config, mesh.warehouse())) {
      ProductRunner runner = new ProductRunner(spark, contracts, mesh, new DeequQualityGate(), lineage);
      for (String p : List.of("crm.customers", "sales.orders", "features.customer_activity")) {
        runner.run(ProductId.parse(p), LocalDate.of(2026, 1, 20));
      }
    }

    // The feature set is a Java job: its column lineage is read from the Datasets its context handed out.
    JsonNode activity =
        io.meshwork.jobs.TestProject.lineageEvents(Path.of(mesh.warehouse().meshDir().toUri()).resolve("lineage")).stream()
            .map(ChurnModelTest::json)
            .filter(e -> e.get("eventType").asText().equals("COMPLETE") && e.at("/job/name").asText().equals("features.customer_activity"))
            .findFirst()
            .orElseThrow()
            .at("/outputs/0/facets/columnLineage");
    assertThat(activity.at("/fields/total_amount/inputFields").toString())
        .isEqualTo("[{\"namespace\":\"file\",\"name\":\"" + mesh.warehouse().table(ProductId.parse("sales.orders")).toUri().getPath() + "\",\"field\":\"amount\","
            + "\"transformations\":[{\"type\":\"DIRECT\",\"subtype\":\"AGGREGATION\"}]}]");
    assertThat(activity.at("/fields/segment/inputFields/0/name").asText()).isEqualTo(mesh.warehouse().table(ProductId.parse("crm.customers")).toUri().getPath());
    assertThat(activity.at("/dataset/1/field").asText()).isEqualTo("order_date");
    assertThat(activity.at("/dataset/1/transformations").toString()).contains("\"WINDOW\"");
    java.nio.file.Path lineageDir = Path.of(mesh.warehouse().meshDir().toUri()).resolve("lineage");
    SchemaValidation.Report validated =
        SchemaValidation.openLineageEvents(io.meshwork.jobs.TestProject.lineageJsonl(lineageDir, lineageDir.resolve("all-events.jsonl.txt")));
    assertThat(validated.invalid()).as(validated.toString()).isEmpty();
    assertThat(validated.checked()).isPositive();

    ModelVersion v = ChurnModel.train(mesh, contracts, config);

    assertThat(v.lineageName()).isEqualTo("model:churn");
    assertThat(v.version()).isEqualTo(1);
    assertThat(v.manifest().rows()).isEqualTo(30);
    assertThat(v.manifest().featureSets())
        .containsExactly(
            new FeatureSetUse(
                "features.customer_activity", 0, "customer_id", "event_time",
                List.of("order_count", "total_amount", "last_order_date", "days_as_customer", "segment")));
    assertThat(v.manifest().products())
        .containsExactlyInAnyOrder(
            new ProductUse("crm.customers", 0, "features.customer_activity@0"), new ProductUse("sales.orders", 0, "features.customer_activity@0"));
    assertThat(v.manifest().metrics()).containsOnlyKeys("train_accuracy", "train_auc");
    assertThat(v.manifest().metrics().get("train_auc")).isBetween(0.5, 1.0);
    assertThat(v.manifest().modelClass()).isEqualTo("org.apache.spark.ml.PipelineModel");
    assertThat(Path.of(v.modelPath().toUri()).resolve("stages")).isDirectory();

    // C00000101 ordered on Jan 5 and Jan 12: at Jan 9 only the first order is known; at Jan 13 both are.
    List<Row> anna =
        MeshMl.of(mesh, contracts, config)
            .trainingSet(spark.read().parquet(new org.apache.hadoop.fs.Path(v.directory(), "labels").toString()), "features.customer_activity@0")
            .rows().where("customer_id = 'C00000101'").orderBy("label_time").select("label_time", "order_count", "total_amount", "last_order_date")
            .collectAsList();
    assertThat(anna).extracting(Row::toString)
        .containsExactly("[2026-01-09 00:00:00.0,1,129.90,2026-01-05]", "[2026-01-13 00:00:00.0,2,194.80,2026-01-12]");

    assertThat(LineageGraph.load(new org.apache.hadoop.fs.Path(mesh.warehouse().meshDir(), "lineage")).upstream("model:churn", Integer.MAX_VALUE))
        .containsExactly(
            new LineageNode("features.customer_activity", NodeKind.FEATURE_SET, 1, List.of("0"), List.of("crm.customers@0", "sales.orders@0")),
            new LineageNode("crm.customers", NodeKind.PRODUCT, 2, List.of("0"), List.of(sample("crm/customers.csv"))),
            new LineageNode("sales.orders", NodeKind.PRODUCT, 2, List.of("0"), List.of("crm.customers@0", sample("sales/orders.csv"))));

    String[] where = {"--conf", CONF.toString(), "--warehouse", warehouse.toString()};
    Result reproduced = ml(concat(new String[] {"reproduce", "model:churn", "1"}, where));
    assertThat(reproduced.code()).as(reproduced.err()).isZero();
    assertThat(reproduced.out().lines().toList())
        .containsExactly(
            "Reproduced model:churn version 1: 30 rows, checksum " + v.manifest().checksum() + " (identical to the manifest)",
            "  re-read features.customer_activity@0, crm.customers@0, sales.orders@0");

    // A manifest whose checksum does not match what the versions give back: exit 3, both sides named.
    Path manifest = Path.of(v.directory().toUri()).resolve("manifest.json");
    Files.writeString(manifest, Files.readString(manifest).replace(v.manifest().checksum(), "0".repeat(64)));
    Result tampered = ml(concat(new String[] {"reproduce", "churn", "1"}, where));
    assertThat(tampered.code()).isEqualTo(3);
    assertThat(tampered.err().trim())
        .isEqualTo("model:churn version 1 is not reproducible: its manifest records 30 rows with checksum " + "0".repeat(64)
            + " but the rebuilt training set has 30 rows with checksum " + v.manifest().checksum()
            + " (read features.customer_activity@0, crm.customers@0, sales.orders@0)");
  }

  private static JsonNode json(String line) {
    try {
      return new ObjectMapper().readTree(line);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  record Result(int code, String out, String err) {}

  private static Result ml(String... args) {
    Cli.Result r = Cli.run(new MlCommand(), args);
    return new Result(r.code(), r.out(), r.err());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** A sample source as lineage queries name it: {@code file:} and its absolute path in this checkout. */
  private static String sample(String relative) {
    return "file:" + Path.of("..", "sample-data", relative).toAbsolutePath().normalize();
  }
}
