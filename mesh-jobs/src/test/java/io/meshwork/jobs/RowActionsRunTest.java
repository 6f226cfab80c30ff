package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.testing.MeshExtension;
import io.meshwork.testing.ProductHarness;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * on-fail = drop | quarantine through a real run: counts in the report and the stamp, rows in the quarantine table.
 * Run through the public test API ({@link ProductHarness}) as a domain's own test would.
 */
@ExtendWith(MeshExtension.class)
class RowActionsRunTest {
  @Test
  void dropsAndQuarantinesRowsAndStampsTheCounts(ProductHarness harness, SparkSession spark, @TempDir Path dir) throws Exception {
    String contract = TestProject.ORDERS
        .replace("{ check = range, column = amount, min = 0 }", "{ check = range, column = amount, min = 0, on-fail = quarantine }")
        .replace("{ check = row-count, min = 1 }", "{ check = row-count, min = 1 }\n    { check = pattern, column = order_id, regex = \"^O-[0-9]+$\", on-fail = drop }");
    TestProject project = new TestProject(dir)
        .write("conf/products/sales/orders.conf", contract)
        .write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,-4.00\nbad,3.00\nO-4,-1.00\n");

    ProductHarness mesh = harness.forConf(project.root().resolve("conf"));
    RunReport report = mesh.run("sales.orders", LocalDate.parse("2026-11-23"));
    assertThat(report.rows()).isEqualTo(1);
    assertThat(report.dropped()).isEqualTo(1);
    assertThat(report.quarantined()).isEqualTo(2);

    assertThat(mesh.read("sales.orders").collectAsList()).extracting(r -> r.getString(0)).containsExactly("O-1");
    List<Row> quarantined = spark.read().format("delta").load(mesh.warehouse().resolve("_mesh/quarantine/sales/orders/v1").toString())
        .orderBy("order_id").collectAsList();
    assertThat(quarantined).extracting(r -> r.getString(r.fieldIndex("order_id"))).containsExactly("O-2", "O-4");
    assertThat(quarantined.get(0).getList(quarantined.get(0).fieldIndex("_mesh_failed"))).containsExactly("range(amount)");

    String stamp = spark.read().json(mesh.warehouse().resolve("sales/orders/v1/_delta_log/00000000000000000000.json").toString())
        .where("commitInfo IS NOT NULL").select("commitInfo.userMetadata").first().getString(0);
    JsonNode quality = new ObjectMapper().readTree(stamp).get("quality");
    assertThat(quality.get("dropped").asLong()).isEqualTo(1);
    assertThat(quality.get("quarantined").asLong()).isEqualTo(2);
  }
}
