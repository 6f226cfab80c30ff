package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.governance.Governance;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.Problem;
import io.meshwork.core.model.ProductId;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A domain repository on the organisation's central governance ({@code mesh.governance.central}):
 * by path and as an artifact on the classpath; its own {@code conf/domains/<domain>.conf} tightens
 * (a relaxation is refused at its file and line), and {@code policy check} applies the central rules.
 */
class CentralGovernanceTest {
  private static final String GOVERNANCE =
      """
      governance {
        naming.column { severity = error, description = "Columns are snake_case." }
        metadata.description { severity = error, description = "Products say what a row is.", min-length = 20 }
        quality.min-constraints {
          severity = error
          description = "Enough constraints."
          min = 2
        }
        metadata.placeholder { severity = warning, description = "No placeholders.", overridable = true }
        shared-identifiers { severity = error, description = "Shared identifiers keep their type." }
        reference-data { severity = error, description = "Reference sets exist." }
      }
      """;

  private static final String IDENTIFIERS = "identifiers {\n  employee_id { type = string, pattern = \"^E[0-9]{6}$\" }\n}\n";

  private static final String HEADCOUNT =
      """
      product {
        domain = hr
        name = headcount
        version = "1.0.0"
        description = "One row per employee and day, with the employee's country."
        owner { team = hr-data, email = "hr-data@example.com" }
        sql = "SELECT 'E000001' AS employee_id, 'DE' AS country"
        schema.columns = [
          { name = employee_id, type = string, nullable = false, description = "Employee id.", classification = internal }
          { name = country, type = string, description = "ISO country.", classification = internal, tags { reference = country } }
        ]
        quality.constraints = [
          { check = unique, columns = [employee_id] }
          { check = row-count, min = 1 }
        ]
      }
      """;

  @TempDir Path dir;
  private Path central;
  private Path repo;
  private Path conf;

  @BeforeEach
  void centralGovernanceAndADomainRepository() throws IOException {
    central = dir.resolve("governance");
    write(central.resolve("governance.conf"), GOVERNANCE);
    write(central.resolve("identifiers.conf"), IDENTIFIERS);
    write(central.resolve("reference/country.csv"), "code\nDE\nFR\n");
    repo = dir.resolve("hr-products");
    conf = repo.resolve("conf");
    write(conf.resolve("mesh.conf"), "mesh.warehouse = warehouse\nmesh.governance.central = \"../governance\"\n");
    write(conf.resolve("products/hr/headcount.conf"), HEADCOUNT);
  }

  @Test
  void policyCheckAppliesTheCentralRulesAndTheDomainMayTightenButNotRelax() throws IOException {
    TestProject.Result ok = TestProject.execute("policy", "check", "--all", "--conf", conf.toString());
    assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out()).contains("policy check: 1 product, 0 errors, 0 warnings");

    // A central rule fails the domain's CI: the shared identifier's type and a reference set only the central governance has.
    Path contract = conf.resolve("products/hr/headcount.conf");
    write(contract, HEADCOUNT.replace("name = employee_id, type = string", "name = employee_id, type = int")
        .replace("'E000001' AS employee_id", "1 AS employee_id").replace("reference = country", "reference = region"));
    TestProject.Result central = TestProject.execute("policy", "check", "--all", "--conf", conf.toString());
    assertThat(central.code()).as(central.out() + central.err()).isEqualTo(4);
    assertThat(central.out())
        .contains(contract + ":9: policy shared-identifiers: column 'employee_id' is int but the shared identifier employee_id is string ("
            + this.central.resolve("identifiers.conf") + ":2) (error)")
        .contains(contract + ":10: policy reference-data: column 'country' is tagged reference = region but there is no reference set "
            + this.central.resolve("reference/region.csv"));
    write(contract, HEADCOUNT);

    // Relaxing a policy the central file does not mark overridable: refused at the domain file's line.
    Path domain = conf.resolve("domains/hr.conf");
    write(domain, "# hr's overrides\ngovernance {\n  quality.min-constraints.min = 1\n  metadata.placeholder.enabled = false\n}\n");
    TestProject.Result relaxed = TestProject.execute("policy", "check", "--all", "--conf", conf.toString());
    assertThat(relaxed.code()).isEqualTo(2);
    assertThat(relaxed.err())
        .contains(domain + ":3: policy quality.min-constraints: domain hr lowers 'min' from 2 to 1, but "
            + this.central.resolve("governance.conf") + ":4 does not mark it overridable = true")
        .doesNotContain("metadata.placeholder"); // overridable = true centrally: the domain may relax it

    // Tightening is accepted and applies: three constraints now required, the product has two.
    write(domain, "governance {\n  quality.min-constraints.min = 3\n  naming.column.severity = error\n}\n");
    TestProject.Result tightened = TestProject.execute("policy", "check", "--all", "--conf", conf.toString());
    assertThat(tightened.code()).as(tightened.out() + tightened.err()).isEqualTo(4);
    assertThat(tightened.out())
        .contains(contract + ":12: policy quality.min-constraints: product declares 2 quality constraints but at least 3 are required (error)");

    // The domain's own copy of the central files is refused: one governance, not a drifting copy.
    Files.delete(domain);
    write(conf.resolve("governance.conf"), GOVERNANCE.replace("min = 2", "min = 0"));
    TestProject.Result copy = TestProject.execute("policy", "check", "--all", "--conf", conf.toString());
    assertThat(copy.code()).isEqualTo(2);
    assertThat(copy.err()).contains(conf.resolve("governance.conf") + ":1: this project takes its governance from mesh.governance.central = \"../governance\" ("
        + conf.resolve("mesh.conf") + ":2)");
    Files.delete(conf.resolve("governance.conf"));

    // A central governance that is not there: exit 2 at the setting's line.
    write(conf.resolve("mesh.conf"), "mesh.warehouse = warehouse\nmesh.governance.central = \"../nowhere\"\n");
    TestProject.Result missing = TestProject.execute("policy", "check", "--all", "--conf", conf.toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains(conf.resolve("mesh.conf") + ":2: mesh.governance.central: the central governance " + dir.resolve("nowhere")
        + " has no governance.conf (no such directory)");
  }

  @Test
  void theCentralGovernanceAsAnArtifactOnTheClasspath() throws Exception {
    Path jar = dir.resolve("acme-governance-1.0.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      entry(out, "meshwork-governance/governance.conf", GOVERNANCE);
      entry(out, "meshwork-governance/identifiers.conf", IDENTIFIERS);
      entry(out, "meshwork-governance/reference/country.csv", "code\nDE\n");
    }
    write(conf.resolve("mesh.conf"), "mesh.governance.central = \"classpath:meshwork-governance\"\n");
    write(conf.resolve("domains/hr.conf"), "governance {\n  quality.min-constraints.min = 3\n}\n");
    ContractRepository contracts = new ContractRepository(conf);
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, before)) {
      Thread.currentThread().setContextClassLoader(loader);
      Governance g = Governance.load(conf);
      assertThat(g.central()).isTrue();
      assertThat(g.identifiers()).containsOnlyKeys("employee_id");
      assertThat(g.referenceSets()).containsEntry("country", java.util.List.of("DE"));
      assertThat(g.check(contracts.load(ProductId.parse("hr.headcount"))).lines())
          .containsExactly(conf.resolve("products/hr/headcount.conf")
              + ":12: policy quality.min-constraints: product declares 2 quality constraints but at least 3 are required (error)");

      write(conf.resolve("domains/hr.conf"), "governance {\n  quality.min-constraints.severity = warning\n}\n");
      ContractException relaxed = catchThrowableOfType(ContractException.class, () -> Governance.load(conf));
      assertThat(relaxed.problems()).extracting(Problem::format).containsExactly(
          conf.resolve("domains/hr.conf") + ":2: policy quality.min-constraints: domain hr relaxes severity from error to warning, but jar:"
              + jar.toUri() + "!/meshwork-governance/governance.conf:4 does not mark it overridable = true");
    } finally {
      Thread.currentThread().setContextClassLoader(before);
    }
    // Without the artifact on the classpath: exit 2, saying what is missing.
    ContractException missing = catchThrowableOfType(ContractException.class, () -> Governance.load(conf));
    assertThat(missing.problems()).extracting(Problem::format).containsExactly(conf.resolve("mesh.conf")
        + ":1: mesh.governance.central: no resource meshwork-governance/governance.conf on the classpath (add the governance artifact as a dependency)");
  }

  private static void entry(JarOutputStream out, String name, String text) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    out.closeEntry();
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
