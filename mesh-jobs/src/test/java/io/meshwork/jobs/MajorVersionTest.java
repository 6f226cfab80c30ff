package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshwork.core.Mesh;
import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.read.ProductReader;
import io.meshwork.core.spi.RunListener;
import io.meshwork.quality.DeequQualityGate;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Major bumps publish to their own table; deprecated majors warn, and past their sunset refuse runs naming the consumers. */
@ExtendWith(SharedSpark.class)
class MajorVersionTest {
  /** Major 2: amount renamed to value (breaking), one more order. */
  private static final String ORDERS_V2 =
      TestProject.ORDERS.replace("\"1.0.0\"", "\"2.0.0\"").replace("AS amount", "AS value").replace("name = amount", "name = value")
          .replace("column = amount", "column = value");

  private static String deprecated(String version, String sunset) {
    return TestProject.ORDERS.replace("\"1.0.0\"", "\"" + version + "\"")
        .replace("sla.freshness = 24h", "sla.freshness = 24h\n  deprecation { sunset = \"" + sunset + "\", successor-major = 2, note = \"amount is now value\" }");
  }

  @Test
  void majorBumpPublishesToANewTableAndTheOldMajorStillReads(SparkSession spark, @TempDir Path dir) {
    TestProject project = new TestProject(dir)
        .write("conf/products/sales/orders.conf", TestProject.ORDERS)
        .write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\n");
    assertThat(project.mesh("run", "sales.orders").code()).isZero();

    project.write("conf/products/sales/orders.conf", ORDERS_V2).write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\nO-3,5.00\n");
    TestProject.Result bumped = project.mesh("run", "sales.orders");
    assertThat(bumped.code()).as(bumped.err()).isZero(); // a breaking change with a major bump is not compared with major 1

    Path base = project.warehouse().resolve("sales/orders");
    assertThat(base.resolve("v2/_delta_log")).isDirectory();
    Mesh mesh = Mesh.open(spark, project.warehouse());
    assertThat(mesh.products()).containsExactly(ProductId.parse("sales.orders"));
    ProductReader newest = mesh.read("sales.orders");
    assertThat(newest.major()).isEqualTo(2);
    assertThat(newest.latest().columns()).containsExactly("order_id", "value");
    assertThat(newest.latest().count()).isEqualTo(3);
    ProductReader old = mesh.read(ProductId.parse("sales.orders"), 1);
    assertThat(old.latest().columns()).containsExactly("order_id", "amount");
    assertThat(old.latest().count()).isEqualTo(2);
    assertThat(old.latestVersion()).isZero();
    // Each major is a table of its own, side by side.
    assertThat(spark.read().format("delta").load(base.resolve("v1").toString()).count()).isEqualTo(2);
    assertThat(spark.sql("SELECT count(*) FROM sales.orders").first().getLong(0)).isEqualTo(3);
    assertThat(spark.sql("SELECT count(*) FROM sales.orders_v2").first().getLong(0)).isEqualTo(3);
    assertThat(spark.sql("SELECT * FROM sales.orders_v1").columns()).containsExactly("order_id", "amount");
    assertThat(spark.sql("SELECT count(*) FROM sales.orders_v1").first().getLong(0)).isEqualTo(2);

    TestProject.Result read = project.mesh("read", "sales.orders", "--major", "1", "--json");
    assertThat(read.code()).isZero();
    assertThat(read.out()).contains("\"amount\"").doesNotContain("\"value\"");
    assertThat(read.err()).doesNotContain("warning");
    // history and the catalog carry the major with the data version.
    TestProject.Result newestHistory = project.mesh("history", "sales.orders", "--json");
    assertThat(newestHistory.code()).as(newestHistory.err()).isZero();
    assertThat(newestHistory.out()).contains("\"major\" : 2").doesNotContain("\"major\" : 1");
    TestProject.Result oldHistory = project.mesh("history", "sales.orders", "--major", "1");
    assertThat(oldHistory.out().lines().skip(2).map(l -> l.trim().split("\\s+")[0]).toList()).isNotEmpty().containsOnly("1");
    assertThat(project.mesh("catalog", "list", "--json").out()).contains("\"major\" : 2");
    assertThat(project.mesh("read", "sales.orders", "--major", "3").err())
        .contains("No major 3 of data product sales.orders in warehouse " + project.warehouse() + " (newest major: 2)");
  }

  @Test
  void aConsumerStaysOnTheMajorItPublishedAgainstUntilItsContractNamesTheNewOne(SparkSession spark, @TempDir Path dir) {
    TestProject project = new TestProject(dir)
        .write("conf/products/sales/orders.conf", TestProject.ORDERS)
        .write("conf/products/finance/totals.conf", TestProject.TOTALS)
        .write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\n");
    assertThat(project.mesh("run", "sales.orders").code()).isZero();
    assertThat(project.mesh("run", "finance.totals").code()).isZero();
    project.write("conf/products/sales/orders.conf", ORDERS_V2).write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\nO-3,5.00\n");
    assertThat(project.mesh("run", "sales.orders").code()).isZero();

    // Still major 1 (which has amount): two orders, not three.
    TestProject.Result stays = project.mesh("run", "finance.totals");
    assertThat(stays.code()).as(stays.err()).isZero();
    Mesh mesh = Mesh.open(spark, project.warehouse());
    assertThat(mesh.read("finance.totals").latest().first().getLong(0)).isEqualTo(2);

    // Moving to major 2 is a change to the consumer's contract.
    project.write("conf/products/finance/totals.conf", TestProject.TOTALS.replace("\"1.0.0\"", "\"1.1.0\"")
        .replace("[ sales.orders ]", "[ \"sales.orders@v2\" ]").replace("sum(amount)", "sum(value)"));
    TestProject.Result moved = project.mesh("run", "finance.totals");
    assertThat(moved.code()).as(moved.err()).isZero();
    assertThat(Mesh.open(spark, project.warehouse()).read("finance.totals").latest().first().getLong(0)).isEqualTo(3);

    // And the next run without @v2 stays on major 2, the one it last published against.
    project.write("conf/products/finance/totals.conf", TestProject.TOTALS.replace("\"1.0.0\"", "\"1.1.1\"").replace("sum(amount)", "sum(value)"));
    TestProject.Result again = project.mesh("run", "finance.totals");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(Mesh.open(spark, project.warehouse()).read("finance.totals").latest().first().getLong(0)).isEqualTo(3);
  }

  @Test
  void deprecatedMajorWarnsAndAfterItsSunsetRunsAndBreakingChangesAreRefusedNamingConsumers(SparkSession spark, @TempDir Path dir)
      throws Exception {
    TestProject project = new TestProject(dir)
        .write("conf/products/sales/orders.conf", TestProject.ORDERS)
        .write("conf/products/finance/totals.conf", TestProject.TOTALS)
        .write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\n");
    assertThat(project.mesh("run", "sales.orders").code()).isZero();
    assertThat(project.mesh("run", "finance.totals").code()).isZero();

    // Deprecated, sunset ahead: the run publishes, the stamp carries the deprecation, reads warn.
    project.write("conf/products/sales/orders.conf", deprecated("1.1.0", "2099-12-31"));
    TestProject.Result run = project.mesh("run", "sales.orders");
    assertThat(run.code()).as(run.err()).isZero();
    TestProject.Result read = project.mesh("read", "sales.orders");
    assertThat(read.code()).isZero();
    assertThat(read.err().lines().toList())
        .contains("warning: sales.orders major 1 is deprecated: sunset 2099-12-31, move to major 2 (amount is now value)");
    assertThat(Mesh.open(spark, project.warehouse()).read("sales.orders").deprecationWarning())
        .contains("warning: sales.orders major 1 is deprecated: sunset 2099-12-31, move to major 2 (amount is now value)");

    // A consumer-breaking change without a major bump: refused, naming the consumers that read the column.
    String file = project.file("conf/products/sales/orders.conf").toString();
    project.write("conf/products/sales/orders.conf",
        deprecated("1.2.0", "2099-12-31").replace("decimal(12,2)", "decimal(10,2)").replace("DECIMAL(12,2)", "DECIMAL(10,2)"));
    TestProject.Result breaking = project.mesh("run", "sales.orders");
    assertThat(breaking.code()).isEqualTo(2);
    assertThat(breaking.err().lines().toList())
        .contains(
            file + ":12: sales.orders: consumer-breaking change without a major version bump (1.1.0 -> 1.2.0): column 'amount' type changed from decimal(12,2) to decimal(10,2)",
            "  consumers: read it: finance.totals (read sales.orders@0)");

    // Past its sunset: a run of the deprecated major is refused, naming the consumers; nothing published.
    project.write("conf/products/sales/orders.conf", deprecated("1.1.1", "2020-01-01"));
    int line = Files.readAllLines(Path.of(file)).indexOf("  deprecation { sunset = \"2020-01-01\", successor-major = 2, note = \"amount is now value\" }") + 1;
    TestProject.Result sunset = project.mesh("run", "sales.orders");
    assertThat(sunset.code()).isEqualTo(2);
    assertThat(sunset.err().lines().toList())
        .containsSubsequence(
            file + ":" + line + ": sales.orders major 1 is past its sunset 2020-01-01: runs of it are refused; publish major 2 instead",
            "consumers: finance.totals (read sales.orders@0)");
    assertThat(Mesh.open(spark, project.warehouse()).read("sales.orders").latestVersion()).isEqualTo(1);
    assertThat(List.of(line)).doesNotContain(0);

    // A consumer still on the deprecated major: warned, by name; past the sunset, refused.
    String totals = project.file("conf/products/finance/totals.conf").toString();
    TestProject.Result warned = project.mesh("run", "finance.totals");
    assertThat(warned.code()).as(warned.err()).isZero();
    assertThat(warned.err().lines().toList()).contains(
        "warning: finance.totals reads sales.orders major 1, deprecated: sunset 2099-12-31; move to major 2 (\"sales.orders@v2\" in inputs.products)");
    ProductRunner later = new ProductRunner(spark, new ContractRepository(project.file("conf")), Mesh.open(spark, project.warehouse()),
        new DeequQualityGate(), RunListener.NONE).withClock(Clock.fixed(Instant.parse("2100-01-01T00:00:00Z"), ZoneOffset.UTC));
    assertThatThrownBy(() -> later.run(ProductId.parse("finance.totals"), LocalDate.of(2100, 1, 1)))
        .isInstanceOf(ContractException.class)
        .hasMessage(totals + ":5: finance.totals: input sales.orders major 1 is past its sunset 2099-12-31: reads of it by runs are refused; "
            + "move to major 2 (\"sales.orders@v2\" in inputs.products)");
  }
}
