package io.meshwork.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.jobs.TestProject;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code catalog list}: rows are the rows of the published version, rowsAdded what the run wrote. */
@ExtendWith(SharedSpark.class)
class CatalogRowsTest {
  private static final String APPEND_ORDERS = TestProject.ORDERS.replace("sla.freshness = 24h", "write { mode = append }\n  sla.freshness = 24h");

  @Test
  void anAppendRerunShowsTheVersionsRowsAndSaysItAddedNothing(@TempDir Path dir) throws Exception {
    TestProject project = new TestProject(dir)
        .write("conf/products/sales/orders.conf", APPEND_ORDERS)
        .write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,4.00\n");
    assertThat(project.mesh("run", "sales.orders", "--date", "2026-11-22").code()).isZero();
    project.write("data/orders.csv", "order_id,amount\nO-3,1.00\n");
    assertThat(project.mesh("run", "sales.orders", "--date", "2026-11-23").code()).isZero();

    JsonNode appended = entry(project);
    assertThat(appended.get("dataVersion").asLong()).isEqualTo(1);
    assertThat(appended.get("rows").asLong()).isEqualTo(3);
    assertThat(appended.get("rowsAdded").asLong()).isEqualTo(1);

    TestProject.Result rerun = project.mesh("run", "sales.orders", "--date", "2026-11-23");
    assertThat(rerun.code()).as(rerun.err()).isZero();
    JsonNode again = entry(project);
    assertThat(again.get("dataVersion").asLong()).isEqualTo(1);
    assertThat(again.get("rows").asLong()).isEqualTo(3);
    assertThat(again.get("rowsAdded").asLong()).isZero();

    TestProject.Result text = project.mesh("catalog", "list");
    assertThat(text.out().lines().toList().get(0)).matches("product\\s+version\\s+contract\\s+owner\\s+status\\s+rows\\s+added\\s+published at");
    assertThat(text.out().lines().filter(l -> l.startsWith("sales.orders")).map(l -> l.replaceAll("\\s+", " ")))
        .singleElement().asString().startsWith("sales.orders 1 1.0.0 ").contains(" certified 3 rerun: nothing added ");
  }

  private static JsonNode entry(TestProject project) throws Exception {
    TestProject.Result list = project.mesh("catalog", "list", "--json");
    assertThat(list.code()).as(list.err()).isZero();
    JsonNode entries = new ObjectMapper().readTree(list.out());
    assertThat(entries).hasSize(1);
    return entries.get(0);
  }
}
