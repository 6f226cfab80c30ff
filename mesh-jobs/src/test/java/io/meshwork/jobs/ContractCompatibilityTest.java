package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.Mesh;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A run compares its contract with the one stamped on the live table before building anything. */
@ExtendWith(SharedSpark.class)
class ContractCompatibilityTest {
  @Test
  void breakingChangeWithoutMajorBumpExitsTwoAndPublishesNothing(SparkSession spark, @TempDir Path dir) {
    TestProject project = new TestProject(dir)
        .write("conf/products/sales/orders.conf", TestProject.ORDERS)
        .write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\n");
    assertThat(project.mesh("run", "sales.orders").code()).isZero();

    // Compatible: a better description and a minor bump.
    project.write("conf/products/sales/orders.conf", TestProject.ORDERS.replace("\"1.0.0\"", "\"1.1.0\"").replace("Order id", "Order identifier"));
    assertThat(project.mesh("run", "sales.orders").code()).isZero();

    // Breaking: the amount's type narrowed and the range tightened, with only a minor bump.
    String breaking = TestProject.ORDERS.replace("\"1.0.0\"", "\"1.2.0\"").replace("decimal(12,2)", "decimal(10,2)").replace("DECIMAL(12,2)", "DECIMAL(10,2)")
        .replace("{ check = range, column = amount, min = 0 }", "{ check = range, column = amount, min = 1 }");
    project.write("conf/products/sales/orders.conf", breaking);
    TestProject.Result refused = project.mesh("run", "sales.orders");
    assertThat(refused.code()).isEqualTo(2);
    String file = project.file("conf/products/sales/orders.conf").toString();
    assertThat(refused.err().lines().toList())
        .contains(
            file + ":12: sales.orders: breaking change without a major version bump (1.1.0 -> 1.2.0): column 'amount' type changed from decimal(12,2) to decimal(10,2)")
        .anyMatch(l -> l.startsWith(file + ":20: sales.orders: breaking change without a major version bump (1.1.0 -> 1.2.0): ") && l.contains("range(amount)"));
    assertThat(Mesh.open(spark, project.warehouse()).read("sales.orders").latestVersion()).isEqualTo(1);
  }
}
