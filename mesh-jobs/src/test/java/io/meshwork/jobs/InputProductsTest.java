package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.Mesh;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An input product must exist somewhere: a contract in the project or a table in the warehouse.
 * A product of another domain published to the same warehouse is read without its contract.
 */
@ExtendWith(SharedSpark.class)
class InputProductsTest {
  @Test
  void aProductPublishedToTheWarehouseIsReadWithoutItsContractAndOneFoundNowhereIsRefused(SparkSession spark, @TempDir Path dir)
      throws Exception {
    TestProject project = new TestProject(dir)
        .write("conf/products/sales/orders.conf", TestProject.ORDERS)
        .write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\n");
    assertThat(project.mesh("run", "sales.orders").code()).isZero();

    // The sales domain's contract lives in its own project; only its table is in the warehouse.
    Files.delete(project.file("conf/products/sales/orders.conf"));
    project.write("conf/products/finance/totals.conf", TestProject.TOTALS);
    TestProject.Result totals = project.mesh("run", "finance.totals");
    assertThat(totals.code()).as(totals.err()).isZero();
    assertThat(Mesh.open(spark, project.warehouse()).read("finance.totals").latest().first().getLong(0)).isEqualTo(2);

    project.write("conf/products/finance/totals.conf", TestProject.TOTALS.replace("[ sales.orders ]", "[ sales.orders, crm.nobody ]"));
    TestProject.Result unknown = project.mesh("run", "finance.totals");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err().strip())
        .isEqualTo(
            project.file("conf/products/finance/totals.conf") + ":5: finance.totals: input product crm.nobody has no contract in "
                + project.file("conf/products") + " and no table in " + project.warehouse());
  }
}
