package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A product's SQL reads only what its contract declares; Java methods only when governance allows them. */
@ExtendWith(SharedSpark.class)
class DeclaredReadsTest {
  private static final String SQL = "sql = \"SELECT order_id, CAST(amount AS DECIMAL(12,2)) AS amount FROM raw_orders\"";

  @TempDir Path dir;

  private TestProject project(String sql) {
    TestProject project = new TestProject(dir).write("conf/products/sales/orders.conf", TestProject.ORDERS.replace(SQL, sql));
    project.write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\n");
    return project;
  }

  @Test
  void aFileTheContractDoesNotDeclareIsAContractErrorAtTheSqlLine() {
    TestProject project = project("sql = \"SELECT value AS order_id, CAST(1 AS DECIMAL(12,2)) AS amount FROM text.`/etc/passwd`\"");

    TestProject.Result r = project.mesh("run", "sales.orders");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            project.file("conf/products/sales/orders.conf") + ":8: sales.orders: the product's sql reads file:/etc/passwd (text), "
                + "which the contract does not declare (declare it under inputs.sources or inputs.products)");
    assertThat(Files.exists(project.warehouse().resolve("sales/orders/v1/_delta_log"))).isFalse();
  }

  @Test
  void anUndeclaredTableOrPathIsRefusedEvenInASubquery() {
    TestProject project = project(SQL);
    assertThat(project.mesh("run", "sales.orders").code()).isZero();
    Path orders = project.warehouse().resolve("sales/orders/v1");
    project.write(
        "conf/products/sales/copy.conf",
        TestProject.ORDERS.replace("name = orders", "name = copy")
            .replace(SQL, "sql = \"SELECT order_id, CAST(amount AS DECIMAL(12,2)) AS amount FROM raw_orders WHERE order_id IN (SELECT order_id FROM delta.`" + orders + "`)\""));

    TestProject.Result r = project.mesh("run", "sales.copy");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(":8: sales.copy: the product's sql reads the Delta table file:" + orders + ", which the contract does not declare");
    assertThat(Files.exists(project.warehouse().resolve("sales/copy/v1/_delta_log"))).isFalse();

    project.write(
        "conf/products/sales/copy.conf",
        TestProject.ORDERS.replace("name = orders", "name = copy")
            .replace("inputs { sources", "inputs { products = [ sales.orders ], sources")
            .replace(SQL, "sql = \"SELECT order_id, CAST(amount AS DECIMAL(12,2)) AS amount FROM raw_orders WHERE order_id IN (SELECT order_id FROM delta.`" + orders + "`)\""));
    TestProject.Result declared = project.mesh("run", "sales.copy");
    assertThat(declared.code()).as(declared.err()).isZero(); // the same table, now an input product
  }

  @Test
  void reflectIsRefusedUnlessGovernanceAllowsIt() {
    TestProject project =
        project("sql = \"SELECT order_id, CAST(amount AS DECIMAL(12,2)) AS amount FROM raw_orders WHERE reflect('java.lang.System', 'getProperty', 'user.home') IS NOT NULL\"");

    TestProject.Result refused = project.mesh("run", "sales.orders");

    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err())
        .contains(
            ":8: sales.orders: the product's sql calls reflect('java.lang.System', ...), which reaches outside Spark; governance does not "
                + "allow it (sql.allow-reflection in governance.conf)");
    assertThat(Files.exists(project.warehouse().resolve("sales/orders/v1/_delta_log"))).isFalse();

    project.write("conf/governance.conf", "sql { allow-reflection = true }\n");
    TestProject.Result allowed = project.mesh("run", "sales.orders");
    assertThat(allowed.code()).as(allowed.err()).isZero();
  }
}
