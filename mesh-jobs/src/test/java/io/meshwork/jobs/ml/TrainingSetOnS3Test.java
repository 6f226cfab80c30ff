package io.meshwork.jobs.ml;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.jobs.s3.S3Bucket;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ML path on an {@code s3a://} warehouse (S3Proxy on 127.0.0.1): a point-in-time training set
 * from published products, a training run whose manifest and model are objects in the bucket
 * (listed over the S3 API), and its reproduction reading the same versions.
 */
@ExtendWith(SharedSpark.class)
class TrainingSetOnS3Test {
  @Test
  void aTrainingRunOnS3WritesItsManifestAndModelToTheBucketAndReproduces(SparkSession spark, @TempDir Path dir) throws Exception {
    try (S3Bucket bucket = S3Bucket.start(spark, dir.resolve("s3"))) {
      MlFixture fx = new MlFixture(spark, dir.resolve("project"), bucket.uri("mesh"));
      Dataset<Row> labels = spark.createDataFrame(
          List.of(
              RowFactory.create("C1", Timestamp.valueOf("2026-01-15 12:00:00"), 1),
              RowFactory.create("C2", Timestamp.valueOf("2026-01-15 00:00:00"), 0)),
          new StructType().add("customer_id", DataTypes.StringType).add("label_time", DataTypes.TimestampType).add("churned", DataTypes.IntegerType));

      MeshMl ml = fx.ml();
      TrainingRun run = ml.newTrainingRun("churn");
      TrainingSet set = run.trainingSet(labels, "features.activity@0");
      assertThat(set.rows().orderBy("customer_id").collectAsList()).extracting(r -> r.get(3)).containsExactly(2, null);
      ModelVersion v = run.metric("auc", 0.5).commit(new VectorAssembler().setInputCols(new String[] {"score"}).setOutputCol("f"));

      assertThat(v.directory().toString()).isEqualTo(bucket.uri("mesh/_mesh/models/churn/1"));
      assertThat(bucket.list("mesh/_mesh/models/churn/1/")).containsKey("mesh/_mesh/models/churn/1/manifest.json")
          .hasKeySatisfying(new org.assertj.core.api.Condition<>(k -> k.startsWith("mesh/_mesh/models/churn/1/model/"), "a model object"));
      JsonNode manifest = new ObjectMapper().readTree(bucket.read("mesh/_mesh/models/churn/1/manifest.json"));
      assertThat(manifest.get("checksum").asText()).isEqualTo(set.checksum().checksum());
      assertThat(manifest.get("products").toString()).isEqualTo("[{\"name\":\"crm.customers\",\"version\":0,\"via\":\"features.activity@0\"}]");

      Reproduction again = MeshMl.of(fx.mesh, fx.contracts).reproduce("churn", 1);
      assertThat(again.identical()).isTrue();
      assertThat(again.versionsRead()).containsExactly("features.activity@0", "crm.customers@0");
    }
  }
}
