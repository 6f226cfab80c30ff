package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.Mesh;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run compares its contract with the one stamped on the live table before building anything: a
 * consumer-breaking change without a major bump is refused naming who reads the changed column; a
 * tightening on a table that keeps history is checked against the rows already published.
 */
@ExtendWith(SharedSpark.class)
class ContractCompatibilityTest {
  private static final String APPEND = TestProject.ORDERS.replace("sla.freshness = 24h", "sla.freshness = 24h\n  write { mode = append }");

  @Test
  void consumerBreakingChangeWithoutMajorBumpExitsTwoNamingTheConsumersOfTheColumn(SparkSession spark, @TempDir Path dir) {
    TestProject project = new TestProject(dir)
        .write("conf/products/sales/orders.conf", TestProject.ORDERS)
        .write("conf/products/finance/totals.conf", TestProject.TOTALS)
        .write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\n");
    assertThat(project.mesh("run", "sales.orders").code()).isZero();
    assertThat(project.mesh("run", "finance.totals").code()).isZero();

    // Compatible: a better description and a minor bump.
    project.write("conf/products/sales/orders.conf", TestProject.ORDERS.replace("\"1.0.0\"", "\"1.1.0\"").replace("Order id", "Order identifier"));
    assertThat(project.mesh("run", "sales.orders").code()).isZero();

    // Consumer-breaking: the amount's type narrowed (finance.totals sums it) and the key's uniqueness dropped
    // (finance.totals only counts rows), with a minor bump; the raised minimum is a tightening and passes.
    String breaking = TestProject.ORDERS.replace("\"1.0.0\"", "\"1.2.0\"").replace("decimal(12,2)", "decimal(10,2)").replace("DECIMAL(12,2)", "DECIMAL(10,2)")
        .replace("{ check = unique, columns = [order_id] }", "")
        .replace("{ check = range, column = amount, min = 0 }", "{ check = range, column = amount, min = 1 }");
    project.write("conf/products/sales/orders.conf", breaking);
    TestProject.Result refused = project.mesh("run", "sales.orders");
    assertThat(refused.code()).isEqualTo(2);
    String file = project.file("conf/products/sales/orders.conf").toString();
    assertThat(refused.err().lines().toList())
        .containsSubsequence(
            file + ":12: sales.orders: consumer-breaking change without a major version bump (1.1.0 -> 1.2.0): column 'amount' type changed from decimal(12,2) to decimal(10,2)",
            "  consumers: read it: finance.totals (read sales.orders@0)",
            file + ":17: sales.orders: consumer-breaking change without a major version bump (1.1.0 -> 1.2.0): error-level constraint unique(order_id) removed",
            "  consumers: unaffected: finance.totals (read sales.orders@0)")
        .noneMatch(l -> l.contains("range(amount)"));
    assertThat(Mesh.open(spark, project.warehouse()).read("sales.orders").latestVersion()).isEqualTo(1);

    // contract diff says the same, with the consumers in JSON.
    project.write("live.conf", TestProject.ORDERS.replace("\"1.0.0\"", "\"1.1.0\"").replace("Order id", "Order identifier"));
    TestProject.Result diff = project.mesh("contract", "diff", "sales.orders", "--against", project.file("live.conf").toString(), "--json");
    assertThat(diff.code()).isEqualTo(2);
    assertThat(diff.out().replaceAll("\\s+", " "))
        .contains("\"kind\" : \"consumer-breaking\", \"file\" : \"" + file + "\", \"line\" : 12, \"description\" : \"column 'amount' type changed from decimal(12,2) to decimal(10,2)\", "
            + "\"consumers\" : [ { \"node\" : \"finance.totals\", \"version\" : \"sales.orders@0\", \"reads\" : \"yes\" } ]")
        .contains("\"description\" : \"error-level constraint unique(order_id) removed\", "
            + "\"consumers\" : [ { \"node\" : \"finance.totals\", \"version\" : \"sales.orders@0\", \"reads\" : \"no\" } ]")
        .contains("\"kind\" : \"tightening\"");
  }

  @Test
  void aTighteningOnATableThatKeepsHistoryIsCheckedAgainstThePublishedRows(SparkSession spark, @TempDir Path dir) {
    TestProject project = new TestProject(dir)
        .write("conf/products/sales/orders.conf", APPEND)
        .write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,0.50\n");
    assertThat(project.mesh("run", "sales.orders", "--date", "2026-11-23").code()).isZero();
    project.write("live.conf", APPEND);

    // The minimum raised to 1: the published 0.50 breaks it. Refused before anything is written.
    project.write("conf/products/sales/orders.conf", APPEND.replace("\"1.0.0\"", "\"1.1.0\"")
        .replace("{ check = range, column = amount, min = 0 }", "{ check = range, column = amount, min = 1 }"))
        .write("data/orders.csv", "order_id,amount\nO-3,12.00\n");
    String file = project.file("conf/products/sales/orders.conf").toString();
    String expected = file + ":20: sales.orders: tightening not met by the data already published: constraint range(amount) tightened: min raised from 0 to 1: ";

    TestProject.Result check = project.mesh("contract", "diff", "sales.orders", "--against", project.file("live.conf").toString(), "--check-data");
    assertThat(check.code()).as(check.err()).isEqualTo(3);
    assertThat(check.out()).contains("tightening ").endsWith("1 change, none consumer-breaking (1 tightening: the data already published must meet them).\n");
    assertThat(check.err()).contains("Published data of sales.orders (contract 1.1.0) (data version 0, 2 rows, write mode append) breaks 1 tightening of the contract; nothing was written:\n" + expected)
        .contains("0.5");

    TestProject.Result run = project.mesh("run", "sales.orders", "--date", "2026-11-24");
    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err().lines().toList()).anyMatch(l -> l.startsWith(expected) && l.contains("(examples: 0.50)"));
    assertThat(Mesh.open(spark, project.warehouse()).read("sales.orders").latestVersion()).isZero();

    // A tightening the published rows meet: the run publishes.
    project.write("conf/products/sales/orders.conf", APPEND.replace("\"1.0.0\"", "\"1.1.0\"")
        .replace("{ check = range, column = amount, min = 0 }", "{ check = range, column = amount, min = 0, max = 100 }"));
    assertThat(project.mesh("contract", "diff", "sales.orders", "--against", project.file("live.conf").toString(), "--check-data").code()).isZero();
    TestProject.Result ok = project.mesh("run", "sales.orders", "--date", "2026-11-24");
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(Mesh.open(spark, project.warehouse()).read("sales.orders").latestVersion()).isEqualTo(1);
  }
}
