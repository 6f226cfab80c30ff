package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.Mesh;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** on-fail = drop | quarantine through a real run: counts in the report and the stamp, rows in the quarantine table. */
@ExtendWith(SharedSpark.class)
class RowActionsRunTest {
  @Test
  void dropsAndQuarantinesRowsAndStampsTheCounts(SparkSession spark, @TempDir Path dir) throws Exception {
    String contract = TestProject.ORDERS
        .replace("{ check = range, column = amount, min = 0 }", "{ check = range, column = amount, min = 0, on-fail = quarantine }")
        .replace("{ check = row-count, min = 1 }", "{ check = row-count, min = 1 }\n    { check = pattern, column = order_id, regex = \"^O-[0-9]+$\", on-fail = drop }");
    TestProject project = new TestProject(dir)
        .write("conf/products/sales/orders.conf", contract)
        .write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,-4.00\nbad,3.00\nO-4,-1.00\n");

    TestProject.Result run = project.mesh("run", "sales.orders", "--date", "2026-11-23", "--json");
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(run.out());
    assertThat(report.get("rows").asLong()).isEqualTo(1);
    assertThat(report.get("dropped").asLong()).isEqualTo(1);
    assertThat(report.get("quarantined").asLong()).isEqualTo(2);

    Mesh mesh = Mesh.open(spark, project.warehouse());
    assertThat(mesh.read("sales.orders").latest().collectAsList()).extracting(r -> r.getString(0)).containsExactly("O-1");
    List<Row> quarantined = spark.read().format("delta").load(project.warehouse().resolve("sales/orders/_quarantine").toString())
        .orderBy("order_id").collectAsList();
    assertThat(quarantined).extracting(r -> r.getString(r.fieldIndex("order_id"))).containsExactly("O-2", "O-4");
    assertThat(quarantined.get(0).getList(quarantined.get(0).fieldIndex("_mesh_failed"))).containsExactly("range(amount)");

    String stamp = spark.read().json(project.warehouse().resolve("sales/orders/_delta_log/00000000000000000000.json").toString())
        .where("commitInfo IS NOT NULL").select("commitInfo.userMetadata").first().getString(0);
    JsonNode quality = new ObjectMapper().readTree(stamp).get("quality");
    assertThat(quality.get("dropped").asLong()).isEqualTo(1);
    assertThat(quality.get("quarantined").asLong()).isEqualTo(2);
  }
}
