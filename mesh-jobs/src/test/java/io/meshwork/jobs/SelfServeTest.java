package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.Mesh;
import io.meshwork.core.catalog.CatalogEntry;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Products in plain Spark SQL, and freshness SLAs as a monitor. */
@ExtendWith(SharedSpark.class)
class SelfServeTest {
  private final SparkSession spark;

  SelfServeTest(SparkSession spark) {
    this.spark = spark;
  }

  @Test
  void productsAreTablesInSparkSqlWithTimeTravelFromANewSession(@TempDir Path dir) throws Exception {
    TestProject project = new TestProject(dir).write("conf/products/sales/orders.conf", TestProject.ORDERS);
    project.write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\n");
    assertThat(project.mesh("run", "sales.orders").code()).isZero();
    project.write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\nO-3,1.00\n");
    assertThat(project.mesh("run", "sales.orders").code()).isZero();

    SparkSession fresh = spark.newSession();
    Mesh.open(fresh, project.warehouse());
    assertThat(fresh.sql("SELECT * FROM sales.orders").count()).isEqualTo(3);
    assertThat(fresh.sql("SELECT * FROM sales.orders VERSION AS OF 0").count()).isEqualTo(2);
    // A session opened later on the same JVM sees the tables without opening the mesh again.
    assertThat(spark.newSession().sql("SELECT sum(amount) AS total FROM sales.orders").first().getDecimal(0)).isEqualByComparingTo("31.50");

    TestProject.Result sql = project.mesh("sql", "SELECT order_id FROM sales.orders VERSION AS OF 0 ORDER BY order_id", "--json");
    assertThat(sql.code()).as(sql.err()).isZero();
    JsonNode rows = new ObjectMapper().readTree(sql.out());
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("order_id").asText()).isEqualTo("O-1");

    TestProject.Result bad = project.mesh("sql", "SELECT nope FROM sales.orders");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).startsWith("The query does not run: ").contains("nope");
  }

  @Test
  void slaCheckReportsBreachedWithExitSixAndOkOtherwise(@TempDir Path dir) throws Exception {
    TestProject project = new TestProject(dir);
    project.write("conf/products/sales/orders.conf", TestProject.ORDERS.replace("sla.freshness = 24h", "sla.freshness = 1h"));
    project.write("conf/products/sales/returns.conf", TestProject.ORDERS.replace("name = orders", "name = returns"));
    project.write("conf/products/sales/refunds.conf", TestProject.ORDERS.replace("name = orders", "name = refunds"));
    Mesh mesh = Mesh.open(spark, project.warehouse());
    Instant yesterday = Instant.now().minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    mesh.catalog().record(entry("sales.orders", yesterday));
    mesh.catalog().record(entry("sales.returns", Instant.now().minus(Duration.ofMinutes(5))));

    TestProject.Result r = project.mesh("sla", "check", "--json");
    assertThat(r.code()).as(r.err()).isEqualTo(6);
    JsonNode all = new ObjectMapper().readTree(r.out());
    assertThat(all).hasSize(3);
    JsonNode orders = all.get(0);
    assertThat(orders.get("product").asText()).isEqualTo("sales.orders");
    assertThat(orders.get("freshness").asText()).isEqualTo("1h");
    assertThat(orders.get("lastPublishedAt").asText()).isEqualTo(yesterday.toString());
    assertThat(orders.get("ageSeconds").asLong()).isBetween(86_400L, 86_400L + 600);
    assertThat(orders.get("status").asText()).isEqualTo("breached");
    assertThat(all.get(1).get("product").asText()).isEqualTo("sales.refunds");
    assertThat(all.get(1).get("status").asText()).isEqualTo("never-published");
    assertThat(all.get(1).get("lastPublishedAt").isNull()).isTrue();
    assertThat(all.get(2).get("status").asText()).isEqualTo("ok");

    TestProject.Result fresh = project.mesh("sla", "check", "sales.returns");
    assertThat(fresh.code()).as(fresh.err()).isZero();
    assertThat(fresh.out()).contains("sales.returns").contains("ok");
  }

  private static CatalogEntry entry(String product, Instant at) {
    String[] p = product.split("\\.");
    return new CatalogEntry(product, p[0], p[1], 0L, "1.0.0", "sales-data", "certified", 2, at, "run-1", LocalDate.now(), 4, 0, 0, null, "Orders.", "/tmp/x");
  }
}
