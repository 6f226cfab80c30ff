package io.meshwork.core.odcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshwork.core.contract.Contracts;
import io.meshwork.core.model.ColumnSpec;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Problem;
import io.meshwork.core.model.SourceSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an ODCS document written elsewhere says that Meshwork can express becomes part of the contract. */
class OdcsImportMappingTest {
  private static final String EMPLOYEES = """
      apiVersion: v3.1.0
      kind: DataContract
      id: 2f6c2c4e-employees
      version: 1.2.0
      status: active
      name: employees
      servers:
        - server: hr-db
          type: postgres
          host: db.example.com
        - server: HR Extract
          type: local
          path: data/hr/employees.parquet
          format: parquet
      schema:
        - name: employees
          physicalType: table
          properties:
            - name: employee_id
              logicalType: string
              logicalTypeOptions:
                pattern: "^E[0-9]{6}$"
                format: uuid
              primaryKey: true
              primaryKeyPosition: 2
            - name: company
              logicalType: string
              primaryKey: true
              primaryKeyPosition: 1
            - name: salary
              logicalType: number
              physicalType: decimal(10,2)
              classification: restricted
              logicalTypeOptions:
                minimum: 0
              quality:
                - type: sql
                  query: SELECT COUNT(*) FROM employees WHERE salary > 1000000
                  mustBe: 0
                - type: custom
                  engine: greatExpectations
                  implementation: "expect_column_values_to_not_be_null"
            - name: email
              logicalType: string
              classification: sensitive
            - name: badge
              logicalType: string
              classification: top-secret
      team:
        name: hr-data
        members:
          - username: jdoe
            role: owner
      support:
        - channel: slack
          url: https://example.slack.com/archives/hr-data
        - channel: hr-data-team
          url: mailto:hr-data@example.com
      """;

  @Test
  void patternPrimaryKeyClassificationsSupportEmailAndLocalServerAreMapped() {
    OdcsImport.Result r = OdcsImport.fromYaml(EMPLOYEES, "employees.odcs.yaml", new OdcsImport.Names("hr", null));
    DataProduct p = r.product();

    assertThat(p.id().toString()).isEqualTo("hr.employees");
    assertThat(p.primaryKey()).containsExactly("company", "employee_id");
    assertThat(p.constraints().stream().map(c -> c.label() + " " + c.params() + " " + c.level()).toList())
        .containsExactly(
            "pattern(employee_id) {regex=^E[0-9]{6}$} error",
            "range(salary) {min=0} error",
            "unique(company, employee_id) {} error",
            "complete(company) {} error",
            "complete(employee_id) {} error");
    assertThat(p.columns().stream().map(c -> c.name() + "=" + c.classification()).toList())
        .containsExactly("employee_id=null", "company=null", "salary=confidential", "email=confidential", "badge=confidential");
    assertThat(p.owner().team()).isEqualTo("hr-data");
    assertThat(p.owner().email()).isEqualTo("hr-data@example.com");
    assertThat(p.pendingBuild()).isNull();
    assertThat(p.sources()).containsOnlyKeys("hr_extract");
    SourceSpec source = p.sources().get("hr_extract");
    assertThat(List.of(source.path(), source.format())).containsExactly("data/hr/employees.parquet", "parquet");
    assertThat(p.sql()).isEqualTo("""
        SELECT
          CAST(employee_id AS string) AS employee_id,
          CAST(company AS string) AS company,
          CAST(salary AS decimal(10,2)) AS salary,
          CAST(email AS string) AS email,
          CAST(badge AS string) AS badge
        FROM hr_extract
        """);
    assertThat(r.warnings().stream().map(OdcsImport.Warning::toString).toList())
        .containsExactly(
            "schema[0].properties[0].logicalTypeOptions.format: not imported: Meshwork has no check for format of a string "
                + "(pattern, maxLength, minimum and maximum are imported)",
            "schema[0].properties[2].quality[0]: not imported: Meshwork has no SQL-query check (a 'compliance' constraint takes a row predicate instead)",
            "schema[0].properties[2].quality[1]: not imported: engine 'greatExpectations' is not Meshwork's; only engine: meshwork rules hold a Meshwork check",
            "schema[0].properties[4].classification: 'top-secret' is not a classification Meshwork knows; imported as confidential "
                + "(one of public, internal, confidential, pii)",
            "support[0]: not imported: a Meshwork owner has one contact, owner.email",
            "team.members[0]: not imported: a Meshwork owner has one contact (owner.email, from support[1].url)",
            "servers[0]: not imported: a Meshwork source is a file (or directory) Spark reads, a server of type local with a path and a format; "
                + "not a server of type postgres");
    // The contract text the command line writes says the same.
    assertThat(Contracts.parse(r.hocon(), "employees.conf").constraints()).hasSize(5);
  }

  @Test
  void withoutAReadableServerTheContractSaysItHasNoBuildAtItsLine() {
    String yaml = EMPLOYEES.replaceAll("(?s)  - server: HR Extract.*?format: parquet\n", "");
    OdcsImport.Result r = OdcsImport.fromYaml(yaml, "employees.odcs.yaml", new OdcsImport.Names("hr", "staff"));
    DataProduct p = Contracts.parse(r.hocon(), "conf/products/hr/staff.conf");
    assertThat(p.id().toString()).isEqualTo("hr.staff");
    assertThat(p.sources()).isEmpty();
    assertThat(r.hocon()).contains("  build-pending = \"no servers entry Spark can read");
    int line = List.of(r.hocon().split("\n")).indexOf(
        r.hocon().lines().filter(l -> l.startsWith("  build-pending = ")).findFirst().orElseThrow()) + 1;

    ContractException e = catchThrowableOfType(() -> Contracts.requireBuild(List.of(p)), ContractException.class);
    assertThat(e.problems()).extracting(Problem::product).containsExactly("hr.staff");
    assertThat(e.problems()).extracting(Problem::format).containsExactly(
        "conf/products/hr/staff.conf:" + line + ": hr.staff: contract imported from ODCS has no build yet: " + p.pendingBuild());
  }

  @Test
  void domainAndNameFromTheCommandLineMustBeIdentifiers() {
    ContractException e = catchThrowableOfType(
        () -> OdcsImport.fromYaml(EMPLOYEES, "employees.odcs.yaml", new OdcsImport.Names("Human Resources", "2x")), ContractException.class);
    assertThat(e.problems()).extracting(Problem::format).containsExactly(
        "employees.odcs.yaml: domain: --domain 'Human Resources' cannot name a Meshwork domain: expected a plain lower-case identifier ([a-z][a-z0-9_]*)",
        "employees.odcs.yaml: name: --name '2x' cannot name a Meshwork product: expected a plain lower-case identifier ([a-z][a-z0-9_]*)");
  }

  @Test
  void aDocumentDomainGivesWayToTheCommandLineOne() {
    OdcsImport.Result r = OdcsImport.fromYaml(EMPLOYEES.replace("status: active\n", "status: active\ndomain: people\n"),
        "employees.odcs.yaml", new OdcsImport.Names("hr", null));
    assertThat(r.product().id().toString()).isEqualTo("hr.employees");
    assertThat(r.warnings()).contains(new OdcsImport.Warning("domain", "not imported: 'people' replaced by --domain hr"));
    List<ColumnSpec> columns = r.product().columns();
    assertThat(columns).hasSize(5);
  }
}
