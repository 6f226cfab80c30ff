package io.meshwork.core.publish;

import static io.meshwork.core.publish.PublishFixtures.DAY1;
import static io.meshwork.core.publish.PublishFixtures.DAY2;
import static io.meshwork.core.publish.PublishFixtures.ORDERS;
import static io.meshwork.core.publish.PublishFixtures.order;
import static io.meshwork.core.publish.PublishFixtures.orders;
import static io.meshwork.core.publish.PublishFixtures.parquetOnDisk;
import static io.meshwork.core.publish.PublishFixtures.rows;
import static io.meshwork.core.publish.PublishFixtures.stamp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.delta.tables.DeltaTable;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.QualityGateException;
import io.meshwork.core.model.SemVer;
import io.meshwork.core.model.WriteSpec;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedSpark.class)
class PublishMergeTest {
  private final SparkSession spark;
  @TempDir Path root;
  private final PublishFixtures.FakeGate gate = new PublishFixtures.FakeGate();

  PublishMergeTest(SparkSession spark) {
    this.spark = spark;
  }

  private Path table() {
    return Path.of(Warehouse.at(root).table(ORDERS).toUri());
  }

  private Publisher publisher() {
    return new Publisher(spark, Warehouse.at(root), gate);
  }

  /** {@code id:customer:amount}, sorted by id. */
  private List<String> contents() {
    return spark.read().format("delta").load(table().toString()).orderBy("order_id").collectAsList().stream()
        .map(r -> r.getLong(0) + ":" + r.getString(1) + ":" + r.getDecimal(2)).toList();
  }

  @Test
  void mergeUpsertsOnThePrimaryKey() {
    DataProduct product = orders("merge", List.of());
    publisher().publish(product, rows(spark, order(1, "c1", "10.00", DAY1), order(2, "c2", "5.00", DAY1), order(3, "c3", "1.00", DAY1)).coalesce(1), stamp(DAY1));

    PublishResult merged = publisher().publish(product, rows(spark, order(2, "c2", "6.00", DAY2), order(4, "c4", "4.00", DAY2)), stamp(DAY2));

    assertThat(merged.dataVersion()).isEqualTo(1);
    // 2 new rows, plus rows 1 and 3 copied out of the one file that held key 2
    assertThat(merged.rows()).isEqualTo(4);
    assertThat(merged.versionRows()).as("the version's rows: the merged file replaced, the others kept").isEqualTo(4)
        .isEqualTo(spark.read().format("delta").option("versionAsOf", 1).load(table().toString()).count());
    assertThat(contents()).containsExactly("1:c1:10.00", "2:c2:6.00", "3:c3:1.00", "4:c4:4.00");
    Row commit = DeltaTable.forPath(spark, table().toString()).history(1).first();
    assertThat(commit.<String, String>getJavaMap(commit.fieldIndex("operationParameters")))
        .containsEntry("mode", "Overwrite")
        .containsEntry("predicate", "upsert on (order_id)");
    assertThat(gate.verifiedRows).containsExactly(3L, 4L);
  }

  @Test
  void mergeRerunChangesNothing() {
    DataProduct product = orders("merge", List.of());
    publisher().publish(product, rows(spark, order(1, "c1", "10.00", DAY1), order(2, "c2", "5.00", DAY1)), stamp(DAY1));
    publisher().publish(product, rows(spark, order(2, "c2", "6.00", DAY2), order(3, "c3", "4.00", DAY2)), stamp(DAY2));

    PublishResult rerun = publisher().publish(product, rows(spark, order(2, "c2", "6.00", DAY2), order(3, "c3", "4.00", DAY2)), stamp(DAY2));

    assertThat(rerun.dataVersion()).isEqualTo(2);
    assertThat(contents()).containsExactly("1:c1:10.00", "2:c2:6.00", "3:c3:4.00");
  }

  @Test
  void refusedMergeLeavesTableAndFilesAsTheyWere() {
    DataProduct product = orders("merge", List.of());
    publisher().publish(product, rows(spark, order(1, "c1", "10.00", DAY1), order(2, "c2", "5.00", DAY1)).coalesce(1), stamp(DAY1));
    var before = parquetOnDisk(table());

    QualityGateException e =
        catchThrowableOfType(
            QualityGateException.class,
            () -> publisher().publish(product, rows(spark, order(2, "c2", "-6.00", DAY2)), stamp(DAY2)));

    assertThat(e.getMessage()).isEqualTo("Quality gate failed for sales.orders (contract 1.0.0): non-negative(amount) violated by 1 of 2 rows");
    assertThat(contents()).containsExactly("1:c1:10.00", "2:c2:5.00");
    assertThat(DeltaTable.forPath(spark, table().toString()).history().count()).isEqualTo(1);
    assertThat(PublishFixtures.kernelVersion(table())).isZero();
    assertThat(parquetOnDisk(table())).isEqualTo(before);
  }

  @Test
  void mergeNeedsAPrimaryKey() {
    DataProduct keyless =
        DataProduct.builder(ORDERS, new SemVer(1, 0, 0)).description("d").columns(PublishFixtures.orderColumns()).write(new WriteSpec("merge", List.of())).build();

    MeshException e =
        catchThrowableOfType(MeshException.class, () -> publisher().publish(keyless, rows(spark, order(1, "c1", "1.00", DAY1)), stamp(DAY1)));

    assertThat(e.getMessage()).isEqualTo("Cannot publish sales.orders (contract 1.0.0): write mode merge needs a primary key");
    assertThat(e).isInstanceOf(ContractException.class);
    assertThat(table()).doesNotExist();
  }
}
