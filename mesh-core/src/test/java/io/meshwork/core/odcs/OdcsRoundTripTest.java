package io.meshwork.core.odcs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.contract.Contracts;
import io.meshwork.core.model.DataProduct;
import io.meshwork.testing.SchemaValidation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every sample product exports to valid ODCS, and export, import, export gives the same text. */
class OdcsRoundTripTest {
  /** Tests run in the module directory; the project sits above it. */
  private static final Path CONF = Path.of("../conf");

  /** Every sample product under conf/products, however many the project holds. */
  private static List<DataProduct> samples() throws IOException {
    List<DataProduct> products = new ContractRepository(CONF).loadAll();
    try (Stream<Path> files = Files.walk(CONF.resolve("products"))) {
      long contracts = files.filter(f -> f.toString().endsWith(".conf")).count();
      assertThat(products).hasSize((int) contracts).isNotEmpty();
    }
    return products;
  }

  @Test
  void everySampleExportsToADocumentTheOfficialSchemaAccepts(@TempDir Path dir) throws Exception {
    List<DataProduct> samples = samples();
    for (DataProduct p : samples) {
      Files.writeString(dir.resolve(p.id() + ".odcs.yaml"), OdcsExport.toYaml(p));
    }
    SchemaValidation.Report report = SchemaValidation.odcsContracts(dir);
    assertThat(report.summary()).as(report.toString())
        .isEqualTo(samples.size() + " valid, 0 invalid, " + samples.size() + " documents checked");
  }

  @Test
  void theValidatorRejectsABrokenDocument(@TempDir Path dir) throws Exception {
    // Guards the test above: the validator really checks.
    Files.writeString(dir.resolve("broken.odcs.yaml"), "apiVersion: v3.1.0\nkind: DataContract\nid: x\nversion: 1.0.0\n");
    SchemaValidation.Report report = SchemaValidation.odcsContracts(dir);
    assertThat(report.summary()).isEqualTo("0 valid, 1 invalid, 1 documents checked");
    assertThat(report.toString()).contains("broken.odcs.yaml: INVALID").contains("required property 'status' not found");
  }

  @Test
  void theValidatorRejectsAnExportWhoseColumnHasAnUnknownLogicalType() throws Exception {
    String orders = OdcsExport.toYaml(new ContractRepository(CONF).load(io.meshwork.core.model.ProductId.parse("sales.orders")));
    assertThat(SchemaValidation.odcsErrors(orders)).isEmpty();
    String broken = orders.replaceFirst("logicalType: number", "logicalType: money");
    assertThat(broken).isNotEqualTo(orders);

    assertThat(SchemaValidation.odcsErrors(broken)).isNotEmpty().anySatisfy(e -> assertThat(e).contains("logicalType"));
  }

  @Test
  void exportImportExportIsStableAndImportsWithoutWarnings() throws IOException {
    for (DataProduct p : samples()) {
      String first = OdcsExport.toYaml(p);
      OdcsImport.Result imported = OdcsImport.fromYaml(first, p.id() + ".odcs.yaml");
      assertThat(imported.warnings()).as(p.id().toString()).isEmpty();
      DataProduct again = Contracts.parse(imported.hocon(), p.id() + ".conf");
      assertThat(OdcsExport.toYaml(again)).as(p.id().toString()).isEqualTo(first);
      assertThat(again.id()).isEqualTo(p.id());
      assertThat(again.version()).isEqualTo(p.version());
      assertThat(again.columns().stream().map(c -> List.of(c.name(), c.type(), c.nullable(), c.description(), c.classification())).toList())
          .isEqualTo(p.columns().stream().map(c -> List.of(c.name(), c.type(), c.nullable(), c.description(), c.classification())).toList());
      assertThat(again.primaryKey()).isEqualTo(p.primaryKey());
      assertThat(again.constraints().stream().map(c -> List.of(c.check(), c.columns(), c.params(), c.level(), String.valueOf(c.name()))))
          .containsExactlyInAnyOrderElementsOf(
              p.constraints().stream().map(c -> List.of(c.check(), c.columns(), c.params(), c.level(), String.valueOf(c.name()))).toList());
      assertThat(again.freshness()).isEqualTo(p.freshness());
      assertThat(again.owner()).isEqualTo(p.owner());
      assertThat(again.sql()).isEqualTo(p.sql());
      assertThat(again.jobClass()).isEqualTo(p.jobClass());
      assertThat(again.sources()).isEqualTo(p.sources().entrySet().stream().collect(java.util.stream.Collectors.toMap(
          java.util.Map.Entry::getKey, e -> new io.meshwork.core.model.SourceSpec(e.getKey(), e.getValue().path(), e.getValue().format(),
              e.getValue().options(), again.sources().get(e.getKey()).location()))));
      assertThat(again.inputs()).isEqualTo(p.inputs());
    }
  }

  @Test
  void ordersMapsItsRulesToLibraryMetricsAndMeshworkRules() {
    String yaml = OdcsExport.toYaml(new ContractRepository(CONF).load(io.meshwork.core.model.ProductId.parse("sales.orders")));
    assertThat(yaml)
        .contains("""
              - name: amount
                logicalType: number
                physicalType: "decimal(12,2)"
                required: true
                classification: internal
                description: "Order total in EUR, VAT included."
                quality:
                  - type: library
                    metric: nullValues
                    mustBe: 0
                    dimension: completeness
                    severity: error
                  - type: custom
                    engine: meshwork
                    implementation:
                      check: range
                      min: 0
                    dimension: accuracy
                    severity: error
            """.indent(4))
        .contains("""
              - type: library
                metric: invalidValues
                arguments:
                  validValues:
                    - DE
            """.indent(8))
        .contains("""
            slaProperties:
              - property: latency
                value: 1
                unit: d
                description: "Meshwork freshness: the last certified publish is never older than this."
            """)
        .contains("""
            team:
              name: sales-data
            support:
              - channel: email
                url: mailto:sales-data@example.com
                tool: email
            """);
  }

  @Test
  void accessRolesExportAsOdcsRolesAndComeBackAsTheAccessBlock() {
    io.meshwork.core.model.DataProduct customers = new io.meshwork.core.contract.ContractRepository(CONF).load(io.meshwork.core.model.ProductId.parse("crm.customers"));
    String yaml = OdcsExport.toYaml(customers);
    org.assertj.core.api.Assertions.assertThat(yaml)
        .contains("roles:\n  - role: analyst\n    access: read\n    description: \"Reads crm.customers, pii columns masked.\"\n")
        .contains("  - role: data-science\n    access: read-pii\n    description: \"Reads crm.customers, pii columns in clear.\"\n");
    OdcsImport.Result back = OdcsImport.fromYaml(yaml, "customers.odcs.yaml");
    org.assertj.core.api.Assertions.assertThat(back.warnings()).isEmpty();
    org.assertj.core.api.Assertions.assertThat(back.product().access()).isEqualTo(
        new io.meshwork.core.model.AccessPolicy(customers.access().readers(), customers.access().piiReaders(), customers.access().masking(),
            back.product().access().location()));
  }
}
