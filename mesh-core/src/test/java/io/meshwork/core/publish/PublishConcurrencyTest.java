package io.meshwork.core.publish;

import static io.meshwork.core.publish.PublishFixtures.DAY1;
import static io.meshwork.core.publish.PublishFixtures.DAY2;
import static io.meshwork.core.publish.PublishFixtures.ORDERS;
import static io.meshwork.core.publish.PublishFixtures.ids;
import static io.meshwork.core.publish.PublishFixtures.order;
import static io.meshwork.core.publish.PublishFixtures.orders;
import static io.meshwork.core.publish.PublishFixtures.parquetOnDisk;
import static io.meshwork.core.publish.PublishFixtures.parquetReferenced;
import static io.meshwork.core.publish.PublishFixtures.rows;
import static io.meshwork.core.publish.PublishFixtures.stamp;
import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.PublishConflictException;
import io.meshwork.core.storage.Warehouse;
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

/** Two publishes that both staged and passed their audit before either commits: one wins. */
@ExtendWith(SharedSpark.class)
class PublishConcurrencyTest {
  private final SparkSession spark;
  @TempDir Path root;

  PublishConcurrencyTest(SparkSession spark) {
    this.spark = spark;
  }

  private Path table() {
    return Path.of(Warehouse.at(root).table(ORDERS).toUri());
  }

  private record Attempt(RunStamp stamp, Dataset<Row> rows) {}

  /** Runs both publishes; each waits after its audit until the other has audited too. */
  private List<Object> race(DataProduct product, Attempt a, Attempt b) throws Exception {
    CyclicBarrier bothAudited = new CyclicBarrier(2);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<PublishResult>> futures = new ArrayList<>();
      for (Attempt attempt : List.of(a, b)) {
        Publisher publisher = new Publisher(spark, Warehouse.at(root), new PublishFixtures.FakeGate());
        publisher.beforeCommit(() -> {
          try {
            bothAudited.await(120, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        futures.add(threads.submit(() -> publisher.publish(product, attempt.rows(), attempt.stamp())));
      }
      List<Object> outcomes = new ArrayList<>();
      for (Future<PublishResult> f : futures) {
        try {
          outcomes.add(f.get(300, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          outcomes.add(e.getCause());
        }
      }
      return outcomes;
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void twoAppendsRacingOnOneVersionOnlyOneCommits() throws Exception {
    DataProduct product = orders("append", List.of());
    new Publisher(spark, Warehouse.at(root), new PublishFixtures.FakeGate())
        .publish(product, rows(spark, order(1, "c1", "10.00", DAY1)), stamp(DAY1));
    Attempt day2 = new Attempt(stamp(DAY2), rows(spark, order(20, "c2", "2.00", DAY2)));
    Attempt day3 = new Attempt(stamp(DAY2.plusDays(1)), rows(spark, order(30, "c3", "3.00", DAY2.plusDays(1))));

    List<Object> outcomes = race(product, day2, day3);

    int winner = outcomes.get(0) instanceof PublishResult ? 0 : 1;
    Attempt won = winner == 0 ? day2 : day3;
    assertThat(outcomes.get(winner)).isInstanceOf(PublishResult.class);
    assertThat(((PublishResult) outcomes.get(winner)).dataVersion()).isEqualTo(1);
    assertThat(outcomes.get(1 - winner)).isInstanceOf(PublishConflictException.class);
    PublishConflictException lost = (PublishConflictException) outcomes.get(1 - winner);
    assertThat(lost.getMessage())
        .isEqualTo("Publish conflict for sales.orders: another writer committed version 1 (WRITE, run " + won.stamp().runId()
            + " for " + won.stamp().runDate() + ") after this run read version 0; nothing was published by this run [MetadataChangedException]");
    assertThat(ids(spark, table())).containsExactly(1L, winner == 0 ? 20L : 30L);
    assertThat(DeltaTable.forPath(spark, table().toString()).history().count()).isEqualTo(2);
    assertThat(parquetOnDisk(table())).isEqualTo(parquetReferenced(spark, table()));
  }

  @Test
  void twoFirstPublishesRacingToCreateTheTableOnlyOneCommits() throws Exception {
    DataProduct product = orders("overwrite", List.of("order_date"));
    Attempt a = new Attempt(stamp(DAY1), rows(spark, order(1, "c1", "1.00", DAY1)));
    Attempt b = new Attempt(stamp(DAY1), rows(spark, order(2, "c2", "2.00", DAY2)));

    List<Object> outcomes = race(product, a, b);

    int winner = outcomes.get(0) instanceof PublishResult ? 0 : 1;
    Attempt won = winner == 0 ? a : b;
    assertThat(((PublishResult) outcomes.get(winner)).dataVersion()).isZero();
    PublishConflictException lost = (PublishConflictException) outcomes.get(1 - winner);
    assertThat(lost.getMessage())
        .isEqualTo("Publish conflict for sales.orders: another writer committed version 0 (WRITE, run " + won.stamp().runId()
            + " for 2026-11-23) while this run was creating the table; nothing was published by this run [ProtocolChangedException]");
    assertThat(ids(spark, table())).containsExactly(winner == 0 ? 1L : 2L);
    assertThat(parquetOnDisk(table())).isEqualTo(parquetReferenced(spark, table()));
    // the loser's partition directory is gone with its files
    assertThat(table().resolve(winner == 0 ? "order_date=2026-11-24" : "order_date=2026-11-23")).doesNotExist();
  }

  @Test
  void twoAppendsOfTheSameRunDateNeverBothCommit() throws Exception {
    DataProduct product = orders("append", List.of());
    new Publisher(spark, Warehouse.at(root), new PublishFixtures.FakeGate())
        .publish(product, rows(spark, order(1, "c1", "10.00", DAY1)), stamp(DAY1));

    List<Object> outcomes =
        race(
            product,
            new Attempt(stamp(DAY2), rows(spark, order(20, "c2", "2.00", DAY2))),
            new Attempt(stamp(DAY2), rows(spark, order(20, "c2", "2.00", DAY2))));

    assertThat(outcomes).filteredOn(PublishResult.class::isInstance).hasSize(1);
    assertThat(outcomes).filteredOn(PublishConflictException.class::isInstance).hasSize(1);
    assertThat(ids(spark, table())).containsExactly(1L, 20L);
    assertThat(parquetOnDisk(table())).isEqualTo(parquetReferenced(spark, table()));
  }
}
