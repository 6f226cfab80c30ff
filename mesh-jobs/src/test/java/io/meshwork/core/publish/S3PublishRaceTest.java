package io.meshwork.core.publish;

import static io.meshwork.core.publish.PublishFixtures.DAY1;
import static io.meshwork.core.publish.PublishFixtures.DAY2;
import static io.meshwork.core.publish.PublishFixtures.order;
import static io.meshwork.core.publish.PublishFixtures.orders;
import static io.meshwork.core.publish.PublishFixtures.rows;
import static io.meshwork.core.publish.PublishFixtures.stamp;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.Mesh;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ExitCode;
import io.meshwork.core.model.PublishConflictException;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.core.storage.WriterSafety;
import io.meshwork.jobs.ExitCodes;
import io.meshwork.jobs.s3.S3Bucket;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs of one product with the same run key racing from one driver onto {@code s3a://} with
 * Delta's default S3 log store: exactly one commits, the other exits 5 and leaves no object behind.
 */
@ExtendWith(SharedSpark.class)
class S3PublishRaceTest {
  private final SparkSession spark;

  S3PublishRaceTest(SparkSession spark) {
    this.spark = spark;
  }

  @Test
  void twoRunsOfOneRunKeyCommitOnceAndTheLoserExits5(@TempDir Path dir) throws Exception {
    try (S3Bucket bucket = S3Bucket.start(spark, dir)) {
      Warehouse warehouse = Warehouse.at(bucket.uri("race"));
      DataProduct product = orders("overwrite", List.of());
      new Publisher(spark, warehouse, new PublishFixtures.FakeGate()).publish(product, rows(spark, order(1, "c1", "10.00", DAY1)), stamp(DAY1));
      assertThat(WriterSafety.warning(spark, warehouse)).get().asString().contains("spark.delta.logStore.s3a.impl=io.delta.storage.S3DynamoDBLogStore");

      CyclicBarrier bothAudited = new CyclicBarrier(2);
      ExecutorService threads = Executors.newFixedThreadPool(2);
      List<Object> outcomes = new ArrayList<>();
      try {
        List<Future<PublishResult>> futures = new ArrayList<>();
        for (long id : List.of(20L, 30L)) {
          Dataset<Row> rows = rows(spark, order(id, "c2", "2.00", DAY2));
          Publisher publisher = new Publisher(spark, warehouse, new PublishFixtures.FakeGate());
          publisher.beforeCommit(() -> {
            try {
              bothAudited.await(300, TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
          futures.add(threads.submit(() -> publisher.publish(product, rows, stamp(DAY2))));
        }
        for (Future<PublishResult> f : futures) {
          try {
            outcomes.add(f.get(600, TimeUnit.SECONDS));
          } catch (ExecutionException e) {
            outcomes.add(e.getCause());
          }
        }
      } finally {
        threads.shutdownNow();
      }

      assertThat(outcomes).filteredOn(PublishResult.class::isInstance).hasSize(1);
      assertThat(outcomes).filteredOn(PublishConflictException.class::isInstance)
          .singleElement().extracting(e -> ExitCodes.of((PublishConflictException) e)).isEqualTo(ExitCode.CONFLICT);
      assertThat(bucket.list("race/sales/orders/v1/_delta_log/").keySet()).filteredOn(k -> k.endsWith(".json"))
          .containsExactly("race/sales/orders/v1/_delta_log/00000000000000000000.json", "race/sales/orders/v1/_delta_log/00000000000000000001.json");
      assertThat(bucket.list("race/sales/orders/").keySet()).filteredOn(k -> k.endsWith(".parquet")).hasSize(2); // one file per commit, none of the loser's
      assertThat(Mesh.open(spark, warehouse).read("sales.orders").latest().count()).isEqualTo(1);
    }
  }
}
