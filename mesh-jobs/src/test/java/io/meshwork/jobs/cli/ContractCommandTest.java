package io.meshwork.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.odcs.OdcsExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mesh contract export|import|diff}, run in this JVM without Spark. */
class ContractCommandTest {
  private static final Path CONF = Path.of("../conf");

  private record Run(int code, String out, String err) {}

  /** Runs {@code mesh contract ...} with MeshCli's error handling (MeshCli registers the command). */
  private static Run contract(String... args) {
    Cli.Result r = Cli.run(new ContractCommand(), args);
    return new Run(r.code(), r.out(), r.err());
  }

  @Test
  void exportWritesTheOdcsDocument(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("orders.odcs.yaml");
    Run r = contract("export", "sales.orders", "--format", "odcs", "--out", file.toString(), "--conf", CONF.toString());
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("Wrote " + file + " (ODCS v3.1.0) for sales.orders (contract 1.0.0)\n");
    assertThat(Files.readString(file)).isEqualTo(OdcsExport.toYaml(new ContractRepository(CONF).load(ProductId.parse("sales.orders"))));
  }

  @Test
  void exportRefusesAnUnknownFormat() {
    Run r = contract("export", "sales.orders", "--format", "avro", "--conf", CONF.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("Unknown format 'avro' for contract export: expected odcs\n");
  }

  @Test
  void importWritesAContractThatLoadsAndRefusesToOverwrite(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("orders.odcs.yaml");
    assertThat(contract("export", "sales.orders", "--out", yaml.toString(), "--conf", CONF.toString()).code()).isZero();
    Path conf = dir.resolve("conf");

    Run r = contract("import", yaml.toString(), "--conf", conf.toString());

    Path target = conf.resolve("products/sales/orders.conf");
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("Wrote " + target + " for sales.orders (contract 1.0.0) from " + yaml + "\n");
    assertThat(OdcsExport.toYaml(new ContractRepository(conf).load(ProductId.parse("sales.orders")))).isEqualTo(Files.readString(yaml));

    Run again = contract("import", yaml.toString(), "--conf", conf.toString());
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).isEqualTo("Not importing " + yaml + ": " + target + " exists (use --force to replace it)\n");
    assertThat(contract("import", yaml.toString(), "--conf", conf.toString(), "--force").code()).isZero();
  }

  @Test
  void importNamesEveryFieldItCannotMapAsAWarning(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("orders.odcs.yaml");
    assertThat(contract("export", "sales.orders", "--out", yaml.toString(), "--conf", CONF.toString()).code()).isZero();
    Files.writeString(yaml, Files.readString(yaml) + "roles:\n  - role: analyst\n    access: write\n");
    Path out = dir.resolve("orders.conf");

    Run r = contract("import", yaml.toString(), "--out", out.toString());

    assertThat(r.code()).isZero();
    assertThat(r.err()).isEqualTo("warning: " + yaml + ": roles[0].access: not imported: access 'write' is not read or read-pii\n");
    assertThat(r.out()).endsWith(" (1 field not imported)\n");
    assertThat(Files.readString(out)).contains("#   roles[0].access: not imported: access 'write' is not read or read-pii\n");
  }

  @Test
  void anInvalidDocumentExitsTwoWithThePath(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("orders.odcs.yaml");
    assertThat(contract("export", "sales.orders", "--out", yaml.toString(), "--conf", CONF.toString()).code()).isZero();
    Files.writeString(yaml, Files.readString(yaml).replace("logicalType: date", "logicalType: dat"));
    Path out = dir.resolve("orders.conf");

    Run r = contract("import", yaml.toString(), "--out", out.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo(yaml + ": schema[0].properties[3].logicalType: 'dat' is not one of string, date, timestamp, time, number, integer, object, array, boolean\n");
    assertThat(out).doesNotExist();
  }

  private static final String ORDERS = """
      product {
        domain = sales
        name = orders
        version = "1.0.0"
        sql = "SELECT * FROM raw_orders"
        schema {
          columns = [
            { name = order_id, type = string, nullable = false }
            { name = amount, type = "decimal(12,2)", nullable = false }
            { name = channel, type = string, nullable = false }
          ]
          primary-key = [order_id]
        }
        quality.constraints = [
          { check = allowed-values, column = channel, values = [web, store] }
        ]
      }
      """;

  @Test
  void diffPrintsTheClassifiedChangesAndExitsTwoWhenOneBreaksConsumers(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("conf");
    Path file = conf.resolve("products/sales/orders.conf");
    Files.createDirectories(file.getParent());
    Files.writeString(file, ORDERS.replace("\"1.0.0\"", "\"1.1.0\"")
        .replace("type = \"decimal(12,2)\"", "type = int")
        .replace("values = [web, store]", "values = [web]"));
    Path live = dir.resolve("live.conf");
    Files.writeString(live, ORDERS);

    Run r = contract("diff", "sales.orders", "--against", live.toString(), "--conf", conf.toString(), "--warehouse", dir.resolve("wh").toString());

    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).startsWith("sales.orders: 1.0.0 (" + live + ") -> 1.1.0 (" + file + ")\n")
        .contains("consumer-breaking  type-changed          " + file + ":9   column 'amount' type changed from decimal(12,2) to int\n")
        .contains("tightening         constraint-tightened  " + file + ":15  constraint allowed-values(channel) tightened: allowed values reduced (removed store)\n")
        .contains(file + ":9: column 'amount' type changed from decimal(12,2) to int\n  consumers: none found in lineage\n")
        .endsWith("1 consumer-breaking change: publishing needs a major version bump (1.0.0 -> 2.0.0).\n");

    // Only a tightening: exit 0.
    Files.writeString(file, ORDERS.replace("\"1.0.0\"", "\"1.1.0\"").replace("values = [web, store]", "values = [web]"));
    Run tightening = contract("diff", "sales.orders", "--against", live.toString(), "--conf", conf.toString(), "--warehouse", dir.resolve("wh").toString());
    assertThat(tightening.code()).isZero();
    assertThat(tightening.out()).endsWith("1 change, none consumer-breaking (1 tightening: the data already published must meet them).\n");
  }

  @Test
  void diffNeedsTheOtherVersion() {
    Run r = contract("diff", "sales.orders", "--conf", CONF.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("contract diff needs the other version: --against FILE or --against-git REF (one of them)\n");
  }

  // ---------------------------------------------------------------- --against-git

  private static final String RETURNS = """
      product {
        domain = sales
        name = returns
        version = "1.0.0"
        sql = "SELECT * FROM raw_returns"
        schema {
          columns = [
            { name = return_id, type = string, nullable = false }
          ]
        }
      }
      """;

  private static final String CUSTOMERS = RETURNS.replace("domain = sales", "domain = crm").replace("name = returns", "name = customers")
      .replace("return_id", "customer_id");

  private static void git(Path repo, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.name=Test", "-c", "user.email=test@example.com"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
  }

  /** A repository whose HEAD has sales.orders 1.0.0 and sales.returns; the project lives in a sub-directory. */
  private static Path repository(Path dir) throws Exception {
    Path repo = dir.resolve("repo");
    Path products = repo.resolve("project/conf/products");
    Files.createDirectories(products.resolve("sales"));
    Files.writeString(products.resolve("sales/orders.conf"), ORDERS);
    Files.writeString(products.resolve("sales/returns.conf"), RETURNS);
    git(repo, "init", "-q");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "first");
    return repo;
  }

  @Test
  void againstGitComparesTheWorkingTreeWithARevisionWithoutAWarehouse(@TempDir Path dir) throws Exception {
    Path repo = repository(dir);
    Path conf = repo.resolve("project/conf");
    Path orders = conf.resolve("products/sales/orders.conf");
    Files.writeString(orders, ORDERS.replace("\"1.0.0\"", "\"1.1.0\"").replace("values = [web, store]", "values = [web, store, app]"));

    Run json = contract("diff", "sales.orders", "--against-git", "HEAD", "--conf", conf.toString(), "--format", "json");

    assertThat(json.err()).isEmpty();
    assertThat(json.code()).isEqualTo(2);
    com.fasterxml.jackson.databind.JsonNode m = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
    assertThat(m.fieldNames()).toIterable().containsExactly("product", "from", "to", "requiresMajor", "changes");
    assertThat(m.path("product").asText()).isEqualTo("sales.orders");
    assertThat(m.path("from").asText()).isEqualTo("1.0.0");
    assertThat(m.path("to").asText()).isEqualTo("1.1.0");
    assertThat(m.path("requiresMajor").asBoolean()).isTrue();
    com.fasterxml.jackson.databind.JsonNode change = m.path("changes").get(0);
    assertThat(change.fieldNames()).toIterable().containsExactly("kind", "file", "line", "description", "consumers");
    assertThat(change.path("kind").asText()).isEqualTo("consumer-breaking");
    assertThat(change.path("file").asText()).isEqualTo(orders.toString());
    assertThat(change.path("line").asInt()).isEqualTo(15);
    assertThat(change.path("description").asText()).isEqualTo("constraint allowed-values(channel) loosened: allowed values extended (added app)");
    assertThat(change.path("consumers").isArray()).isTrue();
    assertThat(dir.resolve("repo/project/warehouse")).doesNotExist();

    // The major bump makes it allowed: exit 0, still requiresMajor.
    Files.writeString(orders, ORDERS.replace("\"1.0.0\"", "\"2.0.0\"").replace("values = [web, store]", "values = [web, store, app]"));
    Run bumped = contract("diff", "sales.orders", "--against-git", "HEAD", "--conf", conf.toString(), "--json");
    assertThat(bumped.code()).isZero();
    assertThat(bumped.out()).contains("\"requiresMajor\" : true");

    Run unknown = contract("diff", "sales.orders", "--against-git", "no-such-branch", "--conf", conf.toString());
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("Unknown git revision 'no-such-branch' in ");
  }

  @Test
  void againstGitAllChecksEveryAddedChangedOrDeletedContract(@TempDir Path dir) throws Exception {
    Path repo = repository(dir);
    Path conf = repo.resolve("project/conf");
    Files.writeString(conf.resolve("products/sales/orders.conf"), ORDERS.replace("\"1.0.0\"", "\"1.0.1\"").replace("values = [web, store]", "values = [web]"));
    Files.delete(conf.resolve("products/sales/returns.conf"));
    Files.createDirectories(conf.resolve("products/crm"));
    Files.writeString(conf.resolve("products/crm/customers.conf"), CUSTOMERS);

    Run json = contract("diff", "--all", "--against-git", "HEAD", "--conf", conf.toString(), "--format", "json");

    assertThat(json.err()).isEmpty();
    assertThat(json.code()).isEqualTo(2);
    com.fasterxml.jackson.databind.JsonNode list = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
    assertThat(list).extracting(n -> n.path("product").asText() + " " + n.path("from").asText(null) + "->" + n.path("to").asText(null)
            + " " + n.path("requiresMajor").asBoolean() + " " + n.path("changes").get(0).path("kind").asText() + ": " + n.path("changes").get(0).path("description").asText())
        .containsExactly(
            "crm.customers null->1.0.0 false compatible: contract added: crm.customers is new",
            "sales.orders 1.0.0->1.0.1 false tightening: constraint allowed-values(channel) tightened: allowed values reduced (removed store)",
            "sales.returns 1.0.0->null true consumer-breaking: contract deleted: sales.returns 1.0.0 is no longer published");

    Run markdown = contract("diff", "--all", "--against-git", "HEAD", "--conf", conf.toString(), "--format", "markdown");
    assertThat(markdown.code()).isEqualTo(2);
    assertThat(markdown.out())
        .contains("### `sales.returns` 1.0.0 → (deleted)\n")
        .contains("| | change | where | description | consumers |\n|---|---|---|---|---|\n")
        .contains("| ❌ **consumer-breaking** | contract-deleted | `HEAD:project/conf/products/sales/returns.conf:1` | contract deleted: sales.returns 1.0.0 is no longer published |")
        .contains("**Contract deleted: consumer-breaking for every reader of sales.returns.**");

    // Committed, nothing differs from HEAD: exit 0.
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "second");
    Run none = contract("diff", "--all", "--against-git", "HEAD", "--conf", conf.toString());
    assertThat(none.code()).isZero();
    assertThat(none.out()).isEqualTo("No contract changed since HEAD.\n");
  }
}
