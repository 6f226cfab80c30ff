package io.meshwork.core.publish;

import static io.meshwork.core.publish.PublishFixtures.DAY1;
import static io.meshwork.core.publish.PublishFixtures.ORDERS;
import static io.meshwork.core.publish.PublishFixtures.order;
import static io.meshwork.core.publish.PublishFixtures.orders;
import static io.meshwork.core.publish.PublishFixtures.rows;
import static io.meshwork.core.publish.PublishFixtures.stamp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshwork.core.Mesh;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.NotFoundException;
import io.meshwork.core.read.ProductReader;
import io.meshwork.core.storage.TableProperties;
import io.meshwork.core.storage.Vacuum;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * A contract's retention becomes the table's Delta log and file retention at publish; versions a
 * consumer or a model pins outlive it through Delta's own log cleanup and {@code mesh vacuum};
 * reading a version past retention says so, naming the retention.
 */
@ExtendWith(SharedSpark.class)
class VersionRetentionTest {
  private final SparkSession spark;
  @TempDir Path root;

  VersionRetentionTest(SparkSession spark) {
    this.spark = spark;
  }

  private org.apache.hadoop.fs.Path table() {
    return Warehouse.at(root).table(ORDERS);
  }

  private Map<String, String> properties() {
    return io.delta.tables.DeltaTable.forPath(spark, table().toString()).detail().select("properties").head().getJavaMap(0);
  }

  private void publish(DataProduct product, Duration platformDefault, Collection<Long> pins, String... amounts) {
    Row[] r = new Row[amounts.length];
    for (int i = 0; i < amounts.length; i++) {
      r[i] = order(i + 1, "c" + i, amounts[i], DAY1);
    }
    new Publisher(spark, Warehouse.at(root), new PublishFixtures.FakeGate())
        .withRetention(platformDefault, pins)
        .publish(product, rows(spark, r), stamp(DAY1));
  }

  /** {@code interval 90 days} or {@code interval 7200 seconds} as a duration. */
  private static Duration interval(String value) {
    String[] words = value.split(" ");
    assertThat(words).hasSize(3);
    assertThat(words[0]).isEqualTo("interval");
    long n = Long.parseLong(words[1]);
    return words[2].equals("days") ? Duration.ofDays(n) : Duration.ofSeconds(n);
  }

  /** Makes commit {@code version} look {@code days} old to Delta (its history and its log cleanup read the commit file's time). */
  private void age(long version, long days) throws Exception {
    Path commit = Path.of(table().toUri()).resolve("_delta_log").resolve(String.format("%020d.json", version));
    Files.setLastModifiedTime(commit, FileTime.from(Instant.now().minus(Duration.ofDays(days))));
  }

  /** What Delta does after a checkpoint: removes the commits older than the table's log retention. */
  private void checkpointAndCleanUpLog() {
    DeltaLog log = DeltaLog.forTable(spark, table());
    log.checkpoint();
    log.doLogCleanup(log.update(false, Option.empty(), Option.empty()));
  }

  @Test
  void theContractsRetentionBecomesTheTablesLogAndFileRetention() {
    DataProduct product = orders("overwrite", List.of()).toBuilder().retention(Duration.ofDays(90)).build();
    publish(product, Duration.ofDays(30), List.of(), "10.00");

    assertThat(properties())
        .containsEntry("delta.logRetentionDuration", "interval 90 days")
        .containsEntry("delta.deletedFileRetentionDuration", "interval 90 days")
        .containsEntry(TableProperties.RETENTION, "90 days");

    publish(orders("overwrite", List.of()), Duration.ofDays(14), List.of(), "10.00");
    assertThat(properties())
        .as("a contract without retention.versions takes the platform default")
        .containsEntry("delta.logRetentionDuration", "interval 14 days")
        .containsEntry(TableProperties.RETENTION, "14 days");
  }

  @Test
  void aPinnedVersionOutlivesTheRetentionThroughLogCleanupAndVacuum() throws Exception {
    DataProduct product = orders("overwrite", List.of()).toBuilder().retention(Duration.ofDays(30)).build();
    publish(product, Duration.ofDays(30), List.of(), "10.00", "20.00");
    publish(product, Duration.ofDays(30), List.of(), "1.00");
    age(0, 100);
    age(1, 99);

    publish(product, Duration.ofDays(30), List.of(0L), "5.00", "6.00", "7.00");

    String logRetention = properties().get("delta.logRetentionDuration");
    assertThat(interval(logRetention))
        .as("kept from version 0's commit (100 days ago) for the retention again: " + logRetention)
        .isBetween(Duration.ofDays(130), Duration.ofDays(130).plusHours(1));
    assertThat(properties().get("delta.deletedFileRetentionDuration")).isEqualTo(logRetention);
    assertThat(properties()).containsEntry(TableProperties.PINNED, "0");

    checkpointAndCleanUpLog();
    Vacuum.Result vacuumed = Vacuum.run(spark, table(), false);

    assertThat(vacuumed.files()).isEmpty();
    ProductReader reader = Mesh.open(spark, root).read(ORDERS);
    assertThat(reader.version(0).count()).isEqualTo(2);
    assertThat(reader.version(0).where("amount = 20.00").count()).isEqualTo(1);
  }

  @Test
  void anUnpinnedVersionPastRetentionIsCleanedUpAndReadingItSaysSoNamingTheRetention() throws Exception {
    DataProduct product = orders("overwrite", List.of()).toBuilder().retention(Duration.ofDays(30)).build();
    publish(product, Duration.ofDays(30), List.of(), "10.00", "20.00");
    publish(product, Duration.ofDays(30), List.of(), "1.00");
    age(0, 100);
    age(1, 99);
    publish(product, Duration.ofDays(30), List.of(), "5.00", "6.00", "7.00");
    assertThat(properties()).containsEntry("delta.logRetentionDuration", "interval 30 days").doesNotContainKey(TableProperties.PINNED);

    checkpointAndCleanUpLog();
    Vacuum.Result vacuumed = Vacuum.run(spark, table(), false);

    assertThat(vacuumed.files()).as("the files only the cleaned-up versions read").isNotEmpty();
    ProductReader reader = Mesh.open(spark, root).read(ORDERS);
    MeshException e = catchThrowableOfType(MeshException.class, () -> reader.version(0).count());
    assertThat(e).isNotNull();
    assertThat(e).isInstanceOf(NotFoundException.class);
    assertThat(e.getMessage())
        .contains("sales.orders version 0 is past retention")
        .contains("30 days (retention.versions")
        .contains("delta.logRetentionDuration = interval 30 days")
        .contains("before version 2");
    assertThat(reader.version(2).count()).isEqualTo(3);
  }
}
