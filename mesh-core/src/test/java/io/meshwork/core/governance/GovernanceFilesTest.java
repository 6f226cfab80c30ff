package io.meshwork.core.governance;

import static io.meshwork.core.governance.GovernanceFixtures.ALL_POLICIES;
import static io.meshwork.core.governance.GovernanceFixtures.conf;
import static io.meshwork.core.governance.GovernanceFixtures.orders;
import static io.meshwork.core.governance.GovernanceFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.Problem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policy files: domains tightening and relaxing, and every kind of problem at its file and line. */
class GovernanceFilesTest {
  private static final String GLOBAL =
      """
      governance {
        metadata.sla { severity = error, description = "Products have an SLA." }
        naming.column {
          severity = warning
          description = "Columns are snake_case."
        }
        naming.reserved-words { severity = error, description = "No SQL keywords.", words = [select, from] }
        quality.min-constraints {
          severity = error
          description = "Enough constraints."
          min = 3
        }
        dates { severity = error, description = "Dates are dates." }
      }
      """;

  @TempDir Path dir;

  private List<String> problems(Path conf) {
    ContractException e = catchThrowableOfType(ContractException.class, () -> Governance.load(conf));
    assertThat(e).as("expected a ContractException").isNotNull();
    return e.problems().stream().map(Problem::format).toList();
  }

  private String file(String name) {
    return dir.resolve(name).toString();
  }

  @Test
  void aDomainTightensItsPolicies() {
    write(dir.resolve("governance.conf"), GLOBAL);
    write(dir.resolve("domains/sales.conf"),
        """
        # sales is stricter
        governance {
          quality.min-constraints.min = 4
          naming.column.severity = error
          naming.reserved-words.words = [select, from, amount]
          dates.suffixes = [_date, _at, _ts, _day]
        }
        mesh.spark.master = "local[2]"   # other settings of the domain file are not governance's
        """);
    Governance g = Governance.load(dir);
    DataProduct sales = orders("name = order_date, type = date", "name = OrderDate, type = date");
    DataProduct crm = orders("domain = sales", "domain = crm", "name = order_date, type = date", "name = OrderDate, type = date");

    assertThat(g.check(sales).lines())
        .containsExactly(
            "orders.conf:14: policy naming.column: column 'OrderDate' must be snake_case (pattern ^[a-z][a-z0-9]*(_[a-z0-9]+)*$) (error)",
            "orders.conf:18: policy quality.min-constraints: product declares 3 quality constraints but at least 4 are required (error)");
    assertThat(g.check(crm).lines())
        .containsExactly("orders.conf:14: policy naming.column: column 'OrderDate' must be snake_case (pattern ^[a-z][a-z0-9]*(_[a-z0-9]+)*$) (warning)");
    assertThat(g.check(orders("name = order_date, type = date", "name = amount, type = date")).lines())
        .containsExactly(
            "orders.conf:14: policy naming.reserved-words: column 'amount' is a reserved word (error)",
            "orders.conf:18: policy quality.min-constraints: product declares 3 quality constraints but at least 4 are required (error)");
    assertThat(g.check(orders("name = order_date, type = date", "name = order_day, type = string")).lines())
        .containsExactly(
            "orders.conf:14: policy dates: column 'order_day' is string but columns named *_day must be date or timestamp (error)",
            "orders.conf:18: policy quality.min-constraints: product declares 3 quality constraints but at least 4 are required (error)");
  }

  @Test
  void aDomainCannotRelaxAPolicyThatIsNotOverridable() {
    write(dir.resolve("governance.conf"), GLOBAL.replace("dates { severity = error,", "dates { overridable = false, severity = error,"));
    write(dir.resolve("domains/sales.conf"),
        """
        governance {
          metadata.sla.severity = warning
          quality.min-constraints.enabled = false
          naming.reserved-words.words = [select]
          naming.column.pattern = "^[a-z].*$"
          dates.types = [date, timestamp, string]
        }
        """);
    String global = file("governance.conf");
    String domain = file("domains/sales.conf");

    assertThat(problems(dir))
        .containsExactly(
            domain + ":2: policy metadata.sla: domain sales relaxes severity from error to warning, but " + global + ":2 does not mark it overridable = true",
            domain + ":3: policy quality.min-constraints: domain sales disables it, but " + global + ":8 does not mark it overridable = true",
            domain + ":4: policy naming.reserved-words: domain sales removes from from 'words', but " + global + ":7 does not mark it overridable = true",
            domain + ":5: policy naming.column: domain sales changes 'pattern' from '^[a-z][a-z0-9]*(_[a-z0-9]+)*$' to '^[a-z].*$', but " + global + ":3 does not mark it overridable = true",
            domain + ":6: policy dates: domain sales adds string to 'types', but " + global + ":13 does not mark it overridable = true");
  }

  @Test
  void aDomainRelaxesWhatTheGlobalFileMarksOverridable() {
    write(dir.resolve("governance.conf"), GLOBAL.replace("min = 3", "min = 3\n    overridable = true"));
    write(dir.resolve("domains/sales.conf"), "governance.quality.min-constraints { min = 1, severity = warning }\n");
    Governance g = Governance.load(dir);

    assertThat(g.check(orders("{ check = row-count, min = 1 }", "", "{ check = unique, columns = [order_id] }", "")).lines()).isEmpty();
    assertThat(g.check(orders("domain = sales", "domain = crm", "{ check = row-count, min = 1 }", "")).lines())
        .containsExactly("orders.conf:18: policy quality.min-constraints: product declares 2 quality constraints but at least 3 are required (error)");
  }

  @Test
  void problemsOfTheGlobalFileAreReportedAtTheirLines() {
    write(dir.resolve("governance.conf"),
        """
        governance {
          naming.colum { severity = error, description = "typo" }
          naming.column { severity = fatal, description = "Columns." }
          naming.product { description = "Names.", patern = "x" }
          metadata.sla { severity = error }
          dates { severity = error, description = "Dates.", suffixes = _date, overridable = yes }
          quality.min-constraints { severity = error, description = "Enough.", min = "three" }, naming.reserved-words { severity = error, description = "No keywords.", words = [select, null] }
          metadata.owner { severity = error, description = "Owner.", email-pattern = "[a-" }
          privacy = 3
        }
        """);
    String f = file("governance.conf");

    assertThat(problems(dir))
        .containsExactly(
            f + ":2: unknown policy 'naming.colum' (did you mean 'naming.column'?)",
            f + ":3: policy naming.column: severity 'fatal' must be error or warning",
            f + ":4: policy naming.product: missing required key 'severity' (error or warning)",
            f + ":4: policy naming.product: unknown key 'patern' (did you mean 'pattern'?)",
            f + ":5: policy metadata.sla: missing required key 'description'",
            f + ":6: policy dates: 'overridable' must be true or false but was a string",
            f + ":6: policy dates: 'suffixes' must be a list of strings but was a string",
            f + ":7: policy naming.reserved-words: 'words' holds the HOCON value null; write \"null\" in quotes to mean the word",
            f + ":7: policy quality.min-constraints: 'min' must be a number but was a string",
            f + ":8: policy metadata.owner: 'email-pattern' is not a valid regex '[a-': Illegal character range",
            f + ":9: unknown policy 'privacy' (known policies: naming.product, naming.column, naming.reserved-words, naming.unique-columns, "
                + "metadata.owner, metadata.description, metadata.column-description, metadata.placeholder, metadata.classification, metadata.sla, privacy.pii-access, "
                + "shared-identifiers, reference-data, dates, quality.key-complete, quality.key-unique, quality.min-constraints)");
  }

  @Test
  void problemsOfDomainIdentifierAndReferenceFiles() {
    write(dir.resolve("governance.conf"), GLOBAL);
    write(dir.resolve("domains/sales.conf"),
        """
        governance {
          metadata.sla { overridable = true }
          naming.product { severity = error }
          dates { severity = "urgent" }
        }
        """);
    write(dir.resolve("domains/Bad-Name.conf"), "governance {}\n");
    write(dir.resolve("domains/crm.conf"), "governance {\n  dates = [\n}\n");
    write(dir.resolve("identifiers.conf"),
        """
        identifiers {
          customer_id { type = strng, pattern = "^C[0-9]{8}$" }
          order_id { pattern = "(" , format = x }
        }
        """);
    write(dir.resolve("reference/country.csv"), "code,name\n# nothing yet\n");

    assertThat(problems(dir))
        .containsExactly(
            file("domains/Bad-Name.conf") + ":0: domain file is not named <domain>.conf with a plain lower-case identifier ([a-z][a-z0-9_]*)",
            file("domains/crm.conf") + ":3: List should have ] or a first element after the open [, instead had token: '}' "
                + "(if you want '}' to be part of a string value, then double-quote it)",
            file("domains/sales.conf") + ":2: policy metadata.sla: 'overridable' can only be set in " + file("governance.conf"),
            file("domains/sales.conf") + ":3: policy naming.product: not configured in " + file("governance.conf")
                + ": a domain file can only tune the policies the global file defines",
            file("domains/sales.conf") + ":4: policy dates: severity 'urgent' must be error or warning",
            file("identifiers.conf") + ":2: identifier customer_id: unknown type 'strng'",
            file("identifiers.conf") + ":3: identifier order_id: 'pattern' is not a valid regex '(': Unclosed group",
            file("identifiers.conf") + ":3: identifier order_id: missing required key 'type'",
            file("identifiers.conf") + ":3: identifier order_id: unknown key 'format' (allowed: type, pattern, description)",
            file("reference/country.csv") + ":1: reference set country has no values (expected a header line, then one value per line)");
  }

  @Test
  void derivedDataChecksForSharedIdentifiersAndReferenceSets(@TempDir Path other) {
    Governance g = Governance.load(conf(dir, ALL_POLICIES));

    assertThat(g.derivedConstraints(orders()))
        .extracting(c -> c.name() + " " + c.check() + " " + c.columns() + " " + c.params() + " " + c.level() + " " + c.location())
        .containsExactly(
            "identifier customer_id pattern [customer_id] {regex=^C[0-9]{8}$} error orders.conf:11",
            "reference country allowed-values [country] {values=[DE, FR, NL]} error orders.conf:13");
    assertThat(g.referenceSets()).containsOnlyKeys("country");
    DataProduct gated = g.withDerivedConstraints(orders());
    assertThat(gated.constraints()).hasSize(5).endsWith(g.derivedConstraints(orders()).toArray(new io.meshwork.core.model.ConstraintSpec[0]));
    assertThat(gated.sha256()).isEqualTo(orders().sha256());
    assertThat(g.identifiers().get("customer_id").location().toString()).isEqualTo(dir.resolve("identifiers.conf") + ":2");

    // A check the contract already declares is not repeated; a warning-level one does not count.
    DataProduct declared = orders("{ check = row-count, min = 1 }",
        "{ check = pattern, column = customer_id, regex = \"^C[0-9]{8}$\" }\n{ check = allowed-values, column = country, values = [NL, FR, DE], level = warning }");
    assertThat(g.derivedConstraints(declared)).extracting(c -> c.name()).containsExactly("reference country");

    // The level follows the policy's severity; a disabled policy adds nothing.
    Governance lenient = Governance.load(conf(other, ALL_POLICIES
        .replace("shared-identifiers { severity = error", "shared-identifiers { severity = warning")
        .replace("reference-data { severity = error,", "reference-data { enabled = false, severity = error,")));
    assertThat(lenient.derivedConstraints(orders())).extracting(c -> c.name() + " " + c.level()).containsExactly("identifier customer_id warning");
  }

  @Test
  void customPoliciesReadTheirOwnSettingsAndABrokenOneReportsAnError() {
    GovernancePolicy maxColumns =
        new GovernancePolicy() {
          @Override
          public String id() {
            return "acme.max-columns";
          }

          @Override
          public List<Violation> evaluate(DataProduct product, PolicyContext context) {
            int max = context.settings().getInt("max");
            return product.columns().size() <= max
                ? List.of()
                : List.of(context.violation(product.locationOf("product.schema.columns"), product.columns().size() + " columns, more than " + max));
          }
        };
    GovernancePolicy broken =
        new GovernancePolicy() {
          @Override
          public String id() {
            return "acme.broken";
          }

          @Override
          public List<Violation> evaluate(DataProduct product, PolicyContext context) {
            throw new IllegalStateException("boom");
          }
        };
    write(dir.resolve("governance.conf"),
        """
        governance.acme {
          max-columns { severity = warning, description = "Few columns.", max = 4 }
          broken { severity = error, description = "Always fails." }
        }
        """);
    Governance g = Governance.load(dir, List.of(maxColumns, broken));

    assertThat(g.check(orders()).lines())
        .containsExactly(
            "orders.conf:1: policy acme.broken: the policy could not be evaluated: java.lang.IllegalStateException: boom (error)",
            "orders.conf:9: policy acme.max-columns: 5 columns, more than 4 (warning)");
    assertThatThrownBy(() -> Governance.load(dir, List.of(maxColumns, maxColumns)))
        .isInstanceOf(MeshException.class)
        .hasMessageStartingWith("Two governance policies have the id acme.max-columns: ");
  }
}
