package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code mesh sql} reads: every statement that would change something exits 2 and changes nothing. */
@ExtendWith(SharedSpark.class)
class SqlReadOnlyTest {
  private final SparkSession spark;
  @TempDir Path dir;
  private TestProject project;

  SqlReadOnlyTest(SparkSession spark) {
    this.spark = spark;
  }

  @BeforeEach
  void publish() {
    project = new TestProject(dir).write("conf/products/sales/orders.conf", TestProject.ORDERS);
    project.write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\n");
    assertThat(project.mesh("run", "sales.orders").code()).isZero();
  }

  @Test
  void deleteFromAProductExitsTwoAndLeavesItsVersion() {
    TestProject.Result r = project.mesh("sql", "DELETE FROM sales.orders WHERE order_id = 'O-1'");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith(
            "mesh sql runs queries only (SELECT, WITH, EXPLAIN, DESCRIBE, SHOW), and DELETE is not one (Spark reads it as DeleteFromTable). "
                + "Products change through their gate: `mesh run <product>`");
    assertThat(version()).isZero();
    assertThat(spark.read().format("delta").load(table()).count()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "INSERT INTO sales.orders VALUES ('O-9', 9.00)",
        "UPDATE sales.orders SET amount = 0",
        "MERGE INTO sales.orders t USING sales.orders s ON t.order_id = s.order_id WHEN MATCHED THEN DELETE",
        "ALTER TABLE sales.orders SET TBLPROPERTIES ('x' = 'y')",
        "DROP TABLE sales.orders",
        "TRUNCATE TABLE sales.orders",
        "OPTIMIZE sales.orders",
        "VACUUM sales.orders",
        "CREATE TABLE sales.copy USING delta AS SELECT * FROM sales.orders",
        "CREATE VIEW sales.v AS SELECT * FROM sales.orders",
        "CACHE TABLE sales.orders",
        "SET spark.sql.shuffle.partitions = 3",
        "RESTORE TABLE sales.orders TO VERSION AS OF 0",
      })
  void statementsThatWriteAreRefused(String statement) {
    TestProject.Result r = project.mesh("sql", statement);

    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("mesh sql runs queries only").contains("and " + statement.split(" ")[0] + " is not one");
    assertThat(version()).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT count(*) FROM sales.orders",
        "WITH o AS (SELECT * FROM sales.orders) SELECT * FROM o",
        "EXPLAIN DELETE FROM sales.orders",
        "DESCRIBE sales.orders",
        "DESCRIBE HISTORY sales.orders",
        "SHOW TABLES IN sales",
        "SHOW TBLPROPERTIES sales.orders",
      })
  void readsAndDescriptionsRun(String statement) {
    TestProject.Result r = project.mesh("sql", statement);

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(version()).isZero();
  }

  private String table() {
    return project.warehouse().resolve("sales/orders/v1").toString();
  }

  private long version() {
    return io.delta.tables.DeltaTable.forPath(spark, table()).history(1).first().getLong(0);
  }
}
