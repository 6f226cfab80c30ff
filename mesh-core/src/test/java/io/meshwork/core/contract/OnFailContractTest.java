package io.meshwork.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code on-fail} on constraints: fail, drop or quarantine, and the last two only on row-level checks. */
class OnFailContractTest {
  private static final String HEAD =
      """
      product {
        domain = sales
        name = orders
        version = "1.0.0"
        sql = "SELECT 1"
        schema.columns = [ { name = id, type = string }, { name = amount, type = double } ]
        quality.constraints = [
      """;

  private static String contract(String... constraints) {
    return HEAD + String.join("\n", constraints) + "\n  ]\n}\n";
  }

  @Test
  void rowLevelChecksAcceptEveryActionAndKeepItAsAParameter() {
    DataProduct product =
        Contracts.parse(
            contract(
                "{ check = complete, column = id, on-fail = quarantine }",
                "{ check = range, column = amount, min = 0, on-fail = drop }",
                "{ check = unique, column = id, on-fail = fail }",
                "{ check = compliance, name = positive, predicate = \"amount > 0\", on-fail = quarantine }",
                "{ check = pattern, column = id, regex = \"^O\" }"),
            "orders.conf");

    assertThat(product.constraints()).extracting(c -> c.params().get("on-fail"))
        .containsExactly("quarantine", "drop", "fail", "quarantine", null);
  }

  @Test
  void unknownActionsAndActionsOnWholeTableChecksAreRejected() {
    ContractException e =
        catchThrowableOfType(
            ContractException.class,
            () -> Contracts.parse(
                contract(
                    "{ check = complete, column = id, on-fail = skip }",
                    "{ check = unique, column = id, on-fail = drop }",
                    "{ check = row-count, min = 1, on-fail = quarantine }",
                    "{ check = range, column = amount, min = 0, on-fail = [drop] }"),
                "orders.conf"));

    assertThat(e.problems()).extracting(Problem::format)
        .isEqualTo(
            List.of(
                "orders.conf:8: sales.orders: constraint complete(id): on-fail 'skip' must be fail, drop or quarantine",
                "orders.conf:9: sales.orders: constraint unique(id): on-fail = drop needs a row-level check "
                    + "(allowed-values, complete, compliance, max-length, non-negative, pattern, range, references), not unique",
                "orders.conf:10: sales.orders: constraint row-count: on-fail = quarantine needs a row-level check "
                    + "(allowed-values, complete, compliance, max-length, non-negative, pattern, range, references), not row-count",
                "orders.conf:11: sales.orders: constraint range(amount): on-fail must be fail, drop or quarantine but was a list"));
  }
}
