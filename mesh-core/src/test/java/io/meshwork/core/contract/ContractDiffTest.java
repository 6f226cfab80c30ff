package io.meshwork.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every rule both ways, as the product's readers see it: a weaker guarantee is consumer-breaking,
 * a stronger one a tightening, each with its exact message and line.
 */
class ContractDiffTest {
  private static final String LIVE = """
      product {
        domain = sales
        name = orders
        version = "1.2.0"
        sql = "SELECT 1"
        schema {
          columns = [
            { name = order_id, type = string, nullable = false }
            { name = amount, type = "decimal(12,2)", nullable = false }
            { name = channel, type = string, description = "Sales channel", classification = internal }
            # new column
          ]
          primary-key = [order_id]
        }
        quality.constraints = [
          { check = range, column = amount, min = 0, max = 1000 }
          { check = complete, column = channel, min-fraction = 0.9 }
          { check = allowed-values, column = channel, values = [web, store] }
          { check = pattern, column = order_id, regex = "^O-" }
          { check = unique, columns = [order_id] }
          { check = non-negative, column = amount, level = warning }
          # new constraint
        ]
        access { readers = [analyst, finance] }
        sla.freshness = 24h
      }
      """;

  private static DataProduct live() {
    return Contracts.parse(LIVE, "live.conf");
  }

  /** The next contract: version 1.3.0 and the given replacements (each must apply). */
  private static DataProduct next(String... replacements) {
    String text = LIVE.replace("\"1.2.0\"", "\"1.3.0\"");
    for (int i = 0; i < replacements.length; i += 2) {
      assertThat(text).contains(replacements[i]);
      text = text.replace(replacements[i], replacements[i + 1]);
    }
    return Contracts.parse(text, "orders.conf");
  }

  /** Each change as {@code <impact> <kind> @<line>: <description>}. */
  private static List<String> changes(String... replacements) {
    return ContractDiff.compare(live(), next(replacements)).stream()
        .map(c -> c.impact().label() + " " + c.kind() + " @" + c.location().line() + ": " + c.description())
        .toList();
  }

  private static List<String> refusal(DataProduct next) {
    return catchThrowableOfType(() -> ContractDiff.requireCompatible(live(), next), ContractException.class).problems().stream().map(Problem::format).toList();
  }

  private static String message(int line, String change) {
    return "orders.conf:" + line + ": sales.orders: consumer-breaking change without a major version bump (1.2.0 -> 1.3.0): " + change;
  }

  @Test
  void columnRemovedBreaksAndColumnAddedIsCompatible() {
    assertThat(changes("{ name = channel, type = string, description = \"Sales channel\", classification = internal }", "",
        "{ check = complete, column = channel, min-fraction = 0.9 }", "",
        "{ check = allowed-values, column = channel, values = [web, store] }", ""))
        .first().isEqualTo("consumer-breaking column-removed @9: column 'channel' removed");
    assertThat(changes("# new column", "{ name = note, type = string }"))
        .containsExactly("compatible column-added @11: column 'note' added (nullable)");
    assertThat(changes("# new column", "{ name = note, type = string, nullable = false }"))
        .containsExactly("compatible column-added @11: column 'note' added as required");
  }

  @Test
  void columnRenamedBreaks() {
    String[] rename = {"name = channel", "name = sales_channel", "column = channel", "column = sales_channel"};
    assertThat(changes(rename)).containsExactly("consumer-breaking column-renamed @10: column 'channel' renamed to 'sales_channel'");
    assertThat(ContractDiff.compare(live(), next(rename)).get(0).columns()).containsExactly("channel");
  }

  @Test
  void typeChangedOrNarrowedBreaksAndWidenedIsCompatible() {
    assertThat(changes("type = \"decimal(12,2)\"", "type = int"))
        .containsExactly("consumer-breaking type-changed @9: column 'amount' type changed from decimal(12,2) to int");
    assertThat(changes("decimal(12,2)", "decimal(10,2)"))
        .containsExactly("consumer-breaking type-changed @9: column 'amount' type changed from decimal(12,2) to decimal(10,2)");
    assertThat(changes("decimal(12,2)", "decimal(14,2)"))
        .containsExactly("compatible type-widened @9: column 'amount' type widened from decimal(12,2) to decimal(14,2)");
  }

  @Test
  void requiredToNullableBreaksAndNullableToRequiredTightens() {
    assertThat(changes("{ name = amount, type = \"decimal(12,2)\", nullable = false }", "{ name = amount, type = \"decimal(12,2)\" }"))
        .containsExactly("consumer-breaking required-to-nullable @9: column 'amount' changed from required to nullable");
    List<ContractChange> tightened = ContractDiff.compare(live(), next("{ name = channel, type = string,", "{ name = channel, type = string, nullable = false,"));
    assertThat(tightened).extracting(c -> c.impact().label() + ": " + c.description())
        .containsExactly("tightening: column 'channel' changed from nullable to required");
    assertThat(tightened.get(0).rule().label()).isEqualTo("complete(channel)");
  }

  @Test
  void primaryKeyChangedBreaks() {
    assertThat(changes("primary-key = [order_id]", "primary-key = [order_id, channel]"))
        .containsExactly("consumer-breaking primary-key-changed @8: primary key changed from [order_id] to [order_id, channel]");
  }

  @Test
  void constraintRemovedBreaksAndConstraintAddedTightens() {
    assertThat(changes("{ check = unique, columns = [order_id] }", ""))
        .containsExactly("consumer-breaking constraint-removed @20: error-level constraint unique(order_id) removed");
    assertThat(changes("# new constraint", "{ check = unique, columns = [channel, amount] }"))
        .containsExactly("tightening constraint-added @22: new error-level constraint unique(channel, amount)");
    // Warning-level constraints are no guarantee: adding, changing or removing one is compatible.
    assertThat(changes("{ check = non-negative, column = amount, level = warning }", ""))
        .containsExactly("compatible constraint-removed @21: warning-level constraint non-negative(amount) removed");
    assertThat(changes("# new constraint", "{ check = pattern, column = channel, regex = \"^[a-z]+$\", level = warning }"))
        .containsExactly("compatible constraint-added @22: new warning-level constraint pattern(channel)");
  }

  @Test
  void errorToWarningBreaksAndWarningToErrorTightens() {
    assertThat(changes("{ check = unique, columns = [order_id] }", "{ check = unique, columns = [order_id], level = warning }"))
        .containsExactly("consumer-breaking constraint-loosened @20: constraint unique(order_id) loosened: level lowered from error to warning");
    assertThat(changes(", level = warning }", " }"))
        .containsExactly("tightening constraint-tightened @21: constraint non-negative(amount) tightened: level raised from warning to error");
  }

  @Test
  void rangeWidenedBreaksAndNarrowedTightens() {
    assertThat(changes("min = 0,", "min = -1,"))
        .containsExactly("consumer-breaking constraint-loosened @16: constraint range(amount) loosened: min lowered from 0 to -1");
    assertThat(changes("min = 0, max = 1000", "min = 0"))
        .containsExactly("consumer-breaking constraint-loosened @16: constraint range(amount) loosened: max removed (was 1000)");
    assertThat(changes("min = 0, max = 1000", "min = 1, max = 500"))
        .containsExactly("tightening constraint-tightened @16: constraint range(amount) tightened: max lowered from 1000 to 500, min raised from 0 to 1");
    assertThat(changes("min = 0, max = 1000", "min = 1, max = 2000"))
        .containsExactly(
            "consumer-breaking constraint-loosened @16: constraint range(amount) loosened: max raised from 1000 to 2000",
            "tightening constraint-tightened @16: constraint range(amount) tightened: min raised from 0 to 1");
  }

  @Test
  void allowedValuesAddedBreakAndRemovedTighten() {
    assertThat(changes("values = [web, store]", "values = [web, store, app]"))
        .containsExactly("consumer-breaking constraint-loosened @18: constraint allowed-values(channel) loosened: allowed values extended (added app)");
    assertThat(changes("values = [web, store]", "values = [web]"))
        .containsExactly("tightening constraint-tightened @18: constraint allowed-values(channel) tightened: allowed values reduced (removed store)");
  }

  @Test
  void patternChangedBreaks() {
    assertThat(changes("regex = \"^O-\"", "regex = \"^O-[0-9]+$\""))
        .containsExactly("consumer-breaking constraint-changed @19: constraint pattern(order_id) changed: regex changed from '^O-' to '^O-[0-9]+$'");
  }

  @Test
  void completenessLoweredBreaksAndRaisedTightens() {
    assertThat(changes("min-fraction = 0.9", "min-fraction = 0.8"))
        .containsExactly("consumer-breaking constraint-loosened @17: constraint complete(channel) loosened: min-fraction lowered from 0.9 to 0.8");
    assertThat(changes(", min-fraction = 0.9", ""))
        .containsExactly("tightening constraint-tightened @17: constraint complete(channel) tightened: min-fraction raised from 0.9 to 1");
  }

  @Test
  void newlyPiiBreaksAndOtherClassificationsAreCompatible() {
    assertThat(changes("classification = internal", "classification = pii"))
        .containsExactly("consumer-breaking classification-changed @10: column 'channel' newly classified pii (was internal): readers without pii access now see it masked");
    assertThat(changes("classification = internal", "classification = public"))
        .containsExactly("compatible classification-changed @10: column 'channel' classification changed from internal to public");
  }

  @Test
  void readerRoleRemovedBreaksAndAddedIsCompatible() {
    assertThat(changes("readers = [analyst, finance]", "readers = [analyst]"))
        .containsExactly("consumer-breaking readers-changed @24: reader role 'finance' removed");
    assertThat(changes("readers = [analyst, finance]", "readers = [analyst, finance, marketing]")).isEmpty();
  }

  @Test
  void longerFreshnessBreaksAndShorterIsCompatible() {
    assertThat(changes("sla.freshness = 24h", "sla.freshness = 48h"))
        .containsExactly("consumer-breaking sla-changed @25: sla.freshness lengthened from 24h to 48h");
    assertThat(changes("sla.freshness = 24h", "sla.freshness = 12h"))
        .containsExactly("compatible sla-changed @25: sla.freshness shortened from 24h to 12h");
  }

  @Test
  void theRefusalListsOnlyConsumerBreakingChangesAndExitsTwo() {
    DataProduct next = next("type = \"decimal(12,2)\"", "type = int", "min = 0,", "min = 1,", "values = [web, store]", "values = [web, store, app]");
    ContractException e = catchThrowableOfType(() -> ContractDiff.requireCompatible(live(), next), ContractException.class);
    assertThat(e.problems()).extracting(Problem::line, Problem::product).containsExactly(org.assertj.core.groups.Tuple.tuple(9, "sales.orders"), org.assertj.core.groups.Tuple.tuple(18, "sales.orders"));
    assertThat(e.problems()).extracting(Problem::format).containsExactly(
        message(9, "column 'amount' type changed from decimal(12,2) to int"),
        message(18, "constraint allowed-values(channel) loosened: allowed values extended (added app)"));
  }

  @Test
  void tighteningAndCompatibleChangesPass() {
    DataProduct next = next(
        "# new column", "{ name = note, type = string }",
        "min = 0,", "min = 1,",
        "values = [web, store]", "values = [web]",
        "# new constraint", "{ check = pattern, column = channel, regex = \"^[a-z]+$\" }");
    assertThat(ContractDiff.compare(live(), next)).noneMatch(ContractChange::breaking);
    assertThatCode(() -> ContractDiff.requireCompatible(live(), next)).doesNotThrowAnyException();
  }

  @Test
  void aMajorBumpAllowsConsumerBreakingChanges() {
    DataProduct next = next("\"1.3.0\"", "\"2.0.0\"", "type = \"decimal(12,2)\"", "type = int");
    assertThat(ContractDiff.compare(live(), next)).anyMatch(ContractChange::breaking);
    assertThatCode(() -> ContractDiff.requireCompatible(live(), next)).doesNotThrowAnyException();
    assertThat(refusal(next("type = \"decimal(12,2)\"", "type = int"))).hasSize(1);
  }

  @Test
  void wideningRules() {
    assertThat(ContractDiff.widens("int", "bigint")).isTrue();
    assertThat(ContractDiff.widens("float", "double")).isTrue();
    assertThat(ContractDiff.widens("decimal(10,2)", "decimal(12,2)")).isTrue();
    assertThat(ContractDiff.widens("decimal(10,2)", "decimal(12,4)")).isTrue();
    assertThat(ContractDiff.widens("decimal(10,2)", "decimal(12,5)")).isFalse();
    assertThat(ContractDiff.widens("bigint", "int")).isFalse();
    assertThat(ContractDiff.widens("double", "float")).isFalse();
    assertThat(ContractDiff.widens("string", "int")).isFalse();
    assertThat(ContractDiff.canonical("INTEGER")).isEqualTo("int");
  }
}
