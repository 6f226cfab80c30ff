package io.meshwork.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshwork.core.model.AccessPolicy.Masking;
import io.meshwork.core.model.AccessPolicy;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Problem;
import io.meshwork.core.model.SourceLocation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract's access block, and where a parsed contract wrote its keys. */
class AccessPolicyParsingTest {
  private static final String CONTRACT =
      """
      product {
        domain = crm
        name = customers
        version = "1.0.0"
        sql = "SELECT 1"
        schema {
          columns = [
            { name = customer_id, type = string, classification = internal }
            { name = email, type = string, classification = pii }
          ]
        }
        ACCESS
      }
      """;

  private static DataProduct parse(String access) {
    return Contracts.parse(CONTRACT.replace("ACCESS", access), "customers.conf");
  }

  private static List<String> problems(String access) {
    ContractException e = catchThrowableOfType(ContractException.class, () -> parse(access));
    assertThat(e).as("expected a ContractException").isNotNull();
    return e.problems().stream().map(Problem::format).toList();
  }

  @Test
  void parsesTheAccessBlock() {
    AccessPolicy access = parse("access { readers = [analyst, data-science], pii-readers = [data-science], masking = null }").access();

    assertThat(access).isEqualTo(new AccessPolicy(List.of("analyst", "data-science"), List.of("data-science"), Masking.NULL, new SourceLocation("customers.conf", 12)));
    assertThat(access.mayRead("analyst")).isTrue();
    assertThat(access.maySeePii("analyst")).isFalse();
    assertThat(access.maySeePii("data-science")).isTrue();
    assertThat(access.mayRead("marketing")).isFalse();
  }

  @Test
  void defaultsAndEveryRole() {
    AccessPolicy access = parse("access.readers = [\"*\"]").access();

    assertThat(access.piiReaders()).isEmpty();
    assertThat(access.masking()).isEqualTo(Masking.HASH);
    assertThat(access.mayRead("anyone")).isTrue();
    assertThat(access.maySeePii("anyone")).isFalse();
    assertThat(parse("# no access block").access()).isNull();
    assertThat(parse("access { readers = [a], masking = \"null\" }").access().masking()).isEqualTo(Masking.NULL);
  }

  @Test
  void stampsTheAccessRulesAsTableProperties() {
    assertThat(AccessPolicy.tableProperties(parse("access { readers = [analyst, ds], pii-readers = [ds] }")))
        .containsExactly(
            Map.entry("mesh.access.readers", "analyst,ds"),
            Map.entry("mesh.access.pii-readers", "ds"),
            Map.entry("mesh.access.masking", "hash"),
            Map.entry("mesh.access.row-filters", "{}"),
            Map.entry("mesh.access.without-role", "masked"),
            Map.entry("mesh.access.pii-columns", "email"));
    assertThat(AccessPolicy.tableProperties(parse("")))
        .containsEntry("mesh.access.readers", "*")
        .containsEntry("mesh.access.pii-readers", "");
  }

  @Test
  void everyProblemOfTheAccessBlockAtItsLine() {
    assertThat(problems("access {\n    readers = [analyst, \"Data Science\"]\n    pii-readers = [ds]\n    masking = blur\n    who = me\n  }"))
        .containsExactly(
            "customers.conf:13: crm.customers: 'product.access.readers' holds 'Data Science', which is not a role name (a lower-case letter, "
                + "then lower-case letters, digits, '-' or '_'; or \"*\" for every role)",
            "customers.conf:15: crm.customers: 'product.access.masking' must be hash or null but was 'blur'",
            "customers.conf:16: crm.customers: unknown key 'product.access.who' (allowed: readers, pii-readers, masking, without-role, roles)");
    assertThat(problems("access { readers = [analyst], pii-readers = [ds, analyst] }"))
        .containsExactly("customers.conf:12: crm.customers: access.pii-readers: role 'ds' is not in access.readers (analyst)");
    assertThat(problems("access { pii-readers = [ds] }"))
        .containsExactly("customers.conf:12: crm.customers: missing required key 'product.access.readers'");
    assertThat(problems("access = open")).containsExactly("customers.conf:12: crm.customers: 'product.access' must be an object but was a string");
  }

  @Test
  void recordsWhereTheContractWroteItsKeys() {
    DataProduct p = parse("sla.freshness = 24h");

    assertThat(p.locationOf("product")).hasToString("customers.conf:1");
    assertThat(p.locationOf("product.schema")).hasToString("customers.conf:6");
    assertThat(p.locationOf("product.sla.freshness")).hasToString("customers.conf:12");
    assertThat(p.locationOf("product.owner.email")).hasToString("customers.conf:1");
    assertThat(p.locationOf("product.schema.columns")).hasToString("customers.conf:7");
  }

  @Test
  void rowFiltersAreParsedPerRoleAndStamped() {
    AccessPolicy access = parse("""
        access {
          readers = [analyst, data-science]
          without-role = refused
          roles { analyst { row-filter = "customer_id LIKE 'C0%' AND email IS NOT NULL" } }
        }""").access();

    assertThat(access.rowFilter("analyst")).contains("customer_id LIKE 'C0%' AND email IS NOT NULL");
    assertThat(access.rowFilter("data-science")).isEmpty();
    assertThat(access.refuseWithoutRole()).isTrue();
    Map<String, String> stamped = AccessPolicy.tableProperties(parse("access { readers = [analyst], roles { analyst { row-filter = \"email IS NULL\" } } }"));
    assertThat(stamped).containsEntry(AccessPolicy.ROW_FILTERS_PROPERTY, "{\"analyst\":\"email IS NULL\"}")
        .containsEntry(AccessPolicy.WITHOUT_ROLE_PROPERTY, "masked");
    assertThat(AccessPolicy.fromTableProperties(stamped, "t").orElseThrow().rowFilters()).containsExactly(Map.entry("analyst", "email IS NULL"));
  }

  @Test
  void aBadRowFilterIsAContractErrorAtItsLine() {
    assertThat(problems("access { readers = [analyst]\n roles { analyst { row-filter = \"country = 'DE'\" } } }"))
        .containsExactly("customers.conf:13: crm.customers: 'product.access.roles.analyst.row-filter' names column country, which the schema does not have (columns: customer_id, email)");
    assertThat(problems("access { readers = [analyst]\n roles { analyst { row-filter = \"email = = 'x'\" } } }").get(0))
        .startsWith("customers.conf:13: crm.customers: 'product.access.roles.analyst.row-filter' does not parse as a SQL predicate: ");
    assertThat(problems("access { readers = [analyst]\n roles { analyst { row-filter = \"email IN (SELECT 1)\" } } }"))
        .containsExactly("customers.conf:13: crm.customers: 'product.access.roles.analyst.row-filter' holds a subquery; a row filter reads only the product's own columns");
    assertThat(problems("access { readers = [analyst]\n roles { intern { row-filter = \"email IS NULL\" } } }"))
        .containsExactly("customers.conf:13: crm.customers: 'product.access.roles.intern': role 'intern' is not in access.readers (analyst)");
    assertThat(problems("access { readers = [analyst], without-role = hidden }"))
        .containsExactly("customers.conf:12: crm.customers: 'product.access.without-role' must be masked or refused but was 'hidden'");
  }
}
