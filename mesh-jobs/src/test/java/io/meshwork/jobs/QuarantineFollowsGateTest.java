package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Quarantined rows reach the quarantine table only with a published version, once per run key. */
@ExtendWith(SharedSpark.class)
class QuarantineFollowsGateTest {
  private static final String CONTRACT =
      """
      product {
        domain = sales
        name = orders
        version = "1.0.0"
        description = "Orders."
        owner { team = sales-data, email = "sales-data@example.com" }
        inputs { sources { raw_orders { path = "data/orders.csv", format = csv } } }
        sql = "SELECT order_id, CAST(amount AS DECIMAL(12,2)) AS amount, CAST(order_date AS DATE) AS order_date FROM raw_orders"
        schema {
          columns = [
            { name = order_id, type = string, nullable = false, description = "Order id", classification = internal }
            { name = amount, type = "decimal(12,2)", nullable = false, description = "Amount", classification = internal }
            { name = order_date, type = date, nullable = false, description = "Order date", classification = internal }
          ]
          primary-key = [order_id]
        }
        quality.constraints = [
          { check = unique, columns = [order_id] }
          { check = row-count, min = 1, max = 3 }
          { check = range, column = amount, min = 0, on-fail = quarantine }
        ]
        write { mode = MODE, partition-by = [order_date] }
        sla.freshness = 24h
      }
      """;
  private static final String DAY1 = "order_id,amount,order_date\nO-1,10.50,2026-11-22\nO-2,-1.00,2026-11-22\n";
  /** Four rows to publish and one to quarantine: more than row-count allows, in every mode. */
  private static final String DAY2_TOO_MANY =
      "order_id,amount,order_date\nO-3,1.00,2026-11-23\nO-4,2.00,2026-11-23\nO-5,3.00,2026-11-23\nO-6,4.00,2026-11-23\nO-7,-5.00,2026-11-23\n";

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"overwrite", "append", "replace-partition", "merge"})
  void aRefusedRunLeavesTheQuarantineTableAsItWasAndARerunDoesNotDoubleIt(String mode, SparkSession spark, @TempDir Path dir) {
    TestProject project = new TestProject(dir)
        .write("conf/products/sales/orders.conf", CONTRACT.replace("MODE", mode))
        .write("data/orders.csv", DAY1);
    String quarantine = project.warehouse().resolve("_mesh/quarantine/sales/orders/v1").toString();

    TestProject.Result first = project.mesh("run", "sales.orders", "--date", "2026-11-22");
    assertThat(first.code()).as(first.err()).isZero();
    long published = version(spark, quarantine);
    List<Row> kept = spark.read().format("delta").load(quarantine).select("order_id", "_mesh_data_version", "_mesh_run_id").collectAsList();
    assertThat(kept).extracting(r -> r.getString(0) + "@" + r.getLong(1)).containsExactly("O-2@0");
    assertThat(kept.get(0).getString(2)).isNotBlank();

    project.write("data/orders.csv", DAY2_TOO_MANY);
    TestProject.Result refused = project.mesh("run", "sales.orders", "--date", "2026-11-23");
    assertThat(refused.code()).as(refused.out() + refused.err()).isEqualTo(3);
    assertThat(version(spark, quarantine)).as("the refused run committed nothing to the quarantine table").isEqualTo(published);

    project.write("data/orders.csv", DAY1);
    TestProject.Result rerun = project.mesh("run", "sales.orders", "--date", "2026-11-22");
    assertThat(rerun.code()).as(rerun.err()).isZero();
    assertThat(spark.read().format("delta").load(quarantine).select("order_id").collectAsList())
        .as("a rerun replaces its run date's quarantined rows").extracting(r -> r.getString(0)).containsExactly("O-2");
  }

  private static long version(SparkSession spark, String table) {
    return DeltaTable.forPath(spark, table).history(1).select("version").first().getLong(0);
  }
}
