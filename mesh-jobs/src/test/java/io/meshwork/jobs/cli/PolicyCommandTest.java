package io.meshwork.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.model.MeshException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mesh policy check}: the sample conf/ passes its own policies; the sample custom policy is
 * found through ServiceLoader; violations, JSON and exit codes.
 */
class PolicyCommandTest {
  /** The project's own conf/, seen from the module directory the tests run in. */
  private static final Path SAMPLE_CONF = Path.of("..", "conf");

  private static final String GOVERNANCE =
      """
      governance {
        metadata.sla { severity = error, description = "Products have an SLA." }
        ownership.team-matches-domain { severity = warning, description = "Teams are named after domains." }
      }
      """;

  private static final String CONTRACT =
      """
      product {
        domain = supply_chain
        name = parcels
        version = "1.0.0"
        owner { team = logistics, email = "logistics@example.com" }
        sql = "SELECT 1"
        schema.columns = [ { name = parcel_id, type = string } ]
        SLA
      }
      """;

  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  /** Runs like MeshCli does: a MeshException's message on stderr and its exit code. */
  private static Result run(String... args) {
    Cli.Result r = Cli.run(new PolicyCommand(), args);
    return new Result(r.code(), r.out(), r.err());
  }

  private Path conf(String sla) throws IOException {
    Files.writeString(dir.resolve("governance.conf"), GOVERNANCE);
    Path products = Files.createDirectories(dir.resolve("products/supply_chain"));
    Files.writeString(products.resolve("parcels.conf"), CONTRACT.replace("SLA", sla));
    return dir;
  }

  @Test
  void theSampleProductsPassTheSamplePolicies() {
    Result r = run("check", "--all", "--conf", SAMPLE_CONF.toString());

    assertThat(r.err()).isEmpty();
    int samples = new ContractRepository(SAMPLE_CONF).list().size();
    assertThat(samples).isPositive();
    assertThat(r.out()).isEqualTo("policy check: " + samples + " products, 0 errors, 0 warnings" + System.lineSeparator());
    assertThat(r.code()).isZero();
    assertThat(run("check", "crm.customers", "--conf", SAMPLE_CONF.toString()).out())
        .isEqualTo("policy check: 1 product, 0 errors, 0 warnings" + System.lineSeparator());
  }

  @Test
  void theSampleCustomPolicyIsFoundThroughServiceLoader() throws IOException {
    Result r = run("check", "supply_chain.parcels", "--conf", conf("sla.freshness = 24h").toString());

    assertThat(r.out())
        .isEqualTo(
            dir.resolve("products/supply_chain/parcels.conf") + ":5: policy ownership.team-matches-domain: owner team 'logistics' is not named "
                + "after domain supply_chain (expected supply-chain or supply-chain-...) (warning)" + System.lineSeparator()
                + "policy check: 1 product, 0 errors, 1 warning" + System.lineSeparator());
    assertThat(r.code()).isZero();
  }

  @Test
  void anErrorLevelViolationExits4() throws IOException {
    Result r = run("check", "--all", "--conf", conf("# no sla").toString());
    String file = dir.resolve("products/supply_chain/parcels.conf").toString();

    assertThat(r.out())
        .isEqualTo(
            file + ":1: policy metadata.sla: product has no SLA (sla.freshness = 24h) (error)" + System.lineSeparator()
                + file + ":5: policy ownership.team-matches-domain: owner team 'logistics' is not named after domain supply_chain "
                + "(expected supply-chain or supply-chain-...) (warning)" + System.lineSeparator()
                + "policy check: 1 product, 1 error, 1 warning (nothing may be published until the errors are fixed)" + System.lineSeparator());
    assertThat(r.code()).isEqualTo(4);
  }

  @Test
  void jsonReport() throws IOException {
    Result r = run("check", "--all", "--json", "--conf", conf("# no sla").toString());
    String file = dir.resolve("products/supply_chain/parcels.conf").toString();

    assertThat(r.out())
        .isEqualTo(
            """
            {
              "passed": false,
              "products": 1,
              "errors": 1,
              "warnings": 1,
              "violations": [
                {"file": "FILE", "line": 1, "policy": "metadata.sla", "severity": "error", "product": "supply_chain.parcels", "message": "product has no SLA (sla.freshness = 24h)"},
                {"file": "FILE", "line": 5, "policy": "ownership.team-matches-domain", "severity": "warning", "product": "supply_chain.parcels", "message": "owner team 'logistics' is not named after domain supply_chain (expected supply-chain or supply-chain-...)"}
              ]
            }
            """
                .replace("FILE", file)
                .replace("\n", System.lineSeparator()));
    assertThat(r.code()).isEqualTo(4);
  }

  @Test
  void usageAndContractErrorsExit2() throws IOException {
    assertThat(run("check")).isEqualTo(new Result(2, "", "policy check: give a product (domain.name) or --all" + System.lineSeparator()));
    assertThat(run("check", "crm.customers", "--all"))
        .isEqualTo(new Result(2, "", "policy check: give a product (domain.name) or --all, not both" + System.lineSeparator()));

    conf("sla.freshness = 24h");
    Files.writeString(dir.resolve("governance.conf"), "governance { metadata.sla { severity = eror, description = \"SLA.\" } }\n");
    assertThat(run("check", "--all", "--conf", dir.toString()))
        .isEqualTo(new Result(2, "", dir.resolve("governance.conf") + ":1: policy metadata.sla: severity 'eror' must be error or warning" + System.lineSeparator()));
  }
}
