package io.meshwork.jobs.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.model.MeshException;
import io.meshwork.jobs.TestProject;
import io.meshwork.lineage.LineageGraph;
import io.meshwork.lineage.LineageNode;
import io.meshwork.lineage.NodeKind;
import io.meshwork.testing.SchemaValidation;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Point-in-time training sets, training runs, manifests, reproduction and model lineage. */
@ExtendWith(SharedSpark.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainingRunTest {
  private static final StructType LABELS =
      new StructType().add("customer_id", DataTypes.StringType).add("label_time", DataTypes.TimestampType).add("churned", DataTypes.IntegerType);

  private MlFixture fx;

  @BeforeAll
  void publish(SparkSession spark, @TempDir Path project) {
    fx = new MlFixture(spark, project);
  }

  private Dataset<Row> labels() {
    return fx.spark.createDataFrame(
        List.of(
            RowFactory.create("C1", ts("2026-01-15 12:00:00"), 1), // scores 1 (Jan 1), 2 (Jan 10) known; 3 (Jan 20) is the future
            RowFactory.create("C1", ts("2026-01-10 00:00:00"), 0), // a score from exactly the label's time is known
            RowFactory.create("C1", ts("2025-12-31 00:00:00"), 0), // before any score
            RowFactory.create("C2", ts("2026-01-15 00:00:00"), 1), // C2's only score is later
            RowFactory.create("C3", ts("2026-01-15 00:00:00"), 0)), // no score at all
        LABELS);
  }

  @Test
  void pointInTimeJoinTakesTheNewestFeatureValueNotAfterTheLabelAndNeverALaterOne() {
    TrainingSet set = fx.ml().trainingSet(labels(), "features.activity@0");

    assertThat(set.rows().columns()).containsExactly("customer_id", "label_time", "churned", "score");
    assertThat(rows(set.rows()))
        .containsExactly(
            "C1|2025-12-31 00:00:00.0|0|null",
            "C1|2026-01-10 00:00:00.0|0|2",
            "C1|2026-01-15 12:00:00.0|1|2",
            "C2|2026-01-15 00:00:00.0|1|null",
            "C3|2026-01-15 00:00:00.0|0|null");
    assertThat(set.labelTime()).isEqualTo("label_time");
    assertThat(set.featureSets()).containsExactly(new FeatureSetUse("features.activity", 0, "customer_id", "event_time", List.of("score")));
    assertThat(set.products()).containsExactly(new ProductUse("crm.customers", 0, "features.activity@0"));
    assertThat(set.versions()).containsExactly("features.activity@0", "crm.customers@0");
  }

  @Test
  void theLabelTimeColumnMustBeNamedWhenItCannotBeInferred() {
    Dataset<Row> twoTimes = labels().withColumn("other_time", org.apache.spark.sql.functions.col("label_time"));

    assertThatThrownBy(() -> fx.ml().trainingSet(twoTimes, "features.activity"))
        .isInstanceOf(MeshException.class)
        .hasMessage("Cannot tell which label column holds the label time for feature set features.activity: the labels (columns: customer_id, "
            + "label_time, churned, other_time) have no column 'event_time' and 2 date or timestamp columns; name it, e.g. "
            + "trainingSet(labels, \"label_time\", List.of(\"features.activity\"))");
    assertThatThrownBy(() -> fx.ml().trainingSet(labels().drop("customer_id"), "label_time", List.of("features.activity")))
        .hasMessage("Cannot join labels (columns: label_time, churned) to feature set features.activity@0: the labels have no entity column 'customer_id'");
  }

  @Test
  void aCommittedRunWritesItsManifestAndReproducesWithAnIdenticalChecksumAfterTheFeatureSetMovedOn() throws Exception {
    MeshMl ml = fx.ml();
    TrainingRun run = ml.newTrainingRun("repro");
    TrainingSet set = run.trainingSet(labels(), "features.activity@0");
    ModelVersion v = run.param("inputs", "score").metric("auc", 0.75).commit(new VectorAssembler().setInputCols(new String[] {"score"}).setOutputCol("f"));

    Path dir = Path.of(fx.mesh.warehouse().meshDir().toUri()).resolve("models/repro/1");
    assertThat(v.version()).isEqualTo(1);
    assertThat(Path.of(v.directory().toUri())).isEqualTo(dir);
    assertThat(dir.resolve("manifest.json")).isRegularFile();
    assertThat(dir.resolve("model")).isDirectory();
    JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
    assertThat(manifest.get("model").asText()).isEqualTo("repro");
    assertThat(manifest.get("version").asLong()).isEqualTo(1);
    assertThat(manifest.get("labelTime").asText()).isEqualTo("label_time");
    assertThat(manifest.get("labelRows").asLong()).isEqualTo(5);
    assertThat(manifest.get("rows").asLong()).isEqualTo(5);
    assertThat(manifest.get("checksum").asText()).matches("[0-9a-f]{64}").isEqualTo(set.checksum().checksum());
    assertThat(manifest.get("featureSets").toString())
        .isEqualTo("[{\"name\":\"features.activity\",\"version\":0,\"entity\":\"customer_id\",\"eventTime\":\"event_time\",\"features\":[\"score\"]}]");
    assertThat(manifest.get("products").toString()).isEqualTo("[{\"name\":\"crm.customers\",\"version\":0,\"via\":\"features.activity@0\"}]");
    assertThat(manifest.get("params").toString()).isEqualTo("{\"inputs\":\"score\"}");
    assertThat(manifest.get("metrics").toString()).isEqualTo("{\"auc\":0.75}");
    assertThat(manifest.get("modelClass").asText()).isEqualTo("org.apache.spark.ml.feature.VectorAssembler");
    assertThat(ml.versions("repro")).containsExactly(1L);
    assertThat(ml.manifest("repro", 1)).isEqualTo(v.manifest());

    // The feature set moves on: a new certified version where C1's later score is now known earlier.
    fx.write("data/scores.csv", MlFixture.SCORES.replace("C1,2026-01-20 00:00:00,3", "C1,2026-01-12 00:00:00,3"));
    assertThat(fx.run("features.activity", LocalDate.of(2026, 1, 2)).dataVersion()).isEqualTo(1);
    assertThat(fx.ml().trainingSet(labels(), "features.activity").checksum()).isNotEqualTo(set.checksum());

    Reproduction again = ml.reproduce("repro", 1);

    assertThat(again.identical()).isTrue();
    assertThat(again.actual()).isEqualTo(new ContentChecksum(5, manifest.get("checksum").asText()));
    assertThat(again.versionsRead()).containsExactly("features.activity@0", "crm.customers@0");
  }

  @Test
  void theLineageOfAModelReachesTheFeatureSetAndItsProductsAndTheEventsValidate() throws Exception {
    TrainingRun run = fx.ml().newTrainingRun("traced");
    run.trainingSet(labels(), "features.activity@0");
    run.commit(new VectorAssembler().setInputCols(new String[] {"score"}).setOutputCol("f"));

    LineageGraph graph = LineageGraph.load(fx.lineageDir());

    assertThat(graph.upstream("model:traced", Integer.MAX_VALUE))
        .containsExactly(
            new LineageNode("features.activity", NodeKind.FEATURE_SET, 1, List.of("0"), List.of("crm.customers@0", "file:" + fx.project.resolve("data/scores.csv"))),
            new LineageNode("crm.customers", NodeKind.PRODUCT, 2, List.of("0"), List.of("file:" + fx.project.resolve("data/customers.csv"))));
    assertThat(graph.downstream("crm.customers@0", Integer.MAX_VALUE)).extracting(LineageNode::name).contains("features.activity", "model:traced");

    SchemaValidation.Report report = SchemaValidation.openLineageEvents(TestProject.lineageJsonl(fx.lineageDir(), fx.lineageDir().resolve("all-events.jsonl.txt")));
    assertThat(report.summary()).as(report.toString())
        .endsWith(" 0 invalid, " + TestProject.lineageEvents(fx.lineageDir()).size() + " events checked");
  }

  @Test
  void aRunCommitsOnceAndAnAbortedRunRegistersNothing() {
    MeshMl ml = fx.ml();
    TrainingRun aborted = ml.newTrainingRun("once");
    aborted.abort("labels were wrong");

    assertThatThrownBy(() -> aborted.commit(new VectorAssembler()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("training run of model:once version 1 was already aborted");
    assertThat(ml.versions("once")).isEmpty();

    TrainingRun run = ml.newTrainingRun("once");
    assertThat(run.version()).isEqualTo(2);
    assertThatThrownBy(() -> run.commit(new VectorAssembler()))
        .hasMessage("training run of model:once version 2 has no training set: call trainingSet(labels, featureSet) first");
    run.trainingSet(labels(), "features.activity@0");
    run.commit(new VectorAssembler().setInputCols(new String[] {"score"}).setOutputCol("f"));
    assertThatThrownBy(() -> run.commit(new VectorAssembler())).hasMessage("training run of model:once version 2 was already committed");
    assertThat(ml.versions("once")).containsExactly(2L);
    assertThatThrownBy(() -> ml.reproduce("once", 1))
        .isInstanceOf(MeshException.class)
        .hasMessage("No model:once version 1: " + Path.of(ml.directory("once", 1).toUri()).resolve("manifest.json") + " does not exist");
  }

  private static Timestamp ts(String s) {
    return Timestamp.valueOf(s);
  }

  /** Rows as {@code a|b|c}, sorted. */
  private static List<String> rows(Dataset<Row> df) {
    return df.collectAsList().stream()
        .map(r -> java.util.stream.IntStream.range(0, r.length()).mapToObj(i -> String.valueOf(r.get(i))).collect(Collectors.joining("|")))
        .sorted()
        .toList();
  }
}
