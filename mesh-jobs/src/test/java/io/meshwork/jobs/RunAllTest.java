package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** `run --all`: upstream first, independent products concurrently, downstream of a failure skipped. */
@ExtendWith(SharedSpark.class)
class RunAllTest {
  @Test
  void runsUpstreamFirstAndSkipsTheDownstreamOfAFailure(@TempDir Path dir) throws Exception {
    TestProject project = new TestProject(dir)
        .write("conf/products/sales/orders.conf", TestProject.ORDERS)
        .write("conf/products/finance/totals.conf", TestProject.TOTALS)
        .write("conf/products/sales/returns.conf", TestProject.ORDERS.replace("name = orders", "name = returns").replace("data/orders.csv", "data/returns.csv"))
        .write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\n")
        .write("data/returns.csv", "order_id,amount\nO-1,3.00\n");

    TestProject.Result ok = project.mesh("run", "--all", "--date", "2026-11-23", "--json");
    assertThat(ok.code()).as(ok.err()).isZero();
    JsonNode runs = new ObjectMapper().readTree(ok.out());
    assertThat(runs).extracting(r -> r.get("product").asText() + " " + r.get("status").asText() + " " + r.get("rows").asLong())
        .containsExactly("sales.orders certified 2", "finance.totals certified 1", "sales.returns certified 1");

    project.write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-1,20.00\n");
    TestProject.Result failed = project.mesh("run", "--all", "--date", "2026-11-24");
    assertThat(failed.code()).isEqualTo(3);
    assertThat(failed.err()).contains("sales.orders: Quality gate failed for sales.orders (contract 1.0.0): uniqueness(order_id)")
        .contains("finance.totals: skipped: upstream sales.orders not published");
    assertThat(failed.out().lines().map(String::strip).toList())
        .contains("product         status     version  rows  seconds")
        .anyMatch(l -> l.matches("sales\\.orders +failed +- +2 +\\d+\\.\\d"))
        .anyMatch(l -> l.matches("finance\\.totals +skipped +- +0 +0\\.0"))
        .anyMatch(l -> l.matches("sales\\.returns +certified +1 +1 +\\d+\\.\\d"));

    // --select: only the matching products run; the others keep their versions.
    TestProject.Result selected = project.mesh("run", "--all", "--select", "sales.ret*", "--date", "2026-11-25", "--json");
    assertThat(selected.code()).as(selected.err()).isZero();
    assertThat(new ObjectMapper().readTree(selected.out())).extracting(r -> r.get("product").asText() + " " + r.get("dataVersion").asLong())
        .containsExactly("sales.returns 2");
    TestProject.Result none = project.mesh("run", "--all", "--select", "hr.*");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err().trim()).isEqualTo("--select 'hr.*' matches no product of " + dir.resolve("conf").resolve("products"));
  }
}
