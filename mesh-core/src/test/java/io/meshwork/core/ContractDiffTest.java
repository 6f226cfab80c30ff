package io.meshwork.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each breaking rule with its exact message; non-breaking changes pass; a major bump passes. */
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
          { check = allowed-values, column = channel, values = [web, store], level = warning }
          # new constraint
        ]
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

  private static List<String> breaking(DataProduct next) {
    return catchThrowableOfType(() -> ContractDiff.requireCompatible(live(), next), ContractException.class).problems();
  }

  private static String message(int line, String change) {
    return "orders.conf:" + line + ": sales.orders: breaking change without a major version bump (1.2.0 -> 1.3.0): " + change;
  }

  @Test
  void typeChanged() {
    assertThat(breaking(next("type = \"decimal(12,2)\"", "type = int")))
        .containsExactly(message(9, "column 'amount' type changed from decimal(12,2) to int"));
  }

  @Test
  void typeNarrowed() {
    assertThat(breaking(next("decimal(12,2)", "decimal(10,2)")))
        .containsExactly(message(9, "column 'amount' type changed from decimal(12,2) to decimal(10,2)"));
  }

  @Test
  void columnRemoved() {
    DataProduct next = next(
        "{ name = channel, type = string, description = \"Sales channel\", classification = internal }", "",
        "{ check = complete, column = channel, min-fraction = 0.9 }", "",
        "{ check = allowed-values, column = channel, values = [web, store], level = warning }", "");
    assertThat(breaking(next)).containsExactly(message(9, "column 'channel' removed"));
  }

  @Test
  void columnRenamed() {
    assertThat(breaking(next("channel", "sales_channel")))
        .containsExactly(message(10, "column 'channel' renamed to 'sales_channel'"));
  }

  @Test
  void nullableToRequired() {
    assertThat(breaking(next("{ name = channel, type = string,", "{ name = channel, type = string, nullable = false,")))
        .containsExactly(message(10, "column 'channel' changed from nullable to required"));
  }

  @Test
  void primaryKeyChanged() {
    assertThat(breaking(next("primary-key = [order_id]", "primary-key = [order_id, channel]")))
        .containsExactly(message(8, "primary key changed from [order_id] to [order_id, channel]"));
  }

  @Test
  void minRaised() {
    assertThat(breaking(next("min = 0,", "min = 1,")))
        .containsExactly(message(16, "constraint range(amount) tightened: min raised from 0 to 1"));
  }

  @Test
  void maxLowered() {
    assertThat(breaking(next("max = 1000", "max = 500")))
        .containsExactly(message(16, "constraint range(amount) tightened: max lowered from 1000 to 500"));
  }

  @Test
  void minFractionRaised() {
    assertThat(breaking(next("min-fraction = 0.9", "min-fraction = 0.95")))
        .containsExactly(message(17, "constraint complete(channel) tightened: min-fraction raised from 0.9 to 0.95"));
    assertThat(breaking(next(", min-fraction = 0.9", "")))
        .containsExactly(message(17, "constraint complete(channel) tightened: min-fraction raised from 0.9 to 1"));
  }

  @Test
  void allowedValuesReduced() {
    assertThat(breaking(next("values = [web, store]", "values = [web]")))
        .containsExactly(message(18, "constraint allowed-values(channel) tightened: allowed values reduced (removed store)"));
  }

  @Test
  void newErrorLevelConstraintOnAnExistingColumn() {
    assertThat(breaking(next("# new constraint", "{ check = pattern, column = order_id, regex = \"^O-\" }")))
        .containsExactly(message(19, "new error-level constraint pattern(order_id) on existing column 'order_id'"));
  }

  @Test
  void warningRaisedToError() {
    assertThat(breaking(next(", level = warning", "")))
        .containsExactly(message(18, "constraint allowed-values(channel) tightened: level raised from warning to error"));
  }

  @Test
  void everyBreakingChangeIsListed() {
    assertThat(breaking(next("type = \"decimal(12,2)\"", "type = int", "min = 0,", "min = 1,")))
        .containsExactly(
            message(9, "column 'amount' type changed from decimal(12,2) to int"),
            message(16, "constraint range(amount) tightened: min raised from 0 to 1"));
  }

  @Test
  void nonBreakingChangesAreClassifiedAndPass() {
    DataProduct next = next(
        "# new column", "{ name = note, type = string }",
        "decimal(12,2)", "decimal(14,2)",
        "description = \"Sales channel\", classification = internal", "description = \"Channel\", classification = public",
        "min = 0, max = 1000", "min = -1, max = 2000",
        "values = [web, store]", "values = [web, store, app]",
        "min-fraction = 0.9", "min-fraction = 0.8",
        "# new constraint", "{ check = pattern, column = order_id, regex = \"^O-\", level = warning }");

    List<ContractChange> changes = ContractDiff.compare(live(), next);

    assertThat(changes).allMatch(c -> !c.breaking());
    assertThat(changes.stream().map(c -> c.kind() + ": " + c.description() + " @" + c.location().line()).toList())
        .containsExactly(
            "type-widened: column 'amount' type widened from decimal(12,2) to decimal(14,2) @9",
            "description-changed: column 'channel' description changed @10",
            "classification-changed: column 'channel' classification changed from internal to public @10",
            "column-added: column 'note' added (nullable) @11",
            "constraint-loosened: constraint range(amount) loosened: max raised from 1000 to 2000, min lowered from 0 to -1 @16",
            "constraint-loosened: constraint complete(channel) loosened: min-fraction lowered from 0.9 to 0.8 @17",
            "constraint-loosened: constraint allowed-values(channel) loosened: allowed values extended (added app) @18",
            "constraint-added: new warning-level constraint pattern(order_id) @19");
    assertThatCode(() -> ContractDiff.requireCompatible(live(), next)).doesNotThrowAnyException();
  }

  @Test
  void aConstraintOnANewColumnAndARequiredNewColumn() {
    DataProduct next = next(
        "# new column", "{ name = note, type = string, nullable = false }",
        "# new constraint", "{ check = complete, column = note }");
    assertThat(breaking(next)).containsExactly(message(11, "column 'note' added as required"));
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

  @Test
  void aMajorBumpAllowsBreakingChanges() {
    DataProduct next = next("\"1.3.0\"", "\"2.0.0\"", "type = \"decimal(12,2)\"", "type = int");
    assertThat(ContractDiff.compare(live(), next)).anyMatch(ContractChange::breaking);
    assertThatCode(() -> ContractDiff.requireCompatible(live(), next)).doesNotThrowAnyException();
  }

  @Test
  void theErrorExitsWithTwo() {
    ContractException e = catchThrowableOfType(
        () -> ContractDiff.requireCompatible(live(), next("type = \"decimal(12,2)\"", "type = int")), ContractException.class);
    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(e.getMessage()).isEqualTo(message(9, "column 'amount' type changed from decimal(12,2) to int"));
  }
}
