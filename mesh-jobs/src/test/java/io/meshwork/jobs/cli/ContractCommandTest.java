package io.meshwork.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.ContractRepository;
import io.meshwork.core.ProductId;
import io.meshwork.core.odcs.OdcsExport;
import java.nio.file.Files;
import java.nio.file.Path;
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
  void diffPrintsTheClassifiedChanges(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("conf");
    Path file = conf.resolve("products/sales/orders.conf");
    Files.createDirectories(file.getParent());
    Files.writeString(file, ORDERS.replace("\"1.0.0\"", "\"1.1.0\"")
        .replace("type = \"decimal(12,2)\"", "type = int")
        .replace("values = [web, store]", "values = [web, store, app]"));
    Path live = dir.resolve("live.conf");
    Files.writeString(live, ORDERS);

    Run r = contract("diff", "sales.orders", "--against", live.toString(), "--conf", conf.toString());

    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("sales.orders: 1.0.0 (" + live + ") -> 1.1.0 (" + file + ")\n")
        .contains("breaking  type-changed         " + file + ":9   column 'amount' type changed from decimal(12,2) to int\n")
        .contains("ok        constraint-loosened  " + file + ":15  constraint allowed-values(channel) loosened: allowed values extended (added app)\n")
        .endsWith("1 breaking change: publishing needs a major version bump (1.0.0 -> 2.0.0).\n");

    Run json = contract("diff", "sales.orders", "--against", live.toString(), "--conf", conf.toString(), "--json");
    assertThat(json.code()).isZero();
    assertThat(json.out()).contains("\"breaking\" : 1,").contains("\"compatible\" : false,")
        .contains("\"kind\" : \"type-changed\"").contains("\"line\" : 9");
  }

  @Test
  void diffNeedsTheOtherVersion() {
    Run r = contract("diff", "sales.orders", "--conf", CONF.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("Missing required option: '--against=FILE'");
  }
}
