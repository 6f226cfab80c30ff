package io.meshwork.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.Mesh;
import io.meshwork.core.read.Roles;
import io.meshwork.jobs.TestProject;
import io.meshwork.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access on the command line: {@code read} and {@code sql} as each role of a product with pii
 * columns and a row filter, least privilege without a role, refusals (exit 4), roles granted by
 * {@code roles.conf} (a role not held and a publish by a user outside the owning team exit 4), the
 * audit of SQL reads, and a production platform without a masking key (exit 2).
 */
@ExtendWith(SharedSpark.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessCommandsTest {
  private static final String KEY = "access-commands-test-key";
  static final String PEOPLE =
      """
      product {
        domain = crm
        name = people
        version = "1.0.0"
        description = "People."
        owner { team = crm-data, email = "crm-data@example.com" }
        inputs { sources { raw { path = "data/people.csv", format = csv } } }
        sql = "SELECT id, name, email, country FROM raw"
        schema {
          columns = [
            { name = id, type = string, nullable = false, description = "Id", classification = internal }
            { name = name, type = string, nullable = false, description = "Name", classification = pii }
            { name = email, type = string, nullable = false, description = "E-mail", classification = pii }
            { name = country, type = string, nullable = false, description = "Country", classification = public }
          ]
          primary-key = [id]
        }
        quality.constraints = [ { check = unique, columns = [id] }, { check = row-count, min = 1 } ]
        sla.freshness = 24h
        access {
          readers = [analyst, data-science, crm-data]
          pii-readers = [data-science, crm-data]
          masking = hash
          roles { analyst { row-filter = "country = 'DE'" } }
        }
      }
      """;

  private final SparkSession spark;
  private TestProject project;

  AccessCommandsTest(SparkSession spark) {
    this.spark = spark;
  }

  @BeforeAll
  void publish(@TempDir Path dir) {
    project = new TestProject(dir)
        .write("conf/products/crm/people.conf", PEOPLE)
        .write("conf/mesh.conf", "mesh.masking.key-file = \"" + dir.resolve("secrets/masking.key") + "\"\n")
        .write("secrets/masking.key", KEY + "\n")
        .write("data/people.csv", "id,name,email,country\nP1,Anna Schmidt,anna@example.de,DE\nP2,Lucas Martin,lucas@example.fr,FR\n");
    TestProject.Result run = project.mesh("run", "crm.people", "--date", "2026-11-23");
    assertThat(run.code()).as(run.err()).isZero();
  }

  @Test
  void readWithoutARoleIsMaskedNeverClear() {
    TestProject.Result read = project.mesh("read", "crm.people", "--json");

    assertThat(read.code()).as(read.err()).isZero();
    assertThat(read.out()).doesNotContain("Anna Schmidt", "anna@example.de").contains(hmac("Anna Schmidt"), hmac("anna@example.de"));
    // Least privilege for rows too: only those every filtered role may see (the analyst's country = 'DE').
    assertThat(read.out()).doesNotContain("P2");
  }

  @Test
  void eachSampleRoleReadsWhatItMay() {
    TestProject.Result scientist = project.mesh("read", "crm.people", "--role", "data-science", "--json");
    assertThat(scientist.code()).as(scientist.err()).isZero();
    assertThat(scientist.out()).contains("Anna Schmidt", "lucas@example.fr");

    TestProject.Result analystRead = project.mesh("read", "crm.people", "--role", "analyst", "--json");
    assertThat(analystRead.code()).as(analystRead.err()).isZero();
    assertThat(analystRead.out()).contains(hmac("Anna Schmidt"), "\"DE\"").doesNotContain("Anna Schmidt", "P2", "\"FR\"");

    TestProject.Result analystSql = project.mesh("sql", "SELECT id, name, email, country FROM crm.people", "--role", "analyst", "--json");
    assertThat(analystSql.code()).as(analystSql.err()).isZero();
    assertThat(analystSql.out()).contains(hmac("Anna Schmidt"), hmac("anna@example.de")).doesNotContain("Anna Schmidt", "P2");

    TestProject.Result owner = project.mesh("sql", "SELECT name FROM crm.people ORDER BY id", "--role", "crm-data", "--json");
    assertThat(owner.out()).contains("Anna Schmidt", "Lucas Martin");
  }

  @Test
  void anUnknownReaderIsRefusedWithExit4() {
    TestProject.Result sql = project.mesh("sql", "SELECT * FROM crm.people", "--role", "marketing");
    assertThat(sql.code()).isEqualTo(4);
    assertThat(sql.err()).contains("Read of crm.people refused for role 'marketing'", "the product's readers are analyst, data-science, crm-data");

    TestProject.Result read = project.mesh("read", "crm.people", "--role", "marketing");
    assertThat(read.code()).isEqualTo(4);
  }

  @Test
  void sqlReadsAreAuditedOncePerQueryAndExplainNot() {
    long before = sqlAudits();
    assertThat(project.mesh("sql", "SELECT a.id FROM crm.people a JOIN crm.people b ON a.id = b.id", "--role", "analyst").code()).isZero();
    assertThat(sqlAudits()).isEqualTo(before + 1);
    assertThat(project.mesh("sql", "EXPLAIN SELECT * FROM crm.people", "--role", "analyst").code()).isZero();
    assertThat(project.mesh("sql", "DESCRIBE crm.people").code()).isZero();
    assertThat(sqlAudits()).isEqualTo(before + 1);
  }

  @Test
  void rolesAreGrantedByRolesConf(@TempDir Path dir) {
    TestProject granted = new TestProject(dir)
        .write("conf/products/crm/people.conf", PEOPLE)
        .write("conf/mesh.conf", "mesh.masking.key-file = \"" + dir.resolve("masking.key") + "\"\n")
        .write("masking.key", KEY)
        .write("data/people.csv", "id,name,email,country\nP1,Anna Schmidt,anna@example.de,DE\n")
        .write("conf/roles.conf", "users { \"" + Roles.user(spark) + "\" = [analyst] }\n");

    TestProject.Result publish = granted.mesh("run", "crm.people", "--date", "2026-11-23");
    assertThat(publish.code()).isEqualTo(4);
    assertThat(publish.err()).contains("Publish of crm.people refused for user '" + Roles.user(spark) + "': only its owner, team 'crm-data', publishes it");

    granted.write("conf/roles.conf", "users { \"" + Roles.user(spark) + "\" = [analyst, crm-data] }\n");
    assertThat(granted.mesh("run", "crm.people", "--date", "2026-11-23").code()).isZero();
    granted.write("conf/roles.conf", "users { \"" + Roles.user(spark) + "\" = [analyst] }\n");

    TestProject.Result notHeld = granted.mesh("read", "crm.people", "--role", "data-science");
    assertThat(notHeld.code()).isEqualTo(4);
    assertThat(notHeld.err()).contains("User '" + Roles.user(spark) + "' does not hold role 'data-science'");
    TestProject.Result notHeldSql = granted.mesh("sql", "SELECT * FROM crm.people", "--role", "data-science");
    assertThat(notHeldSql.code()).isEqualTo(4);
    TestProject.Result held = granted.mesh("sql", "SELECT name FROM crm.people", "--role", "analyst", "--json");
    assertThat(held.code()).as(held.err()).isZero();
    assertThat(held.out()).contains(hmac("Anna Schmidt"));
  }

  @Test
  void productionWithoutAMaskingKeyIsAConfigurationError(@TempDir Path dir) {
    TestProject production = new TestProject(dir)
        .write("conf/products/crm/people.conf", PEOPLE)
        .write("conf/mesh.conf", "mesh.environment = production\n");
    // The published table of the other project, read under this platform's settings.
    TestProject.Result read = TestProject.execute(
        "read", "crm.people", "--conf", dir.resolve("conf").toString(), "--warehouse", project.warehouse().toString());

    assertThat(read.code()).isEqualTo(2);
    assertThat(read.err()).contains("No masking key: in production (mesh.environment = production) hash masking needs a secret key");
    assertThat(production.root()).isEqualTo(dir);
  }

  private long sqlAudits() {
    return Mesh.open(spark, project.warehouse()).auditLog().records()
        .where(col("via").equalTo("sql").and(col("product").equalTo("crm.people"))).count();
  }

  private static String hmac(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
