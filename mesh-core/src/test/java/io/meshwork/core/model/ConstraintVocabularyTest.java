package io.meshwork.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshwork.core.contract.Contracts;
import io.meshwork.core.odcs.OdcsExport;
import io.meshwork.core.odcs.OdcsImport;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Check} is the one vocabulary of constraints: every check parses from a contract into its
 * typed {@link Constraint}, visits back to itself, and survives an ODCS export and import. The
 * switches below have no {@code default}, so a new check without a sample does not compile.
 */
class ConstraintVocabularyTest {

  /** A contract declaration of each check, as a user writes it. */
  private static String declaration(Check check) {
    return switch (check) {
      case COMPLETE -> "{ check = complete, column = amount, min-fraction = 0.99 }";
      case UNIQUE -> "{ check = unique, columns = [order_id, line] }";
      case ROW_COUNT -> "{ check = row-count, min = 1, max = 1000000 }";
      case RANGE -> "{ check = range, column = amount, min = 0, max = 99999.99, level = warning, name = \"sane amounts\" }";
      case ALLOWED_VALUES -> "{ check = allowed-values, column = status, values = [NEW, PAID] }";
      case PATTERN -> "{ check = pattern, column = email, regex = \"^[^@]+@[^@]+$\" }";
      case NON_NEGATIVE -> "{ check = non-negative, column = amount, on-fail = quarantine }";
      case MAX_LENGTH -> "{ check = max-length, column = status, max = 10 }";
      case COMPLIANCE -> "{ check = compliance, name = \"paid orders have an amount\", predicate = \"status <> 'PAID' OR amount > 0\" }";
      case MEAN -> "{ check = mean, column = amount, min = 1 }";
      case STDDEV -> "{ check = stddev, column = amount, max = 500 }";
      case SUM -> "{ check = sum, column = amount, min = 0 }";
      case DISTINCT_COUNT -> "{ check = distinct-count, columns = [status], max = 5 }";
      case REFERENCES -> "{ check = references, columns = [customer_id], product = crm.customers, ref-column = id, on-fail = drop }";
      case FRESHNESS -> "{ check = freshness, column = ordered_at, max-age = 24h }";
      case ANOMALY -> "{ check = anomaly, metric = \"mean(amount)\", strategy = relative-rate-of-change, max-rate-decrease = 0.5 }";
    };
  }

  /** The typed constraint each declaration reads into. */
  private static Constraint expected(Check check) {
    return switch (check) {
      case COMPLETE -> new Constraint.Complete("amount", 0.99);
      case UNIQUE -> new Constraint.Unique(List.of("order_id", "line"));
      case ROW_COUNT -> new Constraint.RowCount(1.0, 1_000_000.0);
      case RANGE -> new Constraint.Range("amount", 0.0, 99999.99);
      case ALLOWED_VALUES -> new Constraint.AllowedValues("status", List.of("NEW", "PAID"), null);
      case PATTERN -> new Constraint.Pattern("email", "^[^@]+@[^@]+$", null);
      case NON_NEGATIVE -> new Constraint.NonNegative("amount");
      case MAX_LENGTH -> new Constraint.MaxLength("status", 10);
      case COMPLIANCE -> new Constraint.Compliance(List.of(), "status <> 'PAID' OR amount > 0", null);
      case MEAN -> new Constraint.Mean("amount", 1.0, null);
      case STDDEV -> new Constraint.Stddev("amount", null, 500.0);
      case SUM -> new Constraint.Sum("amount", 0.0, null);
      case DISTINCT_COUNT -> new Constraint.DistinctCount(List.of("status"), null, 5.0);
      case REFERENCES -> new Constraint.References("customer_id", "crm.customers", "id", null);
      case FRESHNESS -> new Constraint.Freshness("ordered_at", "24h");
      case ANOMALY -> new Constraint.Anomaly(List.of(), "mean(amount)", "relative-rate-of-change", Map.of("max-rate-decrease", 0.5));
    };
  }

  private static String contract(String constraint) {
    return """
        product {
          domain = sales
          name = orders
          version = "1.0.0"
          owner { team = sales-data, email = "sales-data@example.com" }
          sql = "SELECT 1"
          schema {
            columns = [
              { name = order_id, type = string, nullable = false }
              { name = line, type = int, nullable = false }
              { name = amount, type = "decimal(12,2)" }
              { name = status, type = string }
              { name = email, type = string }
              { name = customer_id, type = string }
              { name = ordered_at, type = timestamp }
            ]
            primary-key = [order_id, line]
          }
          quality.constraints = [
            %s
          ]
        }
        """.formatted(constraint);
  }

  /** Returns the check of the record visited, from the visitor method that was called. */
  private static final Constraint.Visitor<Check> WHICH =
      new Constraint.Visitor<>() {
        public Check complete(Constraint.Complete c) { return Check.COMPLETE; }
        public Check unique(Constraint.Unique c) { return Check.UNIQUE; }
        public Check rowCount(Constraint.RowCount c) { return Check.ROW_COUNT; }
        public Check range(Constraint.Range c) { return Check.RANGE; }
        public Check allowedValues(Constraint.AllowedValues c) { return Check.ALLOWED_VALUES; }
        public Check pattern(Constraint.Pattern c) { return Check.PATTERN; }
        public Check nonNegative(Constraint.NonNegative c) { return Check.NON_NEGATIVE; }
        public Check maxLength(Constraint.MaxLength c) { return Check.MAX_LENGTH; }
        public Check compliance(Constraint.Compliance c) { return Check.COMPLIANCE; }
        public Check mean(Constraint.Mean c) { return Check.MEAN; }
        public Check stddev(Constraint.Stddev c) { return Check.STDDEV; }
        public Check sum(Constraint.Sum c) { return Check.SUM; }
        public Check distinctCount(Constraint.DistinctCount c) { return Check.DISTINCT_COUNT; }
        public Check references(Constraint.References c) { return Check.REFERENCES; }
        public Check freshness(Constraint.Freshness c) { return Check.FRESHNESS; }
        public Check anomaly(Constraint.Anomaly c) { return Check.ANOMALY; }
      };

  @ParameterizedTest
  @EnumSource(Check.class)
  void eachCheckParsesIntoItsTypedConstraint(Check check) {
    ConstraintSpec spec = Contracts.parse(contract(declaration(check)), "orders.conf").constraints().get(0);

    assertThat(spec.check()).isEqualTo(check.keyword());
    assertThat(spec.kind()).contains(check);
    assertThat(spec.rule()).isEqualTo(expected(check));
    assertThat(spec.rule().check()).isEqualTo(check);
    assertThat(spec.rule().columns()).isEqualTo(spec.columns());
    assertThat(spec.rule().accept(WHICH)).isEqualTo(check);
    assertThat(spec.location()).isEqualTo(new SourceLocation("orders.conf", 20));
  }

  @ParameterizedTest
  @EnumSource(Check.class)
  void eachCheckSurvivesAnOdcsExportAndImport(Check check) {
    DataProduct p = Contracts.parse(contract(declaration(check)), "orders.conf");

    OdcsImport.Result imported = OdcsImport.fromYaml(OdcsExport.toYaml(p), "orders.odcs.yaml");
    assertThat(imported.warnings()).isEmpty();
    ConstraintSpec before = p.constraints().get(0);
    List<ConstraintSpec> again =
        Contracts.parse(imported.hocon(), "orders.conf").constraints().stream().filter(c -> c.kind().equals(before.kind())).toList();

    // The ODCS primary key also imports as unique and complete checks on the key: take the declared one.
    assertThat(again).anySatisfy(c -> {
      assertThat(c.rule()).isEqualTo(before.rule());
      assertThat(c.params()).isEqualTo(before.params());
      assertThat(c.severity()).isEqualTo(before.severity());
      assertThat(c.onFail()).isEqualTo(before.onFail());
      assertThat(c.name()).isEqualTo(before.name());
    });
  }

  @ParameterizedTest
  @EnumSource(Check.class)
  void eachCheckWithoutItsColumnsIsReportedAsTheParserAlwaysDid(Check check) {
    String declaration = declaration(check).replaceAll(", columns? = (\\[[^\\]]*\\]|[a-z_]+)", "");
    List<String> one =
        List.of("complete", "range", "allowed-values", "pattern", "non-negative", "max-length", "mean", "stddev", "sum", "distinct-count", "freshness");
    List<String> atLeastOne = List.of("unique", "references");

    if (one.contains(check.keyword())) {
      assertThatThrownBy(() -> Contracts.parse(contract(declaration), "orders.conf"))
          .hasMessageContaining("orders.conf:20: sales.orders: constraint " + check.keyword() + " needs a column (column = ...)");
    } else if (atLeastOne.contains(check.keyword())) {
      assertThatThrownBy(() -> Contracts.parse(contract(declaration), "orders.conf"))
          .hasMessageContaining("orders.conf:20: sales.orders: constraint " + check.keyword() + " needs at least one column (column = ... or columns = [...])");
    } else {
      assertThat(Contracts.parse(contract(declaration), "orders.conf").constraints().get(0).columns()).isEmpty();
    }
  }

  @Test
  void theVocabularyIsTheEnumsInOrderAndTheParserKnowsNoOther() {
    assertThat(Contracts.CHECKS).isEqualTo(Arrays.stream(Check.values()).map(Check::keyword).toList());
    assertThat(Contracts.CHECKS)
        .containsExactly(
            "complete", "unique", "row-count", "range", "allowed-values", "pattern", "non-negative", "max-length", "compliance",
            "mean", "stddev", "sum", "distinct-count", "references", "freshness", "anomaly");
    for (Check c : Check.values()) {
      assertThat(Check.of(c.keyword())).contains(c);
    }
    assertThatThrownBy(() -> Contracts.parse(contract("{ check = medain, column = amount, min = 1 }"), "orders.conf"))
        .hasMessageContaining("orders.conf:20: sales.orders: unknown check 'medain' (did you mean 'mean'?)");
  }

  @Test
  void aDeclarationThatCannotBeReadHasNoRuleAndSaysWhy() {
    ConstraintSpec unknown = new ConstraintSpec("uniq", List.of("order_id"), Map.of(), ConstraintSpec.ERROR, null, SourceLocation.UNKNOWN);
    ConstraintSpec unbounded = new ConstraintSpec("range", List.of("amount"), Map.of(), ConstraintSpec.WARNING, null, SourceLocation.UNKNOWN);

    assertThat(unknown.rule()).isNull();
    assertThat(unknown.kind()).isEmpty();
    assertThat(unbounded.rule()).isNull();
    assertThat(unbounded.kind()).contains(Check.RANGE);
    assertThat(unbounded.severity()).isEqualTo(ConstraintSpec.Level.WARNING);
    assertThatThrownBy(() -> Constraint.of("range", List.of("amount"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("it needs 'min' and/or 'max'");
    assertThatThrownBy(() -> Constraint.of("uniq", List.of("order_id"), Map.of()))
        .hasMessage("unknown check 'uniq' (known: " + String.join(", ", Contracts.CHECKS) + ")");
    assertThatThrownBy(() -> Constraint.of("pattern", List.of("email"), Map.of("regex", "[a-")))
        .hasMessage("'regex' is not a valid regular expression: Illegal character range near index 3");
  }
}
