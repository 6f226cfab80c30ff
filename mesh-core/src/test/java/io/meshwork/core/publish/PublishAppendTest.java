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
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.delta.tables.DeltaTable;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.QualityGateException;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedSpark.class)
class PublishAppendTest {
  private final SparkSession spark;
  @TempDir Path root;
  private final PublishFixtures.FakeGate gate = new PublishFixtures.FakeGate();

  PublishAppendTest(SparkSession spark) {
    this.spark = spark;
  }

  private Path table() {
    return Path.of(Warehouse.at(root).table(ORDERS).toUri());
  }

  private Publisher publisher() {
    return new Publisher(spark, Warehouse.at(root), gate);
  }

  private long version() {
    return DeltaTable.forPath(spark, table().toString()).history(1).first().getLong(0);
  }

  private long rowsAt(long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(table().toString()).count();
  }

  @Test
  void rerunOfAnAppendedRunDateWritesNothing() {
    DataProduct product = orders("append", List.of());
    PublishResult first = publisher().publish(product, rows(spark, order(1, "c1", "10.00", DAY1), order(2, "c2", "5.00", DAY1)), stamp(DAY1));

    PublishResult rerun = publisher().publish(product, rows(spark, order(1, "c1", "10.00", DAY1), order(2, "c2", "5.00", DAY1)), stamp(DAY1));
    PublishResult nextDay = publisher().publish(product, rows(spark, order(3, "c1", "7.00", DAY2)), stamp(DAY2));

    assertThat(first.dataVersion()).isZero();
    assertThat(first.rows()).isEqualTo(2);
    assertThat(rerun.dataVersion()).isZero();
    assertThat(rerun.rows()).isZero();
    assertThat(rerun.committedAt()).isEqualTo(first.committedAt());
    assertThat(nextDay.dataVersion()).isEqualTo(1);
    assertThat(nextDay.rows()).isEqualTo(1);
    assertThat(nextDay.versionRows()).as("the version's rows, from its files' statistics").isEqualTo(3).isEqualTo(rowsAt(1));
    assertThat(ids(spark, table())).containsExactly(1L, 2L, 3L);
    assertThat(version()).isEqualTo(1);
    assertThat(parquetOnDisk(table())).isEqualTo(parquetReferenced(spark, table()));
    // the rerun never reached the gate; the append of DAY2 was verified on old + new rows
    assertThat(gate.verifiedRows).containsExactly(2L, 3L);
  }

  @Test
  void appendThatMakesTheKeyNonUniqueAcrossOldAndNewRowsIsRefused() {
    DataProduct product = orders("append", List.of());
    publisher().publish(product, rows(spark, order(1, "c1", "10.00", DAY1), order(2, "c2", "5.00", DAY1)), stamp(DAY1));

    QualityGateException e =
        catchThrowableOfType(
            QualityGateException.class,
            () -> publisher().publish(product, rows(spark, order(2, "c3", "1.00", DAY2), order(3, "c3", "2.00", DAY2)), stamp(DAY2)));

    assertThat(e.getMessage()).isEqualTo("Quality gate failed for sales.orders (contract 1.0.0): unique(order_id) violated by 1 of 4 rows");
    assertThat(version()).isZero();
    assertThat(PublishFixtures.kernelVersion(table())).isZero();
    assertThat(ids(spark, table())).containsExactly(1L, 2L);
    assertThat(parquetOnDisk(table())).isEqualTo(parquetReferenced(spark, table()));
    // refused, so DAY2 is not marked as appended: a corrected rerun goes through
    PublishResult fixed = publisher().publish(product, rows(spark, order(3, "c3", "2.00", DAY2)), stamp(DAY2));
    assertThat(fixed.dataVersion()).isEqualTo(1);
    assertThat(ids(spark, table())).containsExactly(1L, 2L, 3L);
  }

  @Test
  void appendCannotChangeTheTableShape() {
    publisher().publish(orders("append", List.of()), rows(spark, order(1, "c1", "10.00", DAY1)), stamp(DAY1));
    DataProduct partitioned = orders("append", List.of("order_date"));

    MeshException e =
        catchThrowableOfType(
            MeshException.class, () -> publisher().publish(partitioned, rows(spark, order(2, "c1", "1.00", DAY2)), stamp(DAY2)));

    assertThat(e.getMessage())
        .isEqualTo("Cannot append to sales.orders (contract 1.0.0): the table is partitioned by [] but the contract by [order_date] "
            + "(publish once with write mode overwrite, or as a new major version)");
    assertThat(e).isInstanceOf(ContractException.class);
    assertThat(version()).isZero();
  }

  @Test
  void replacePartitionReplacesOnlyTheRunDate() {
    DataProduct product = orders("replace-partition", List.of("order_date"));
    publisher().publish(product, rows(spark, order(1, "c1", "10.00", DAY1), order(2, "c2", "5.00", DAY1)), stamp(DAY1));
    publisher().publish(product, rows(spark, order(3, "c1", "7.00", DAY2)), stamp(DAY2));

    PublishResult rerun = publisher().publish(product, rows(spark, order(4, "c1", "1.00", DAY1)), stamp(DAY1));

    assertThat(rerun.dataVersion()).isEqualTo(2);
    assertThat(rerun.rows()).isEqualTo(1);
    assertThat(rerun.versionRows()).as("the run date's files replaced, the other day's kept").isEqualTo(2).isEqualTo(rowsAt(2));
    assertThat(ids(spark, table())).containsExactly(3L, 4L);
    assertThat(DeltaTable.forPath(spark, table().toString()).history(1).first().<String, String>getJavaMap(
            DeltaTable.forPath(spark, table().toString()).history(1).schema().fieldIndex("operationParameters")))
        .containsEntry("mode", "Overwrite")
        .containsEntry("predicate", "`order_date` = DATE'2026-11-23'");
    // whole-table constraints see the other days too
    assertThat(gate.verifiedRows).containsExactly(2L, 3L, 2L);
  }

  @Test
  void replacePartitionRefusesRowsOfAnotherDay() {
    DataProduct product = orders("replace-partition", List.of("order_date"));
    publisher().publish(product, rows(spark, order(1, "c1", "10.00", DAY1)), stamp(DAY1));

    QualityGateException e =
        catchThrowableOfType(
            QualityGateException.class,
            () -> publisher().publish(
                product,
                rows(spark, order(2, "c1", "1.00", DAY2), order(3, "c1", "1.00", LocalDate.of(2026, 11, 25)), order(4, "c1", "1.00", DAY1)),
                stamp(DAY2)));

    assertThat(e.getMessage())
        .isEqualTo("Schema check failed for sales.orders (contract 1.0.0): write mode replace-partition replaces "
            + "order_date = 2026-11-24 (the run date) but 2 rows have another order_date");
    assertThat(version()).isZero();
    assertThat(PublishFixtures.kernelVersion(table())).isZero();
    assertThat(ids(spark, table())).containsExactly(1L);
    assertThat(parquetOnDisk(table())).isEqualTo(parquetReferenced(spark, table()));
  }
}
