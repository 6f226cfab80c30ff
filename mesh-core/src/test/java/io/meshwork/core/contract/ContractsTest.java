package io.meshwork.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshwork.core.model.ColumnSpec;
import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Owner;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.ProductRef;
import io.meshwork.core.model.SemVer;
import io.meshwork.core.model.SourceLocation;
import io.meshwork.core.model.SourceSpec;
import io.meshwork.core.model.WriteSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a valid contract: how each part of the file lands in the {@link DataProduct}. */
class ContractsTest {
  static final String ORDERS =
      """
      product {
        domain = sales
        name = orders
        version = "1.2.3"
        description = "One row per order."
        owner { team = sales-data, email = "sales-data@example.com" }
        inputs {
          sources {
            raw_orders { path = "sample-data/sales/orders.csv", format = csv, options { delimiter = ";" } }
            raw_events { path = "sample-data/sales/events", format = json }
            lines { path = "x.csv", format = csv, options { header = false, inferschema = false } }
          }
          products = [ crm.customers, "crm.addresses@7" ]
        }
        sql = "SELECT * FROM raw_orders"
        schema {
          columns = [
            { name = order_id, type = string, nullable = false, description = "The order.", classification = internal }
            { name = amount, type = "decimal(12,2)", tags { reference = country, unit = eur } }
            { name = ordered_at, type = timestamp }
          ]
          primary-key = [order_id]
        }
        quality.constraints = [
          { check = unique, columns = [order_id] }
          { check = complete, column = amount, min-fraction = 0.99 }
          { check = row-count, min = 1 }
          { check = range, column = amount, min = 0, max = 99999.99, level = warning, name = "non-negative amounts" }
          { check = allowed-values, column = order_id, values = [a, b] }
          { check = freshness, column = ordered_at, max-age = 24h }
        ]
        sla.freshness = 2d
        write { mode = append, partition-by = [ordered_at] }
      }
      """;

  @Test
  void parsesEveryPartOfAContract() throws Exception {
    DataProduct p = Contracts.parse(ORDERS, "conf/products/sales/orders.conf");

    assertThat(p.id()).isEqualTo(new ProductId("sales", "orders"));
    assertThat(p.version()).isEqualTo(new SemVer(1, 2, 3));
    assertThat(p.description()).isEqualTo("One row per order.");
    assertThat(p.owner()).isEqualTo(new Owner("sales-data", "sales-data@example.com"));
    assertThat(p.sql()).isEqualTo("SELECT * FROM raw_orders");
    assertThat(p.jobClass()).isNull();
    assertThat(p.freshness()).isEqualTo(Duration.ofDays(2));
    assertThat(p.write()).isEqualTo(new WriteSpec("append", List.of("ordered_at")));
    assertThat(p.file()).isEqualTo(Path.of("conf/products/sales/orders.conf"));
    assertThat(p.sha256())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ORDERS.getBytes(StandardCharsets.UTF_8))))
        .matches("[0-9a-f]{64}");

    String f = "conf/products/sales/orders.conf";
    assertThat(p.sources())
        .containsOnly(
            Map.entry("raw_orders", new SourceSpec("raw_orders", "sample-data/sales/orders.csv", "csv",
                Map.of("delimiter", ";", "header", "true", "inferSchema", "true"), new SourceLocation(f, 9))),
            Map.entry("raw_events", new SourceSpec("raw_events", "sample-data/sales/events", "json", Map.of(), new SourceLocation(f, 10))),
            Map.entry("lines", new SourceSpec("lines", "x.csv", "csv", Map.of("header", "false", "inferschema", "false"), new SourceLocation(f, 11))));
    assertThat(p.inputs())
        .containsExactly(
            new ProductRef(new ProductId("crm", "customers"), OptionalLong.empty()),
            new ProductRef(new ProductId("crm", "addresses"), OptionalLong.of(7)));

    assertThat(p.columns())
        .containsExactly(
            new ColumnSpec("order_id", "string", false, "The order.", "internal", Map.of(), new SourceLocation(f, 18)),
            new ColumnSpec("amount", "decimal(12,2)", true, null, null, Map.of("reference", "country", "unit", "eur"), new SourceLocation(f, 19)),
            new ColumnSpec("ordered_at", "timestamp", true, null, null, Map.of(), new SourceLocation(f, 20)));
    assertThat(p.primaryKey()).containsExactly("order_id");

    assertThat(p.constraints())
        .containsExactly(
            new ConstraintSpec("unique", List.of("order_id"), Map.of(), "error", null, new SourceLocation(f, 25)),
            new ConstraintSpec("complete", List.of("amount"), Map.of("min-fraction", 0.99), "error", null, new SourceLocation(f, 26)),
            new ConstraintSpec("row-count", List.of(), Map.of("min", 1), "error", null, new SourceLocation(f, 27)),
            new ConstraintSpec("range", List.of("amount"), Map.of("min", 0, "max", 99999.99), "warning", "non-negative amounts", new SourceLocation(f, 28)),
            new ConstraintSpec("allowed-values", List.of("order_id"), Map.of("values", List.of("a", "b")), "error", null, new SourceLocation(f, 29)),
            new ConstraintSpec("freshness", List.of("ordered_at"), Map.of("max-age", "24h"), "error", null, new SourceLocation(f, 30)));
  }

  @Test
  void optionalPartsTakeTheirDefaults() {
    DataProduct p =
        Contracts.parse(
            """
            product {
              domain = crm
              name = customers
              version = "0.1.0"
              job = "com.example.crm.Customers"
              schema.columns = [ { name = id, type = bigint } ]
            }
            """,
            "customers.conf");

    assertThat(p.jobClass()).isEqualTo("com.example.crm.Customers");
    assertThat(p.sql()).isNull();
    assertThat(p.description()).isNull();
    assertThat(p.owner()).isEqualTo(Owner.UNKNOWN);
    assertThat(p.sources()).isEmpty();
    assertThat(p.inputs()).isEmpty();
    assertThat(p.primaryKey()).isEmpty();
    assertThat(p.constraints()).isEmpty();
    assertThat(p.freshnessSla()).isEmpty();
    assertThat(p.write()).isEqualTo(WriteSpec.DEFAULT);
    assertThat(p.columns()).singleElement().satisfies(c -> assertThat(c.nullable()).isTrue());
  }

  @Test
  void substitutionsAreResolved() {
    DataProduct p =
        Contracts.parse(
            """
            base = "sample-data/sales"
            product {
              domain = sales
              name = orders
              version = "1.0.0"
              description = ${base}
              inputs.sources.raw { path = ${base}"/orders.csv", format = csv }
              sql = "SELECT 1 AS id"
              schema.columns = [ { name = id, type = int } ]
            }
            """,
            "orders.conf");

    assertThat(p.description()).isEqualTo("sample-data/sales");
    assertThat(p.sources().get("raw").path()).isEqualTo("sample-data/sales/orders.csv");
  }

  @Test
  void loadReadsTheFileAndHashesItsBytes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("orders.conf");
    Files.writeString(file, ORDERS);

    DataProduct p = Contracts.load(file);

    assertThat(p.file()).isEqualTo(file);
    assertThat(p.sha256()).isEqualTo(Contracts.parse(ORDERS, "other.conf").sha256());
    assertThat(p.columns().get(0).location()).isEqualTo(new SourceLocation(file.toString(), 18));
  }

  @Test
  void loadOfAMissingFileSaysSo(@TempDir Path dir) {
    Path file = dir.resolve("nope.conf");

    assertThatThrownBy(() -> Contracts.load(file))
        .isInstanceOf(ContractException.class)
        .hasMessage(file + ":0: no contract: " + file + " does not exist");
  }
}
