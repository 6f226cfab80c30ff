package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshwork.core.Mesh;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --require-fresh-inputs}: exit 7 naming the input older than its freshness SLA. */
@ExtendWith(SharedSpark.class)
class FreshInputsTest {
  private final SparkSession spark;

  FreshInputsTest(SparkSession spark) {
    this.spark = spark;
  }

  @Test
  void refusesWithExitSevenWhileAnInputIsStaleAndRunsOnceItIsRepublished(@TempDir Path dir) throws Exception {
    TestProject project = new TestProject(dir);
    project.write("conf/products/sales/orders.conf", TestProject.ORDERS.replace("sla.freshness = 24h", "sla.freshness = 1h"));
    project.write("conf/products/finance/totals.conf", TestProject.TOTALS);
    project.write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\n");

    TestProject.Result never = project.mesh("run", "finance.totals", "--require-fresh-inputs");
    assertThat(never.code()).as(never.err()).isEqualTo(7);
    assertThat(never.err()).contains("finance.totals: input not fresh").contains("sales.orders has no certified version (sla.freshness 1h)");

    assertThat(project.mesh("run", "sales.orders").code()).isZero();
    Mesh mesh = Mesh.open(spark, project.warehouse());
    Instant published = mesh.catalog().lastCertified(io.meshwork.core.model.ProductId.parse("sales.orders")).orElseThrow().publishedAt();
    io.meshwork.core.model.DataProduct totals = new io.meshwork.core.contract.ContractRepository(project.root().resolve("conf")).load(io.meshwork.core.model.ProductId.parse("finance.totals"));
    // Two hours after that publish, the 1h SLA of sales.orders is breached.
    assertThatThrownBy(() -> ProductRunner.requireFreshInputs(
            totals, new io.meshwork.core.contract.ContractRepository(project.root().resolve("conf")), mesh, published.plus(Duration.ofHours(2))))
        .isInstanceOfSatisfying(io.meshwork.core.model.MeshException.class, e -> assertThat(ExitCodes.of(e).code()).isEqualTo(7))
        .hasMessageContaining("sales.orders was last published at " + published + ", 2h ago, older than its sla.freshness 1h");
    ProductRunner.requireFreshInputs(
        totals, new io.meshwork.core.contract.ContractRepository(project.root().resolve("conf")), mesh, published.plus(Duration.ofMinutes(30)));

    // Within the SLA the flag lets the run through.
    TestProject.Result fresh = project.mesh("run", "finance.totals", "--require-fresh-inputs");
    assertThat(fresh.code()).as(fresh.err()).isZero();
  }
}
