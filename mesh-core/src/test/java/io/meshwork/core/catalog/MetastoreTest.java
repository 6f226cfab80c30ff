package io.meshwork.core.catalog;

import static io.meshwork.core.publish.PublishFixtures.DAY1;
import static io.meshwork.core.publish.PublishFixtures.ORDERS;
import static io.meshwork.core.publish.PublishFixtures.order;
import static io.meshwork.core.publish.PublishFixtures.orders;
import static io.meshwork.core.publish.PublishFixtures.rows;
import static io.meshwork.core.publish.PublishFixtures.stamp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshwork.core.model.AccessPolicy;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.SemVer;
import io.meshwork.core.publish.PublishFixtures;
import io.meshwork.core.publish.Publisher;
import io.meshwork.core.storage.Storage;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * The metastore registration's rules, on the shared session's catalog (the Hive metastore itself,
 * and a reader that knows nothing of Meshwork, are in mesh-jobs' MetastoreTwoJvmTest). Each test
 * uses its own database prefix, so the shared catalog's other names are not touched.
 */
@ExtendWith(SharedSpark.class)
class MetastoreTest {
  private final SparkSession spark;

  MetastoreTest(SparkSession spark) {
    this.spark = spark;
  }

  private DataProduct publish(Path root, DataProduct product, String... amounts) {
    List<org.apache.spark.sql.Row> r = new java.util.ArrayList<>();
    for (int i = 0; i < amounts.length; i++) {
      r.add(order(i + 1, "c" + i, amounts[i], DAY1));
    }
    new Publisher(spark, Warehouse.at(root), new PublishFixtures.FakeGate()).publish(product, rows(spark, r.toArray(org.apache.spark.sql.Row[]::new)), stamp(DAY1));
    return product;
  }

  private org.apache.hadoop.fs.Path location(String db, String table) throws Exception {
    return new org.apache.hadoop.fs.Path(spark.sessionState().catalog().getTableMetadata(new TableIdentifier(table, Option.apply(db))).location());
  }

  private static boolean same(org.apache.hadoop.fs.Path a, org.apache.hadoop.fs.Path b) {
    return Storage.location(a.toString()).equals(Storage.location(b.toString()));
  }

  @Test
  void registersOnceAtTheProductsTableUnderThePrefixedDatabase(@TempDir Path root) throws Exception {
    DataProduct product = publish(root, orders("overwrite", List.of()), "10.00", "20.00");
    publish(root, product, "10.00", "20.00", "30.00");
    Metastore metastore = new Metastore(spark, Warehouse.at(root), new Metastore.Settings("mt_once_", false));

    assertThat(metastore.register(product)).containsExactly("mt_once_sales.orders", "mt_once_sales.orders_v1");
    assertThat(same(location("mt_once_sales", "orders"), Warehouse.at(root).table(product))).isTrue();
    assertThat(metastore.register(product)).as("registered already: nothing done").isEmpty();
    assertThat(spark.sql("SELECT count(*) FROM mt_once_sales.orders VERSION AS OF 0").first().getLong(0)).isEqualTo(2);
    assertThat(spark.sql("SELECT count(*) FROM mt_once_sales.orders").first().getLong(0)).isEqualTo(3);
  }

  @Test
  void aNameRegisteredAtAnotherLocationIsRefusedNamingBothAndStaysWhereItWas(@TempDir Path prod, @TempDir Path dev) throws Exception {
    DataProduct product = orders("overwrite", List.of());
    publish(prod, product, "10.00");
    new Metastore(spark, Warehouse.at(prod), new Metastore.Settings("mt_clash_", false)).register(product);
    publish(dev, product, "99.00");
    Metastore devStore = new Metastore(spark, Warehouse.at(dev), new Metastore.Settings("mt_clash_", false));

    MeshException e = catchThrowableOfType(MeshException.class, () -> devStore.register(product));

    assertThat(e).isNotNull();
    assertThat(e).isInstanceOf(ContractException.class);
    assertThat(e.getMessage())
        .contains("mt_clash_sales.orders")
        .contains(Warehouse.display(Warehouse.at(prod).table(product)))
        .contains(Warehouse.display(Warehouse.at(dev).table(product)))
        .contains(Metastore.DATABASE_PREFIX_KEY);
    assertThat(same(location("mt_clash_sales", "orders"), Warehouse.at(prod).table(product))).as("never re-pointed").isTrue();
    // A development prefix registers the same product beside it.
    assertThat(new Metastore(spark, Warehouse.at(dev), new Metastore.Settings("mt_clash_dev_", false)).register(product)).contains("mt_clash_dev_sales.orders");
    assertThat(same(location("mt_clash_dev_sales", "orders"), Warehouse.at(dev).table(product))).isTrue();
  }

  @Test
  void productsWithAnAccessBlockAreRegisteredOnlyWhenAllowed(@TempDir Path root) {
    DataProduct restricted =
        orders("overwrite", List.of()).toBuilder().access(new AccessPolicy(List.of("analyst"), List.of(), AccessPolicy.Masking.HASH, null)).build();
    publish(root, restricted, "10.00");

    assertThat(new Metastore(spark, Warehouse.at(root), new Metastore.Settings("mt_restricted_", false)).register(restricted)).isEmpty();
    assertThat(spark.catalog().tableExists("mt_restricted_sales", "orders")).isFalse();
    assertThat(new Metastore(spark, Warehouse.at(root), new Metastore.Settings("mt_restricted_", true)).register(restricted)).contains("mt_restricted_sales.orders");
    assertThat(spark.catalog().tableExists("mt_restricted_sales", "orders")).isTrue();
  }

  @Test
  void aMajorBumpMovesThePlainNameToTheNewMajorAndKeepsTheOldOneByItsMajor(@TempDir Path root) throws Exception {
    DataProduct v1 = publish(root, orders("overwrite", List.of()), "10.00");
    Metastore metastore = new Metastore(spark, Warehouse.at(root), new Metastore.Settings("mt_major_", false));
    metastore.register(v1);
    DataProduct v2 = new DataProduct(
        v1.id(), new SemVer(2, 0, 0), v1.description(), v1.owner(), v1.sources(), v1.inputs(), v1.sql(), v1.jobClass(), v1.columns(),
        v1.primaryKey(), v1.constraints(), v1.freshness(), v1.write(), v1.file(), v1.sha256(), v1.access(), v1.locations(), v1.deprecation(),
        v1.tags(), v1.extensions(), v1.pendingBuild(), v1.retention());
    publish(root, v2, "1.00", "2.00", "3.00");

    assertThat(metastore.register(v2)).containsExactly("mt_major_sales.orders", "mt_major_sales.orders_v2");

    Warehouse w = Warehouse.at(root);
    assertThat(same(location("mt_major_sales", "orders"), w.table(ORDERS, 2))).isTrue();
    assertThat(same(location("mt_major_sales", "orders_v1"), w.table(ORDERS, 1))).isTrue();
    assertThat(spark.sql("SELECT count(*) FROM mt_major_sales.orders").first().getLong(0)).isEqualTo(3);
  }

  @Test
  void aPrefixThatCannotStartADatabaseNameIsRefused() {
    MeshException e = catchThrowableOfType(MeshException.class, () -> new Metastore.Settings("Dev-", false));
    assertThat(e.getMessage()).contains(Metastore.DATABASE_PREFIX_KEY).contains("'Dev-'");
  }
}
