package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import io.meshwork.core.Mesh;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The gated ways to correct a product: restating an appended run date, erasing rows. */
@ExtendWith(SharedSpark.class)
class RestateEraseTest {
  private static final String APPEND_ORDERS = TestProject.ORDERS.replace("sla.freshness = 24h", "write { mode = append }\n  sla.freshness = 24h");

  @Test
  void aRestatedDayAndAnErasureAreEachANewCertifiedVersionWithTheExpectedRows(SparkSession spark, @TempDir Path dir) throws Exception {
    TestProject project = new TestProject(dir)
        .write("conf/products/sales/orders.conf", APPEND_ORDERS)
        .write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,4.00\n");
    assertThat(project.mesh("run", "sales.orders", "--date", "2026-11-22").code()).isZero();
    project.write("data/orders.csv", "order_id,amount\nO-3,1.00\n");
    assertThat(project.mesh("run", "sales.orders", "--date", "2026-11-23").code()).isZero();
    Mesh mesh = Mesh.open(spark, project.warehouse());
    String table = project.warehouse().resolve("sales/orders/v1").toString();

    // the 22nd was wrong: O-2 should not be there, O-1 was 11.00
    project.write("data/orders.csv", "order_id,amount\nO-1,11.00\n");
    TestProject.Result restated = project.mesh("run", "sales.orders", "--date", "2026-11-22", "--restate", "--json");
    assertThat(restated.code()).as(restated.err()).isZero();
    assertThat(new ObjectMapper().readTree(restated.out()).get("dataVersion").asLong()).isEqualTo(2);
    assertThat(mesh.read("sales.orders").latest().orderBy("order_id").collectAsList()).extracting(RestateEraseTest::row)
        .containsExactly("O-1 11.00", "O-3 1.00");
    assertThat(stamp(spark, table).get("restated").asBoolean()).isTrue();
    assertThat(stamp(spark, table).get("runDate").asText()).isEqualTo("2026-11-22");

    TestProject.Result never = project.mesh("run", "sales.orders", "--date", "2026-11-30", "--restate");
    assertThat(never.code()).isEqualTo(2);
    assertThat(never.err()).contains("Cannot restate run date 2026-11-30 of sales.orders", "never appended");

    TestProject.Result erased = project.mesh("erase", "sales.orders", "--where", "order_id = 'O-3'", "--reason", "privacy request 42", "--requested-by", "dpo@example.com");
    assertThat(erased.code()).as(erased.err()).isZero();
    assertThat(mesh.read("sales.orders").latestVersion()).isEqualTo(3);
    assertThat(mesh.read("sales.orders").latest().collectAsList()).extracting(RestateEraseTest::row).containsExactly("O-1 11.00");
    JsonNode erasure = stamp(spark, table).get("erasure");
    assertThat(erasure.get("where").asText()).isEqualTo("order_id = 'O-3'");
    assertThat(erasure.get("reason").asText()).isEqualTo("privacy request 42");
    assertThat(erasure.get("requestedBy").asText()).isEqualTo("dpo@example.com");
    assertThat(erasure.get("rows").asLong()).isEqualTo(1);
    assertThat(mesh.read("sales.orders").version(2).count()).as("older versions keep the rows until retention").isEqualTo(2);
    assertThat(mesh.catalog().last(io.meshwork.core.model.ProductId.parse("sales.orders")).orElseThrow().certified()).isTrue();

    // erasing every row would leave a product that fails its gate (row-count >= 1): refused, nothing published
    TestProject.Result refused = project.mesh("erase", "sales.orders", "--where", "amount > 0", "--reason", "test");
    assertThat(refused.code()).as(refused.err()).isEqualTo(3);
    assertThat(mesh.read("sales.orders").latestVersion()).isEqualTo(3);
  }

  private static String row(Row r) {
    return r.getString(0) + " " + r.getDecimal(1).toPlainString();
  }

  private static JsonNode stamp(SparkSession spark, String table) throws Exception {
    return new ObjectMapper().readTree(DeltaTable.forPath(spark, table).history(1).select("userMetadata").first().getString(0));
  }
}
