package io.meshwork.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshwork.core.model.MeshException;
import io.meshwork.jobs.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The public test API as a domain's test uses it: a product and its contract on small data. */
@ExtendWith(MeshExtension.class)
class MeshExtensionTest {
  @TempDir static Path project;
  static Path seenWarehouse;

  @BeforeAll
  static void writeProject() throws Exception {
    Files.createDirectories(project.resolve("conf/products/sales"));
    Files.createDirectories(project.resolve("data"));
    Files.writeString(project.resolve("data/orders.csv"), "order_id,amount\nO-1,10.50\nO-2,20.00\nO-3,-1.00\n");
    Files.writeString(
        project.resolve("conf/products/sales/orders.conf"),
        """
        product {
          domain = sales
          name = orders
          version = "1.0.0"
          description = "Orders."
          owner { team = sales-data, email = "sales-data@example.com" }
          inputs { sources { raw_orders { path = "data/orders.csv", format = csv } } }
          sql = "SELECT order_id, CAST(amount AS DECIMAL(12,2)) AS amount FROM raw_orders WHERE amount >= 0"
          schema {
            columns = [
              { name = order_id, type = string, nullable = false, description = "Order id", classification = internal }
              { name = amount, type = "decimal(12,2)", nullable = false, description = "Amount", classification = internal }
            ]
            primary-key = [order_id]
          }
          quality.constraints = [ { check = unique, columns = [order_id] }, { check = range, column = amount, min = 0 } ]
          sla.freshness = 24h
        }
        """);
  }

  @AfterAll
  static void warehouseIsGone() {
    assertThat(seenWarehouse).isNotNull();
    assertThat(Files.exists(seenWarehouse)).as("the temporary warehouse is deleted after its test").isFalse();
  }

  @Test
  void runPublishesIntoATemporaryWarehouseAndReadGivesTheCertifiedRows(ProductHarness test, SparkSession spark) {
    ProductHarness harness = test.forConf(project.resolve("conf"));
    seenWarehouse = harness.warehouse();
    RunReport report = harness.run("sales.orders");

    assertThat(report.published()).isTrue();
    assertThat(report.rows()).isEqualTo(2);
    assertThat(report.report().results()).hasSize(2);
    assertThat(harness.read("sales.orders").orderBy("order_id").collectAsList()).extracting(r -> r.getString(0)).containsExactly("O-1", "O-2");
    assertThat(harness.warehouse().getFileName().toString()).isEqualTo("warehouse");
    assertThat(Files.isDirectory(harness.warehouse().resolve("sales/orders/v1/_delta_log"))).isTrue();
    assertThat(spark).isSameAs(harness.spark()).isSameAs(LocalSpark.session());
    assertThat(spark.conf().get("spark.ui.enabled")).isEqualTo("false");
  }

  @Test
  void aRefusedRunComesBackWithItsExitCodeAndTheFailedConstraint(ProductHarness test) throws Exception {
    ProductHarness harness = test.forConf(project.resolve("conf"));
    Files.writeString(project.resolve("conf/products/sales/orders.conf"),
        Files.readString(project.resolve("conf/products/sales/orders.conf")).replace("amount >= 0", "amount >= -5"));
    try {
      RunReport refused = harness.attempt("sales.orders");
      assertThat(refused.published()).isFalse();
      assertThat(refused.exitCode().code()).isEqualTo(3);
      assertThat(refused.message()).contains("minimum(amount) must be >= 0.0 but was -1.0");
      assertThatThrownBy(() -> harness.run("sales.orders")).isInstanceOf(MeshException.class).hasMessageContaining("Quality gate failed for sales.orders");
      assertThat(harness.mesh().catalog().lastCertified(io.meshwork.core.model.ProductId.parse("sales.orders"))).isEmpty();
    } finally {
      Files.writeString(project.resolve("conf/products/sales/orders.conf"),
          Files.readString(project.resolve("conf/products/sales/orders.conf")).replace("amount >= -5", "amount >= 0"));
    }
  }
}
