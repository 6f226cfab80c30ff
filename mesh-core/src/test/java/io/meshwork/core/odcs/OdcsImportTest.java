package io.meshwork.core.odcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Documents written by other tools: what maps, what warns, what is refused. */
class OdcsImportTest {
  private static final String FOREIGN = """
      apiVersion: v3.1.0
      kind: DataContract
      id: 53581432-6c55-4ba2-a65f-72344a91553a
      name: orders
      version: 2.1.0
      status: active
      domain: sales
      description:
        purpose: Orders of the web shop.
      servers:
        - server: prod
          type: postgres
      schema:
        - name: orders
          properties:
            - name: order_id
              logicalType: string
              required: true
              primaryKey: true
              unique: true
            - name: amount
              logicalType: number
              physicalType: decimal(12,2)
              quality:
                - type: custom
                  engine: soda
                  implementation: "min(amount) >= 0"
            - name: country
              logicalType: string
              quality:
                - metric: invalidValues
                  arguments:
                    validValues: [DE, FR]
                  mustBe: 0
                  severity: warning
          quality:
            - metric: rowCount
              mustBeGreaterThan: 0
      slaProperties:
        - property: latency
          value: 6
          unit: h
      """;

  @Test
  void aForeignDocumentMapsWhatItCanAndNamesEachFieldItCannot() {
    OdcsImport.Result r = OdcsImport.fromYaml(FOREIGN, "orders.odcs.yaml");

    assertThat(r.warnings().stream().map(OdcsImport.Warning::toString).toList())
        .containsExactly(
            "schema[0].properties[1].quality[0]: not imported: engine 'soda' is not Meshwork's; only engine: meshwork rules hold a Meshwork check",
            "servers[0]: not imported: a Meshwork source is a file (or directory) Spark reads, a server of type local with a path and a format; not a server of type postgres",
            "servers: contract imported from ODCS has no build yet: no servers entry Spark can read (type local, with a path and a format: "
                + "parquet, csv, delta, json, orc) and no meshworkSql or meshworkJob; declare the inputs and the sql (or job) that build the product, "
                + "then remove build-pending");
    DataProduct p = r.product();
    assertThat(p.id().toString()).isEqualTo("sales.orders");
    assertThat(p.version().toString()).isEqualTo("2.1.0");
    assertThat(p.description()).isEqualTo("Orders of the web shop.");
    assertThat(p.columns().stream().map(c -> c.name() + " " + c.type() + (c.nullable() ? "" : " not null")).toList())
        .containsExactly("order_id string not null", "amount decimal(12,2)", "country string");
    assertThat(p.primaryKey()).containsExactly("order_id");
    assertThat(p.constraints().stream().map(c -> c.label() + " " + c.params() + " " + c.level()).toList())
        .containsExactly("unique(order_id) {} error", "allowed-values(country) {values=[DE, FR]} warning", "complete(order_id) {} error",
            "row-count {min=1} error");
    assertThat(p.freshness()).hasHours(6);
    assertThat(p.sql()).isEqualTo("SELECT order_id, amount, country FROM source");
    assertThat(p.pendingBuild()).startsWith("no servers entry Spark can read");
    assertThat(r.hocon()).startsWith("""
        # Imported from orders.odcs.yaml (ODCS v3.1.0) by mesh contract import.
        # Not imported (3):
        #   schema[0].properties[1].quality[0]: not imported: engine 'soda' is not Meshwork's; only engine: meshwork rules hold a Meshwork check
        """);
  }

  @Test
  void completenessInPercentBecomesAMinimumFraction() {
    OdcsImport.Result r = OdcsImport.fromYaml("""
        apiVersion: v3.1.0
        kind: DataContract
        id: c
        version: 1.0.0
        status: active
        domain: crm
        schema:
          - name: customers
            properties:
              - name: email
                logicalType: string
                quality:
                  - metric: nullValues
                    unit: percent
                    mustBeLessOrEqualTo: 5
        """, "c.yaml");
    ConstraintSpec c = r.product().constraints().get(0);
    assertThat(c.label()).isEqualTo("complete(email)");
    assertThat(c.params()).isEqualTo(Map.of("min-fraction", 0.95));
  }

  @Test
  void anInvalidDocumentIsRefusedWithEveryErrorAndItsPath() {
    ContractException e = catchThrowableOfType(() -> OdcsImport.fromYaml("""
        apiVersion: v3.1.0
        kind: DataContract
        id: orders
        version: 1.0.0
        domain: sales
        schema:
          - name: orders
            properties:
              - name: order_id
                logicalType: string
              - name: amount
                logicalType: number
                required: "yes"
              - name: country
                logicalType: strin
                quality:
                  - metric: rowCount
            colour: blue
        """, "orders.odcs.yaml"), ContractException.class);

    assertThat(e.problems()).extracting(Problem::format).containsExactly(
        "orders.odcs.yaml: status: required field is missing",
        "orders.odcs.yaml: schema[0].colour: unknown field: ODCS v3.1.0 does not allow it here",
        "orders.odcs.yaml: schema[0].properties[1].required: must be a boolean but was a string ('yes')",
        "orders.odcs.yaml: schema[0].properties[2].logicalType: 'strin' is not one of string, date, timestamp, time, number, integer, object, array, boolean",
        "orders.odcs.yaml: schema[0].properties[2].quality[0]: needs exactly one of mustBe, mustNotBe, mustBeGreaterThan, mustBeGreaterOrEqualTo, mustBeLessThan, mustBeLessOrEqualTo, mustBeBetween, mustNotBeBetween");
  }

  @Test
  void aDocumentThatIsNotAContractIsRefused() {
    assertThat(catchThrowableOfType(() -> OdcsImport.fromYaml("- a\n- b\n", "x.yaml"), ContractException.class).problems()).extracting(Problem::format)
        .containsExactly("x.yaml: the document must be a mapping (an ODCS data contract) but was a list");
    assertThat(catchThrowableOfType(() -> OdcsImport.fromYaml("""
        apiVersion: v3.1.0
        kind: DataContract
        id: x
        version: "1.0"
        status: active
        schema:
          - name: x
            properties:
              - name: a
                logicalType: string
        """, "x.yaml"), ContractException.class).problems()).extracting(Problem::format)
        .containsExactly(
            "x.yaml: version: '1.0' is not a semantic version MAJOR.MINOR.PATCH, which a Meshwork contract needs",
            "x.yaml: domain: required by Meshwork: a product is named <domain>.<name>, and the document has no domain (give one with --domain)");
  }

  @Test
  void warningsAreInDocumentOrderForTheWholeDocument() {
    OdcsImport.Result r = OdcsImport.fromYaml(FOREIGN.replace("status: active", "status: draft"), "o.yaml");
    assertThat(r.warnings().get(0)).isEqualTo(new OdcsImport.Warning("status", "not imported: a Meshwork contract has no status ('draft')"));
    assertThat(r.warnings()).hasSize(4);
    assertThat(List.copyOf(r.warnings())).isEqualTo(r.warnings());
  }
}
