package io.meshwork.core.governance;

import static io.meshwork.core.governance.GovernanceFixtures.ALL_POLICIES;
import static io.meshwork.core.governance.GovernanceFixtures.PII;
import static io.meshwork.core.governance.GovernanceFixtures.conf;
import static io.meshwork.core.governance.GovernanceFixtures.orders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshwork.core.model.ColumnSpec;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.GovernanceException;
import io.meshwork.core.model.Problem;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.SourceLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each built-in policy: a violating contract with its exact message and line, and the compliant one. */
class GovernancePoliciesTest {
  private static final String SNAKE = "must be snake_case (pattern ^[a-z][a-z0-9]*(_[a-z0-9]+)*$)";

  @TempDir Path dir;
  private Governance governance;

  @BeforeEach
  void load() {
    governance = Governance.load(conf(dir, ALL_POLICIES));
  }

  private List<String> violations(DataProduct product) {
    return governance.check(product).lines();
  }

  @Test
  void aCompliantContractPassesEveryPolicy() {
    PolicyReport report = governance.check(orders());

    assertThat(report.violations()).isEmpty();
    assertThat(report.passed()).isTrue();
    assertThat(report.products()).containsExactly(ProductId.parse("sales.orders"));
    assertThat(governance.policies("sales")).hasSize(17).startsWith("naming.product").endsWith("quality.min-constraints");
  }

  @Test
  void namingOfProductsAndColumns() {
    assertThat(violations(orders("name = order_date, type = date", "name = OrderDate, type = date")))
        .containsExactly("orders.conf:14: policy naming.column: column 'OrderDate' " + SNAKE + " (error)");
    assertThat(violations(orders("name = orders", "name = orders__v2")))
        .containsExactly(
            "orders.conf:3: policy naming.product: product name 'orders__v2' " + SNAKE + " (error)",
            "orders.conf:3: policy naming.product: product name 'orders__v2' must not end in _v<digits>: in SQL sales.orders__v2 names major 2 of sales.orders_ (error)");
    assertThat(violations(orders("name = orders", "name = orders_v2")))
        .containsExactly("orders.conf:3: policy naming.product: product name 'orders_v2' must not end in _v<digits>: in SQL sales.orders_v2 names major 2 of sales.orders (error)");
    assertThat(violations(orders("name = orders", "name = orders_v2x"))).isEmpty();
    assertThat(violations(orders("domain = sales", "domain = sales_")))
        .containsExactly("orders.conf:2: policy naming.product: domain 'sales_' " + SNAKE + " (error)");
  }

  @Test
  void reservedWords() {
    assertThat(violations(orders("name = customer_id, type = string", "name = select, type = string")))
        .containsExactly("orders.conf:11: policy naming.reserved-words: column 'select' is a reserved word (error)");
    assertThat(violations(orders("name = orders", "name = order")))
        .containsExactly("orders.conf:3: policy naming.reserved-words: product name 'order' is a reserved word (error)");
  }

  @Test
  void columnNamesAreUniqueIgnoringCase() {
    // The contract parser already refuses such a contract; a product built in code meets the policy.
    DataProduct p = orders();
    List<ColumnSpec> columns = new ArrayList<>(p.columns());
    columns.add(new ColumnSpec("Order_ID", "string", true, "Order identifier again.", "internal", Map.of(), new SourceLocation("orders.conf", 15)));
    DataProduct twice = p.toBuilder().columns(columns).build();

    assertThat(violations(twice))
        .containsExactly(
            "orders.conf:15: policy naming.column: column 'Order_ID' " + SNAKE + " (error)",
            "orders.conf:15: policy naming.unique-columns: column 'Order_ID' has the same name as column 'order_id' (orders.conf:10) ignoring case (error)");
  }

  @Test
  void ownerTeamAndEmail() {
    assertThat(violations(orders("owner { team = sales-data, email = \"sales-data@example.com\" }", "owner { email = \"sales-data@example.com\" }")))
        .containsExactly("orders.conf:6: policy metadata.owner: product has no owner team (owner { team = ..., email = ... }) (error)");
    assertThat(violations(orders("owner { team = sales-data, email = \"sales-data@example.com\" }", "# no owner")))
        .containsExactly(
            "orders.conf:1: policy metadata.owner: product has no owner email (owner { team = ..., email = ... }) (error)",
            "orders.conf:1: policy metadata.owner: product has no owner team (owner { team = ..., email = ... }) (error)");
    assertThat(violations(orders("email = \"sales-data@example.com\"", "email = \"sales-data\"")))
        .containsExactly("orders.conf:6: policy metadata.owner: owner email 'sales-data' is not an e-mail address (error)");
  }

  @Test
  void productDescription() {
    assertThat(violations(orders("description = \"One row per customer order, with its amount.\"", "# none")))
        .containsExactly("orders.conf:1: policy metadata.description: product has no description (error)");
    assertThat(violations(orders("description = \"One row per customer order, with its amount.\"", "description = \"Orders.\"")))
        .containsExactly("orders.conf:5: policy metadata.description: product description has 7 characters but at least 20 are required (error)");
  }

  @Test
  void aScaffoldsPlaceholderDescriptionsAreAWarningNotAnError() {
    PolicyReport report =
        governance.check(orders("description = \"One row per customer order, with its amount.\"", "description = \"TODO: what one row of orders is, and who should use it.\"")
            );
    assertThat(report.lines())
        .containsExactly(
            "orders.conf:5: policy metadata.placeholder: product description is still a placeholder (TODO): say what one row is and who should use it (warning)");
    assertThat(report.passed()).as("a warning does not block the publish").isTrue();
    assertThat(violations(orders("description = \"Date of the order.\"", "description = \"TODO: what the column holds.\"")))
        .containsExactly("orders.conf:14: policy metadata.placeholder: column 'order_date' description is still a placeholder (TODO) (warning)");
  }

  @Test
  void columnDescriptionAndClassification() {
    assertThat(violations(orders("description = \"Date of the order.\", ", "")))
        .containsExactly("orders.conf:14: policy metadata.column-description: column 'order_date' has no description (error)");
    assertThat(violations(orders("description = \"Date of the order.\"", "description = \"Date.\"")))
        .containsExactly("orders.conf:14: policy metadata.column-description: column 'order_date' has a description of 5 characters but at least 10 are required (error)");
    assertThat(violations(orders(", classification = public", "")))
        .containsExactly("orders.conf:14: policy metadata.classification: column 'order_date' has no classification (one of public, internal, confidential, pii) (error)");
  }

  @Test
  void sla() {
    assertThat(violations(orders("sla.freshness = 24h", "# no sla")))
        .containsExactly("orders.conf:1: policy metadata.sla: product has no SLA (sla.freshness = 24h) (error)");
  }

  @Test
  void piiColumnsNeedARestrictingAccessBlock() {
    String access = "access { readers = [analyst, data-science], pii-readers = [data-science], masking = hash }";
    assertThat(violations(orders(access, "# no access")))
        .containsExactly(
            "orders.conf:12: policy privacy.pii-access: column 'email' is classified pii but the product has no access block restricting it "
                + "(access { readers = [...], pii-readers = [...], masking = hash }) (error)");
    assertThat(violations(orders(access, "access { readers = [\"*\"], pii-readers = [\"*\"] }")))
        .containsExactly("orders.conf:24: policy privacy.pii-access: column 'email' is classified pii but access.pii-readers = [\"*\"] shows it to every role (error)");
    // Without pii columns, no access block is needed.
    assertThat(violations(orders(access, "# no access", PII, "classification = confidential"))).isEmpty();
  }

  @Test
  void sharedIdentifiersKeepTheirType() {
    assertThat(violations(orders("name = customer_id, type = string", "name = customer_id, type = int")))
        .containsExactly(
            "orders.conf:11: policy shared-identifiers: column 'customer_id' is int but the shared identifier customer_id is string ("
                + dir.resolve("identifiers.conf") + ":2) (error)");
    assertThat(violations(orders("name = order_id, type = string", "name = order_id, type = STRING"))).isEmpty();
  }

  @Test
  void referenceTagsNameAnExistingSet() {
    assertThat(violations(orders("reference = country", "reference = contry")))
        .containsExactly(
            "orders.conf:13: policy reference-data: column 'country' is tagged reference = contry but there is no reference set "
                + dir.resolve("reference/contry.csv") + " (known: country) (error)");
  }

  @Test
  void dateLikeColumnsAreDatesOrTimestamps() {
    assertThat(violations(orders("name = order_date, type = date", "name = order_date, type = string")))
        .containsExactly("orders.conf:14: policy dates: column 'order_date' is string but columns named *_date must be date or timestamp (error)");
    assertThat(violations(orders("name = order_date, type = date", "name = ordered_at, type = timestamp"))).isEmpty();
    assertThat(violations(orders("name = order_date, type = date", "name = ordered_ts, type = bigint")))
        .containsExactly("orders.conf:14: policy dates: column 'ordered_ts' is bigint but columns named *_ts must be date or timestamp (error)");
  }

  @Test
  void keyColumnsAreCompleteAndUnique() {
    assertThat(violations(orders("{ check = complete, column = order_id }", "{ check = complete, column = order_id, level = warning }")))
        .containsExactly("orders.conf:16: policy quality.key-complete: primary-key column 'order_id' has no complete check (add { check = complete, column = order_id }) (error)");
    assertThat(violations(orders("{ check = unique, columns = [order_id] }", "{ check = unique, columns = [customer_id] }")))
        .containsExactly("orders.conf:16: policy quality.key-unique: primary key (order_id) has no unique check (add { check = unique, columns = [order_id] }) (error)");
  }

  @Test
  void aMinimumNumberOfConstraints() {
    assertThat(violations(orders("{ check = row-count, min = 1 }", "")))
        .containsExactly("orders.conf:18: policy quality.min-constraints: product declares 2 quality constraints but at least 3 are required (error)");
  }

  @Test
  void everyViolationIsReportedSortedByLineAndAnErrorStopsPublication() {
    DataProduct bad = orders("name = order_date, type = date", "name = OrderDate, type = date");
    PolicyReport report = governance.check(bad);

    assertThat(report.passed()).isFalse();
    GovernanceException e = catchThrowableOfType(GovernanceException.class, report::ensurePassed);
    assertThat(e.getMessage())
        .isEqualTo(
            String.join(
                System.lineSeparator(),
                "Governance policies refused sales.orders: 1 error, 0 warnings",
                "orders.conf:14: policy naming.column: column 'OrderDate' " + SNAKE + " (error)"));
    assertThat(e.problems()).extracting(Problem::file, Problem::line, Problem::product, Problem::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple("orders.conf", 14, "sales.orders", "policy naming.column: column 'OrderDate' " + SNAKE + " (error)"));
  }

  @Test
  void warningsAreReportedButPass(@TempDir Path other) {
    Governance lenient = Governance.load(conf(other, ALL_POLICIES.replace("naming.column { severity = error", "naming.column { severity = warning")));
    PolicyReport report = lenient.check(orders("name = order_date, type = date", "name = OrderDate, type = date"));

    assertThat(report.passed()).isTrue();
    assertThat(report.warnings()).hasSize(1);
    assertThat(report.lines()).containsExactly("orders.conf:14: policy naming.column: column 'OrderDate' " + SNAKE + " (warning)");
  }

  @Test
  void checkAllReportsEveryProduct(@TempDir Path other) {
    Governance g = Governance.load(conf(other, ALL_POLICIES));
    DataProduct bad = orders("sla.freshness = 24h", "# no sla");
    DataProduct alsoBad = orders("name = orders", "name = order");

    GovernanceException e = catchThrowableOfType(GovernanceException.class, () -> g.checkAll(List.of(orders(), bad, alsoBad)).ensurePassed());

    assertThat(e.getMessage())
        .isEqualTo(
            String.join(
                System.lineSeparator(),
                "Governance policies refused 2 of 3 products: 2 errors, 0 warnings",
                "orders.conf:1: policy metadata.sla: product has no SLA (sla.freshness = 24h) (error)",
                "orders.conf:3: policy naming.reserved-words: product name 'order' is a reserved word (error)"));
  }

  @Test
  void aDisabledOrUnconfiguredPolicyDoesNotRun(@TempDir Path other) {
    Governance g = Governance.load(conf(other, ALL_POLICIES.replace("metadata.sla { severity = error,", "metadata.sla { enabled = false, severity = error,")));
    assertThat(g.check(orders("sla.freshness = 24h", "# no sla")).violations()).isEmpty();
    assertThat(g.policies("sales")).doesNotContain("metadata.sla").hasSize(16);

    Governance none = Governance.load(other.resolve("nothing-here"));
    assertThat(none.check(orders("sla.freshness = 24h", "# no sla")).violations()).isEmpty();
    assertThat(none.policies("sales")).isEmpty();
  }
}
