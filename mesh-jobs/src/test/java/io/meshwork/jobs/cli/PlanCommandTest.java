package io.meshwork.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.jobs.TestProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mesh plan}: run order, waves, selection with upstream, JSON, and cycles refused by name. */
class PlanCommandTest {
  @TempDir Path project;

  /** A valid contract reading the given products (line 7 declares them). */
  static String contract(String domain, String name, String... reads) {
    return """
        product {
          domain = %s
          name = %s
          version = "1.0.0"
          description = "Test product."
          owner { team = data, email = "data@example.com" }
          inputs { products = [ %s ] }
          sql = "SELECT 1 AS id"
          schema {
            columns = [ { name = id, type = int, nullable = false, description = "Id", classification = internal } ]
            primary-key = [id]
          }
          quality.constraints = [ { check = row-count, min = 1 } ]
          sla.freshness = 24h
        }
        """
        .formatted(domain, name, String.join(", ", reads));
  }

  private void product(String id, String... reads) throws IOException {
    String[] parts = id.split("\\.");
    Path file = project.resolve("conf/products/" + parts[0] + "/" + parts[1] + ".conf");
    Files.createDirectories(file.getParent());
    Files.writeString(file, contract(parts[0], parts[1], reads));
  }

  private String file(String id) {
    String[] parts = id.split("\\.");
    return project.resolve("conf").resolve("products/" + parts[0] + "/" + parts[1] + ".conf").toString();
  }

  private TestProject.Result plan(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "plan";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--conf";
    all[args.length + 2] = project.resolve("conf").toString();
    return TestProject.execute(all);
  }

  private void sampleMesh() throws IOException {
    product("crm.customers");
    product("crm.support_tickets");
    product("sales.orders", "crm.customers");
    product("sales.returns");
    product("sales.revenue_daily", "sales.orders");
    product("supply_chain.inventory_positions");
    product("supply_chain.shipments", "sales.orders");
  }

  @Test
  void printsEveryProductUpstreamFirstInWaves() throws IOException {
    sampleMesh();
    TestProject.Result r = plan("--all");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out().lines().toList())
        .containsExactly(
            "Run order: 7 products in 3 waves (the products of a wave do not depend on each other)",
            "step  wave  product                           reads",
            "----  ----  --------------------------------  -------------",
            "1     1     crm.customers                     -",
            "2     1     crm.support_tickets               -",
            "3     2     sales.orders                      crm.customers",
            "4     1     sales.returns                     -",
            "5     3     sales.revenue_daily               sales.orders",
            "6     1     supply_chain.inventory_positions  -",
            "7     3     supply_chain.shipments            sales.orders");
  }

  @Test
  void allIsTheDefault() throws IOException {
    sampleMesh();
    assertThat(plan().out()).isEqualTo(plan("--all").out());
  }

  @Test
  void namedProductsArePlannedWithTheirUpstreamOnly() throws IOException {
    sampleMesh();
    TestProject.Result r = plan("sales.revenue_daily");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().toList())
        .containsExactly(
            "Run order: 3 products in 3 waves (the products of a wave do not depend on each other)",
            "step  wave  product                   reads",
            "----  ----  ------------------------  -------------",
            "1     1     crm.customers (upstream)  -",
            "2     2     sales.orders (upstream)   crm.customers",
            "3     3     sales.revenue_daily       sales.orders");
  }

  @Test
  void aBrokenUnrelatedContractDoesNotStopAPlanOfOtherProducts() throws IOException {
    sampleMesh();
    Files.writeString(Path.of(file("sales.returns")), "product { domain = sales");
    assertThat(plan("sales.orders").code()).isZero();
    TestProject.Result all = plan("--all");
    assertThat(all.code()).isEqualTo(2);
    assertThat(all.err().lines().toList()).hasSize(1).allMatch(l -> l.startsWith(file("sales.returns") + ":1: "));
  }

  @Test
  void jsonGivesStepsWavesAndEdges() throws IOException {
    sampleMesh();
    TestProject.Result r = plan("--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("products")).hasSize(7);
    JsonNode orders = json.get("products").get(2);
    assertThat(orders.get("step").asInt()).isEqualTo(3);
    assertThat(orders.get("wave").asInt()).isEqualTo(2);
    assertThat(orders.get("product").asText()).isEqualTo("sales.orders");
    assertThat(orders.get("contractVersion").asText()).isEqualTo("1.0.0");
    assertThat(orders.get("owner").asText()).isEqualTo("data");
    assertThat(orders.get("selected").asBoolean()).isTrue();
    assertThat(orders.get("upstream").toString()).isEqualTo("[\"crm.customers\"]");
    assertThat(orders.get("downstream").toString()).isEqualTo("[\"sales.revenue_daily\",\"supply_chain.shipments\"]");
    assertThat(json.get("waves").toString())
        .isEqualTo(
            "[[\"crm.customers\",\"crm.support_tickets\",\"sales.returns\",\"supply_chain.inventory_positions\"],"
                + "[\"sales.orders\"],[\"sales.revenue_daily\",\"supply_chain.shipments\"]]");
  }

  @Test
  void refusesACycleNamingItsProductsOneLineEach() throws IOException {
    product("a.one", "a.three");
    product("a.two", "a.one");
    product("a.three", "a.two");
    product("b.x", "b.y");
    product("b.y", "b.x");
    product("c.downstream", "a.one"); // reads the cycle but is not part of it
    product("d.fine");
    TestProject.Result r = plan("--all");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().toList())
        .containsExactly(
            file("a.one") + ":7: a.one: dependency cycle: a.one reads a.three reads a.two reads a.one"
                + " (a product cannot depend on itself, directly or through others)",
            file("b.x") + ":7: b.x: dependency cycle: b.x reads b.y reads b.x"
                + " (a product cannot depend on itself, directly or through others)");
  }

  @Test
  void aProductReadingItselfIsAContractError() throws IOException {
    product("b.self", "b.self");
    TestProject.Result r = plan();
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().trim()).isEqualTo(file("b.self") + ":7: b.self: product b.self cannot read itself in inputs.products");
  }

  @Test
  void refusesACycleUpstreamOfANamedProductButNotElsewhere() throws IOException {
    product("a.one", "a.two");
    product("a.two", "a.one");
    product("c.downstream", "a.one");
    product("d.fine");
    assertThat(plan("c.downstream").code()).isEqualTo(2);
    assertThat(plan("c.downstream").err()).contains("a.one reads a.two reads a.one").doesNotContain("Exception");
    TestProject.Result fine = plan("d.fine");
    assertThat(fine.code()).as(fine.err()).isZero();
    assertThat(fine.out()).contains("1     1     d.fine");
  }

  @Test
  void unknownProductsAndBadNamesExitTwo() throws IOException {
    sampleMesh();
    TestProject.Result unknown = plan("sales.nope");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err().lines().toList()).hasSize(1);
    assertThat(unknown.err()).contains(file("sales.nope")).contains("no contract for sales.nope");
    TestProject.Result bad = plan("../etc.passwd");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err().trim())
        .isEqualTo("'../etc.passwd' is not a product name: expected <domain>.<name>, each a plain lower-case identifier");
  }

  @Test
  void anEmptyProjectHasAnEmptyPlan() {
    TestProject.Result r = plan();
    assertThat(r.code()).isZero();
    assertThat(r.out().trim()).isEqualTo("No products: " + project.resolve("conf").resolve("products") + " holds no contract.");
    assertThat(List.of(r.err())).containsExactly("");
  }
}
