package io.meshwork.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Problem;
import io.meshwork.core.model.SourceLocation;
import org.junit.jupiter.api.Test;

/** Line numbers after a multi-line """sql""" block point at the file's real lines. */
class ContractLinesTest {
  @Test
  void problemsAfterATripleQuotedBlockNameTheRealLine() {
    String text =
        """
        product {
          domain = sales
          name = orders
          version = "1.0.0"
          sql = \"\"\"
            SELECT order_id,
                   amount
            FROM raw_orders
          \"\"\"
          schema.columns = [
            { name = order_id, type = string }
            { name = amount, type = "decimal(12" }
          ]
          quality.constraints = [ { check = uniqe, columns = [order_id] } ]
        }
        """;
    assertThatThrownBy(() -> Contracts.parse(text, "orders.conf"))
        .isInstanceOfSatisfying(
            ContractException.class,
            e -> assertThat(e.problems()).extracting(Problem::format)
                .containsExactly(
                    "orders.conf:12: sales.orders: column 'amount' has unknown type 'decimal(12'",
                    "orders.conf:14: sales.orders: unknown check 'uniqe' (did you mean 'unique'?)"));
  }

  @Test
  void columnLocationsAfterTwoBlocksAreExact() {
    String text =
        """
        product {
          domain = sales
          name = orders
          version = "1.0.0"
          description = \"\"\"Two
        lines\"\"\"
          sql = \"\"\"
            SELECT 1 AS id
          \"\"\"
          schema.columns = [
            { name = id, type = int }
          ]
        }
        """;
    assertThat(Contracts.parse(text, "o.conf").columns().get(0).location()).isEqualTo(new SourceLocation("o.conf", 11));
  }

  @Test
  void tripleQuotedValuesAreKeptExactly() {
    String sql = "\n    SELECT 'a\\b' AS x, \"q\" AS y\t-- ${not.substituted}\n    FROM t\n  ";
    String text = "product {\n  domain = d\n  name = n\n  version = \"1.0.0\"\n  sql = \"\"\"" + sql + "\"\"\", job = x\n  schema.columns = [ { name = x, type = int } ]\n}\n";
    assertThatThrownBy(() -> Contracts.parse(text, "n.conf"))
        .isInstanceOfSatisfying(
            ContractException.class,
            e -> assertThat(e.problems()).extracting(Problem::format).singleElement().asString().startsWith("n.conf:8: d.n: both 'sql' and 'job' are given")); // job = x is on the closing line
    DataProduct p = Contracts.parse(text.replace(", job = x", ""), "n.conf");
    assertThat(p.sql()).isEqualTo(sql);
    assertThat(p.locationOf("product.sql").line()).as("the sql starts where it is written").isEqualTo(5);
    assertThat(p.columns().get(0).location().line()).isEqualTo(9);
  }
}
