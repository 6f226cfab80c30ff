package io.meshwork.core.publish;

import io.delta.tables.DeltaTable;
import io.meshwork.core.internal.MeshSessionExtension;
import io.meshwork.core.model.AccessDeniedException;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.core.storage.internal.ProductWrites;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensionsProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import static io.meshwork.core.publish.PublishFixtures.DAY1;
import static io.meshwork.core.publish.PublishFixtures.DAY2;
import static io.meshwork.core.publish.PublishFixtures.ids;
import static io.meshwork.core.publish.PublishFixtures.order;
import static io.meshwork.core.publish.PublishFixtures.orders;
import static io.meshwork.core.publish.PublishFixtures.rows;
import static io.meshwork.core.publish.PublishFixtures.stamp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The session extension, picked up from {@code META-INF/services} by the test JVM's session (built
 * without naming it): every kind of write to a product table outside Meshwork's gate is refused and
 * leaves the table version unchanged; other tables, reads and Meshwork's own publish are untouched.
 */
@ExtendWith(SharedSpark.class)
class ProductWriteGuardTest {
  private static final AtomicInteger SCHEMAS = new AtomicInteger();

  private final SparkSession spark;
  @TempDir static Path root;
  private static Path table;
  private static String name;

  ProductWriteGuardTest(SparkSession spark) {
    this.spark = spark;
  }

  @BeforeAll
  static void publishTwoVersions(SparkSession spark) {
    Publisher publisher = new Publisher(spark, Warehouse.at(root), new PublishFixtures.FakeGate());
    publisher.publish(orders("append", List.of()), rows(spark, order(1, "c1", "10.00", DAY1), order(2, "c2", "20.00", DAY1)), stamp(DAY1));
    publisher.publish(orders("append", List.of()), rows(spark, order(3, "c3", "30.00", DAY2)), stamp(DAY2));
    table = Path.of(Warehouse.at(root).table(PublishFixtures.ORDERS).toUri());
    String schema = "guard" + SCHEMAS.incrementAndGet();
    spark.sql("CREATE DATABASE " + schema);
    name = schema + ".orders";
    spark.sql("CREATE TABLE " + name + " USING delta LOCATION '" + table.toUri() + "'");
  }

  @AfterAll
  static void unregister(SparkSession spark) {
    io.meshwork.core.storage.internal.ProductWrites.certified(() -> spark.sql("DROP DATABASE " + name.split("\\.")[0] + " CASCADE"));
  }

  @Test
  void theProviderIsRegisteredForServiceLoading() {
    assertThat(ServiceLoader.load(SparkSessionExtensionsProvider.class).stream().map(p -> p.type().getName()))
        .contains(MeshSessionExtension.class.getName());
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "INSERT        | INSERT INTO %s VALUES (9, 'c9', 9.00, DATE'2026-11-25')",
        "INSERT        | INSERT INTO %s SELECT * FROM %s",
        "INSERT OVERWRITE | INSERT OVERWRITE %s SELECT * FROM %s WHERE order_id = 1",
        "UPDATE        | UPDATE %s SET amount = 0",
        "DELETE        | DELETE FROM %s WHERE order_id = 1",
        "MERGE         | MERGE INTO %s t USING (SELECT 1L AS order_id) s ON t.order_id = s.order_id WHEN MATCHED THEN DELETE",
        "ALTER TABLE   | ALTER TABLE %s SET TBLPROPERTIES ('mesh.product' = 'other.thing')",
        "ALTER TABLE   | ALTER TABLE %s ADD COLUMNS (note STRING)",
        "ALTER TABLE   | ALTER TABLE %s ADD CONSTRAINT positive CHECK (amount > 0)",
        "DROP TABLE    | DROP TABLE %s",
        "TRUNCATE TABLE | TRUNCATE TABLE %s",
        "OPTIMIZE      | OPTIMIZE %s",
        "VACUUM        | VACUUM %s",
        "RESTORE       | RESTORE TABLE %s TO VERSION AS OF 0",
      })
  void sqlWritesByNameAndByPathAreRefused(String operation, String statement) {
    for (String target : List.of(name, "delta.`" + table + "`")) {
      if (operation.equals("DROP TABLE") && !target.equals(name)) {
        continue; // a path is not a catalog entry to drop
      }
      MeshException e = catchThrowableOfType(() -> spark.sql(statement.replace("%s", target)), MeshException.class);

      assertThat(e).as(statement + " on " + target).isNotNull();
      assertThat(e.getMessage()).startsWith("Refused " + operation + " on data product sales.orders (");
      assertThat(e).isInstanceOf(AccessDeniedException.class);
      assertUnchanged();
    }
    assertThat(spark.catalog().tableExists(name)).isTrue();
  }

  @Test
  void theRefusalNamesTheProductAndTheGatedWays() {
    MeshException e = catchThrowableOfType(() -> spark.sql("DELETE FROM " + name + " WHERE order_id = 1"), MeshException.class);

    assertThat(e.getMessage())
        .isEqualTo(
            "Refused DELETE on data product sales.orders (file:" + table
                + "): a product table changes only through Meshwork's quality gate. Publish with `bin/mesh run sales.orders`; "
                + "correct published data with `bin/mesh run sales.orders --date <run date> --restate` or "
                + "`bin/mesh erase sales.orders --where \"<predicate>\" --reason \"<why>\"`.");
  }

  @Test
  void dataFrameWritesAreRefused() {
    Dataset<Row> more = rows(spark, order(9, "c9", "9.00", DAY2));
    List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> writes =
        List.of(
            () -> more.write().format("delta").mode("append").save(table.toString()),
            () -> more.write().format("delta").mode("overwrite").save(table.toString()),
            () -> more.write().format("delta").mode("overwrite").option("replaceWhere", "order_id = 1").save(table.toString()),
            () -> more.write().format("delta").mode("append").saveAsTable(name),
            () -> more.write().format("delta").mode("overwrite").saveAsTable(name),
            () -> more.write().insertInto(name),
            () -> more.writeTo(name).append(),
            () -> DeltaTable.forPath(spark, table.toString()).delete("order_id = 1"),
            () -> DeltaTable.forName(spark, name).update(java.util.Map.of("amount", org.apache.spark.sql.functions.lit(0))));
    for (int i = 0; i < writes.size(); i++) {
      MeshException e = catchThrowableOfType(writes.get(i), MeshException.class);

      assertThat(e).as("write #" + i).isNotNull();
      assertThat(e.getMessage()).as("write #" + i).contains(" on data product sales.orders (");
      assertUnchanged();
    }
  }

  @Test
  void otherTablesAndReadsOfProductsAreNotAffected() {
    String other = root.resolve("scratch-" + SCHEMAS.incrementAndGet()).toString();
    rows(spark, order(7, "c7", "7.00", DAY1)).write().format("delta").save(other);
    spark.sql("INSERT INTO delta.`" + other + "` SELECT * FROM " + name); // reads the product
    spark.sql("MERGE INTO delta.`" + other + "` t USING " + name + " s ON t.order_id = s.order_id WHEN NOT MATCHED THEN INSERT *");
    spark.sql("DELETE FROM delta.`" + other + "` WHERE order_id = 7");
    spark.sql("ALTER TABLE delta.`" + other + "` SET TBLPROPERTIES ('note' = 'scratch')");
    rows(spark, order(8, "c8", "8.00", DAY1)).write().format("delta").mode("append").save(other);

    assertThat(ids(spark, Path.of(other))).containsExactly(1L, 2L, 3L, 8L);
    assertThat(spark.sql("SELECT count(*) FROM " + name).first().getLong(0)).isEqualTo(3);
    assertThat(spark.sql("DESCRIBE HISTORY " + name).count()).isEqualTo(2);
    assertUnchanged();
  }

  @Test
  void meshworksOwnPublishStillWrites(@TempDir Path other) {
    Publisher publisher = new Publisher(spark, Warehouse.at(other), new PublishFixtures.FakeGate());
    publisher.publish(orders("append", List.of()), rows(spark, order(1, "c1", "10.00", DAY1)), stamp(DAY1));
    PublishResult r = publisher.publish(orders("append", List.of()), rows(spark, order(4, "c4", "40.00", DAY2)), stamp(DAY2));

    assertThat(r.dataVersion()).isEqualTo(1);
    assertThat(ids(spark, Path.of(Warehouse.at(other).table(PublishFixtures.ORDERS).toUri()))).containsExactly(1L, 4L);
  }

  private void assertUnchanged() {
    assertThat(PublishFixtures.kernelVersion(table)).isEqualTo(1);
    assertThat(ids(spark, table)).containsExactly(1L, 2L, 3L);
  }
}
