package io.meshwork.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.jobs.TestProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A contract imported from ODCS runs when the document names a file Spark can read, and says what is missing when not. */
class OdcsImportedContractTest {
  private static final String EMPLOYEES = """
      apiVersion: v3.1.0
      kind: DataContract
      id: employees
      version: 1.0.0
      status: active
      description:
        purpose: Employees of the company, one row each.
      schema:
        - name: employees
          properties:
            - name: employee_id
              logicalType: string
              description: Employee identifier, E and six digits.
              classification: restricted
              primaryKey: true
              required: true
              logicalTypeOptions:
                pattern: "^E[0-9]{6}$"
            - name: salary
              logicalType: number
              physicalType: decimal(10,2)
              description: Yearly gross salary in EUR.
              classification: restricted
      support:
        - channel: hr-data
          url: mailto:hr-data@example.com
      slaProperties:
        - property: latency
          value: 1
          unit: d
      """;

  private static final String SERVER = """
      servers:
        - server: hr-extract
          type: local
          path: data/hr/employees.csv
          format: csv
      """;

  @Test
  void withoutAServerSparkCanReadRunAndPolicyCheckSayThereIsNoBuildYet(@TempDir Path dir) throws Exception {
    TestProject project = new TestProject(dir);
    project.write("employees.odcs.yaml", EMPLOYEES);
    TestProject.Result imported = project.mesh("contract", "import", dir.resolve("employees.odcs.yaml").toString(), "--domain", "hr");
    assertThat(imported.code()).as(imported.err()).isZero();
    Path contract = dir.resolve("conf/products/hr/employees.conf");
    List<String> lines = Files.readAllLines(contract);
    int line = lines.indexOf(lines.stream().filter(l -> l.startsWith("  build-pending = ")).findFirst().orElseThrow()) + 1;
    String expected = contract + ":" + line + ": hr.employees: contract imported from ODCS has no build yet: no servers entry Spark can read "
        + "(type local, with a path and a format: parquet, csv, delta, json, orc) and no meshworkSql or meshworkJob; declare the inputs "
        + "and the sql (or job) that build the product, then remove build-pending\n";

    TestProject.Result check = TestProject.execute("policy", "check", "hr.employees", "--conf", dir.resolve("conf").toString());
    assertThat(check.code()).isEqualTo(2);
    assertThat(check.err()).isEqualTo(expected);
    TestProject.Result checkAll = TestProject.execute("policy", "check", "--all", "--conf", dir.resolve("conf").toString());
    assertThat(checkAll.code()).isEqualTo(2);
    assertThat(checkAll.err()).isEqualTo(expected);

    TestProject.Result run = project.mesh("run", "hr.employees");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).isEqualTo(expected);
    assertThat(project.warehouse().resolve("hr")).doesNotExist();
  }

  @Test
  void aLocalServerBecomesTheSourceTheImportedSqlReads(@TempDir Path dir) throws Exception {
    TestProject project = new TestProject(dir);
    project.write("employees.odcs.yaml", EMPLOYEES + SERVER);
    project.write("data/hr/employees.csv", "employee_id,salary\nE000001,52000.50\nE000002,61000\n");
    TestProject.Result imported = project.mesh("contract", "import", dir.resolve("employees.odcs.yaml").toString(), "--domain", "hr");
    assertThat(imported.code()).as(imported.err()).isZero();

    TestProject.Result run = project.mesh("run", "hr.employees", "--date", "2026-12-01");
    assertThat(run.code()).as(run.out() + run.err()).isZero();

    TestProject.Result read = project.mesh("read", "hr.employees", "--json");
    assertThat(read.code()).as(read.err()).isZero();
    assertThat(read.out()).isEqualTo("""
        [ {
          "employee_id" : "E000001",
          "salary" : 52000.50
        }, {
          "employee_id" : "E000002",
          "salary" : 61000.00
        } ]
        """);
  }
}
