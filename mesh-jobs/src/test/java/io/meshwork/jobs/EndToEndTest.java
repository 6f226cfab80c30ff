package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.Mesh;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The walking skeleton through the command line: publish, read by version, catalog, refused change. */
@ExtendWith(SharedSpark.class)
class EndToEndTest {
  private final SparkSession spark;
  @TempDir Path project;

  EndToEndTest(SparkSession spark) {
    this.spark = spark;
  }

  private TestProject project() {
    return new TestProject(project);
  }

  private TestProject.Result mesh(String... args) {
    return project().mesh(args);
  }

  private void write(String relative, String text) {
    project().write(relative, text);
  }

  @Test
  void publishesReadsByVersionAndRefusesABadChange() throws Exception {
    write("conf/products/sales/orders.conf", TestProject.ORDERS);
    write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\nO-3,5.25\n");

    TestProject.Result first = mesh("run", "sales.orders", "--date", "2026-11-23");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("Published sales.orders (contract 1.0.0) as data version 0");

    write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\nO-3,5.25\nO-4,1.00\n");
    assertThat(mesh("run", "sales.orders", "--date", "2026-11-24").code()).isZero();

    Mesh m = Mesh.open(spark, project.resolve("warehouse"));
    assertThat(m.read("sales.orders").latest().count()).isEqualTo(4);
    assertThat(m.read("sales.orders").version(0).count()).isEqualTo(3);

    TestProject.Result list = mesh("catalog", "list", "--json");
    assertThat(list.code()).as(list.err()).isZero();
    JsonNode entry = new ObjectMapper().readTree(list.out()).get(0);
    assertThat(entry.get("product").asText()).isEqualTo("sales.orders");
    assertThat(entry.get("domain").asText()).isEqualTo("sales");
    assertThat(entry.get("dataVersion").asLong()).isEqualTo(1);
    assertThat(entry.get("contractVersion").asText()).isEqualTo("1.0.0");
    assertThat(entry.get("owner").asText()).isEqualTo("sales-data");
    assertThat(entry.get("status").asText()).isEqualTo("certified");
    assertThat(entry.get("rows").asLong()).isEqualTo(4);
    assertThat(entry.get("publishedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");

    // A change whose data breaks a constraint: exit 3, the message, the table untouched.
    write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,-3.00\n");
    TestProject.Result refused = mesh("run", "sales.orders", "--date", "2026-11-25");
    assertThat(refused.code()).isEqualTo(3);
    assertThat(refused.err())
        .startsWith("Quality gate failed for sales.orders (contract 1.0.0): minimum(amount) must be >= 0")
        .doesNotContain("does not meet the constraint requirement")
        .doesNotContain("at io.meshwork");
    assertThat(m.read("sales.orders").latestVersion()).isEqualTo(1);
    assertThat(m.read("sales.orders").latest().count()).isEqualTo(4);

    JsonNode after = new ObjectMapper().readTree(mesh("catalog", "list", "--json").out()).get(0);
    assertThat(after.get("status").asText()).isEqualTo("failed");
    assertThat(after.get("dataVersion").asLong()).isEqualTo(1);

    TestProject.Result read = mesh("read", "sales.orders", "--version", "0", "--json");
    assertThat(read.code()).as(read.err()).isZero();
    assertThat(new ObjectMapper().readTree(read.out())).hasSize(3);
  }

  @Test
  void contractErrorsExitTwoWithFileAndLineAndWriteNothing() throws Exception {
    write("conf/products/sales/orders.conf", TestProject.ORDERS.replace("version = \"1.0.0\"", "version = \"1.0\"").replace("check = unique", "check = uniqe"));
    TestProject.Result r = mesh("run", "sales.orders");
    assertThat(r.code()).isEqualTo(2);
    String file = project.resolve("conf/products/sales/orders.conf").toString();
    assertThat(r.err().lines().toList())
        .contains(
            file + ":4: sales.orders: contract version '1.0' is not a semantic version MAJOR.MINOR.PATCH",
            file + ":17: sales.orders: unknown check 'uniqe' (did you mean 'unique'?)");
    assertThat(r.err()).doesNotContain("Exception");
    assertThat(project.resolve("warehouse")).doesNotExist();
  }

  @Test
  void unknownProductAndVersionAreClearErrors() throws Exception {
    write("conf/products/sales/orders.conf", TestProject.ORDERS);
    write("data/orders.csv", "order_id,amount\nO-1,10.50\n");
    assertThat(mesh("run", "sales.orders").code()).isZero();

    TestProject.Result unknownVersion = mesh("read", "sales.orders", "--version", "7");
    assertThat(unknownVersion.code()).isEqualTo(2);
    assertThat(unknownVersion.err().trim()).isEqualTo("sales.orders has no certified version 7 (certified versions: 0)");

    TestProject.Result unknownProduct = mesh("read", "sales.orderz");
    assertThat(unknownProduct.code()).isEqualTo(2);
    assertThat(unknownProduct.err().trim()).startsWith("No data product sales.orderz in warehouse");
  }
}
