package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Governance's shared identifiers and reference sets become data checks in the gate (exit 3 naming the values). */
@ExtendWith(SharedSpark.class)
class SharedDataChecksTest {
  private static final String GOVERNANCE =
      """
      governance {
        shared-identifiers { severity = error, description = "Shared identifiers keep one type and format." }
        reference-data { severity = error, description = "Reference columns hold values of their set." }
      }
      """;
  private static final String CUSTOMERS =
      """
      product {
        domain = crm
        name = customers
        version = "1.0.0"
        inputs.sources.raw { path = "data/customers.csv", format = csv }
        sql = "SELECT CAST(customer_id AS STRING) AS customer_id, CAST(country AS STRING) AS country FROM raw"
        schema.columns = [
          { name = customer_id, type = string, nullable = false }
          { name = country, type = string, nullable = false, tags { reference = country } }
        ]
      }
      """;

  @Test
  void identifierPatternAndReferenceSetFailTheGateNamingTheValues(@TempDir Path dir) {
    TestProject project = new TestProject(dir)
        .write("conf/governance.conf", GOVERNANCE)
        .write("conf/identifiers.conf", "identifiers { customer_id { type = string, pattern = \"^C[0-9]{8}$\" } }")
        .write("conf/reference/country.csv", "code,name\nDE,Germany\nFR,France\n")
        .write("conf/products/crm/customers.conf", CUSTOMERS)
        .write("data/customers.csv", "customer_id,country\nC00000001,DE\nC00000002,FR\n");
    TestProject.Result ok = project.mesh("run", "crm.customers");
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("pattern(customer_id)").contains("allowed-values(country)");

    project.write("data/customers.csv", "customer_id,country\nC00000001,DE\nX-17,FR\nC00000003,XX\n");
    TestProject.Result refused = project.mesh("run", "crm.customers");
    assertThat(refused.code()).isEqualTo(3);
    assertThat(refused.err().lines().toList())
        .contains(
            "Quality gate failed for crm.customers (contract 1.0.0): pattern(customer_id) must be >= 1.0 but was 0.6667 on 3 rows"
                + " [level=error, check=identifier customer_id] (examples: 'X-17'); allowed-values(country) must be >= 1.0 but was 0.6667"
                + " on 3 rows [level=error, check=reference country] (examples: 'XX')");
  }
}
