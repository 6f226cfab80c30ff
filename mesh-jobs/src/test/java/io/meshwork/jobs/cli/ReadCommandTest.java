package io.meshwork.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.Mesh;
import io.meshwork.core.catalog.ProductVersion;
import io.meshwork.jobs.TestProject;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code mesh read} says on stderr which data version and major it resolved to; stdout stays the rows. */
@ExtendWith(SharedSpark.class)
class ReadCommandTest {
  @Test
  void saysWhichVersionItReadWithLatestVersionAndAsOfInTextAndJson(SparkSession spark, @TempDir Path dir) throws Exception {
    TestProject project = new TestProject(dir)
        .write("conf/products/sales/orders.conf", TestProject.ORDERS)
        .write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\n");
    assertThat(project.mesh("run", "sales.orders", "--date", "2026-11-22").code()).isZero();
    project.write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\nO-3,5.25\n");
    assertThat(project.mesh("run", "sales.orders", "--date", "2026-11-23").code()).isZero();
    List<ProductVersion> versions = Mesh.open(spark, project.warehouse()).read("sales.orders").versions();
    assertThat(versions).hasSize(2);

    TestProject.Result latest = project.mesh("read", "sales.orders");
    assertThat(latest.code()).as(latest.err()).isZero();
    assertThat(latest.err().lines().toList()).containsExactly(line(versions.get(1)));
    assertThat(latest.out()).contains("O-3");

    TestProject.Result pinned = project.mesh("read", "sales.orders", "--version", "0", "--json");
    assertThat(pinned.code()).as(pinned.err()).isZero();
    assertThat(pinned.err().lines().toList()).containsExactly(line(versions.get(0)));
    assertThat(new ObjectMapper().readTree(pinned.out()).isArray()).isTrue();
    assertThat(new ObjectMapper().readTree(pinned.out())).hasSize(2);

    TestProject.Result asOf = project.mesh("read", "sales.orders", "--as-of", versions.get(0).timestamp().toString(), "--json");
    assertThat(asOf.code()).as(asOf.err()).isZero();
    assertThat(asOf.err().lines().toList()).containsExactly(line(versions.get(0)));
    assertThat(new ObjectMapper().readTree(asOf.out())).hasSize(2);
  }

  private static String line(ProductVersion v) {
    return "sales.orders: data version " + v.version() + " of major 1 (contract 1.0.0, published " + v.timestamp() + ")";
  }
}
