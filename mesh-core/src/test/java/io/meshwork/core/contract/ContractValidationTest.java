package io.meshwork.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshwork.core.model.ColumnSpec;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Invalid contracts: every problem is reported at once, each at its file and line. */
class ContractValidationTest {
  private static final String F = "orders.conf";

  private static List<String> problems(String hocon) {
    ContractException e = catchThrowableOfType(ContractException.class, () -> Contracts.parse(hocon, F));
    assertThat(e).as("expected a ContractException").isNotNull();
    assertThat(e.problems()).extracting(Problem::file).containsOnly(F);
    assertThat(e.getMessage()).isEqualTo(String.join(System.lineSeparator(), e.problems().stream().map(Problem::format).toList()));
    return e.problems().stream().map(Problem::format).toList();
  }

  @Test
  void syntaxErrorIsOneLineWithItsPosition() {
    assertThat(
            problems(
                """
                product {
                  domain = sales
                  schema { columns = [ }
                }
                """))
        .containsExactly(
            "orders.conf:3: List should have ] or a first element after the open [, instead had token: '}' "
                + "(if you want '}' to be part of a string value, then double-quote it)");
    assertThat(problems("product {\n  name = \n}\n"))
        .containsExactly(
            "orders.conf:3: Expecting a value but got wrong token: '}' (if you intended '}' to be part of a key or "
                + "string value, try enclosing the key or value in double quotes)");
  }

  @Test
  void unresolvableSubstitutionIsReportedWhereItIsUsed() {
    assertThat(problems("product {\n  domain = sales\n  name = ${nope}\n}\n"))
        .containsExactly("orders.conf:3: Could not resolve substitution to a value: ${nope}");
  }

  @Test
  void emptyFileOrNoProductBlock() {
    String empty = "orders.conf:1: empty contract: expected a 'product { ... }' block";
    assertThat(problems("")).containsExactly(empty);
    assertThat(problems("# only a comment\n\n")).containsExactly(empty);
    assertThat(problems("\n\nprodcut { domain = sales }\n")).containsExactly(empty);
    assertThat(problems("\nproduct = \"sales.orders\"\n"))
        .containsExactly("orders.conf:2: 'product' must be an object but was a string");
  }

  @Test
  void missingRequiredKeysAreReportedAtTheEnclosingObject() {
    assertThat(
            problems(
                """
                # header
                product {
                  domain = sales
                  name = orders
                  sql = "SELECT 1"
                }
                """))
        .containsExactly(
            "orders.conf:2: sales.orders: missing required key 'product.version'",
            "orders.conf:2: sales.orders: missing required key 'product.schema'");
    assertThat(
            problems(
                """
                product {
                  version = "1.0.0"
                  sql = "SELECT 1"
                  schema {
                    columns = [
                      { name = id }
                      { type = string }
                    ]
                  }
                }
                """))
        .containsExactly(
            "orders.conf:1: missing required key 'product.domain'",
            "orders.conf:1: missing required key 'product.name'",
            "orders.conf:6: column 'id': missing required key 'type'",
            "orders.conf:7: column 2: missing required key 'name'");
  }

  @Test
  void wrongTypesAreReportedAtTheValue() {
    assertThat(
            problems(
                """
                product {
                  domain = sales
                  name = orders
                  version = [1, 0, 0]
                  owner = "sales-data"
                  sql = "SELECT 1"
                  schema {
                    columns = "order_id string"
                    primary-key = order_id
                  }
                  quality.constraints = { check = unique }
                  write = overwrite
                }
                """))
        .containsExactly(
            "orders.conf:4: sales.orders: 'product.version' must be a string but was a list",
            "orders.conf:5: sales.orders: 'product.owner' must be an object but was a string",
            "orders.conf:8: sales.orders: 'product.schema.columns' must be a list of column objects but was a string",
            "orders.conf:9: sales.orders: 'product.schema.primary-key' must be a list but was a string",
            "orders.conf:11: sales.orders: 'product.quality.constraints' must be a list but was an object",
            "orders.conf:12: sales.orders: 'product.write' must be an object but was a string");
    assertThat(
            problems(
                """
                product {
                  domain = sales
                  name = orders
                  version = "1.0.0"
                  sql = "SELECT 1"
                  schema.columns = [
                    { name = id, type = int, nullable = maybe, tags { ref = [a] } }
                    order_id
                  ]
                  quality.constraints = [
                    { check = range, column = id, min = zero }
                    42
                  ]
                }
                """))
        .containsExactly(
            "orders.conf:7: sales.orders: column 'id': 'nullable' must be a boolean but was a string",
            "orders.conf:7: sales.orders: column 'id': 'tags.ref' must be a string but was a list",
            "orders.conf:8: sales.orders: 'product.schema.columns' must be a list of column objects but element 2 is a string",
            "orders.conf:11: sales.orders: constraint range(id): 'min' must be a number but was a string",
            "orders.conf:12: sales.orders: 'product.quality.constraints' must be a list of constraint objects but element 2 is a number");
  }

  @Test
  void domainAndNameMustBePlainLowerCaseIdentifiers() {
    assertThat(
            problems(
                """
                product {
                  domain = "../etc"
                  name = Orders
                  version = "1.0.0"
                  sql = "SELECT 1"
                  schema.columns = [ { name = id, type = int } ]
                }
                """))
        .containsExactly(
            "orders.conf:2: product domain '../etc' must be a plain lower-case identifier ([a-z][a-z0-9_]*)",
            "orders.conf:3: product name 'Orders' must be a plain lower-case identifier ([a-z][a-z0-9_]*)");
  }

  @Test
  void retentionIsADurationAndHasOnlyVersions() {
    assertThat(
            problems(
                """
                product {
                  domain = sales
                  name = orders
                  version = "1.0.0"
                  sql = "SELECT 1"
                  schema.columns = [ { name = id, type = int } ]
                  retention { versions = forever, files = 7d }
                }
                """))
        .containsExactly(
            "orders.conf:7: sales.orders: unknown key 'product.retention.files' (allowed: versions)",
            "orders.conf:7: sales.orders: retention.versions 'forever' is not a duration (for example 24h, 30m, 7d)");
    assertThat(
            Contracts.parse(
                    """
                    product {
                      domain = sales
                      name = orders
                      version = "1.0.0"
                      sql = "SELECT 1"
                      schema.columns = [ { name = id, type = int } ]
                      retention.versions = "90 days"
                    }
                    """, F)
                .versionRetention())
        .contains(java.time.Duration.ofDays(90));
  }

  @Test
  void versionMustBeSemanticAndFreshnessADuration() {
    assertThat(
            problems(
                """
                product {
                  domain = sales
                  name = orders
                  version = 1.0
                  sql = "SELECT 1"
                  schema.columns = [ { name = id, type = int } ]
                  sla.freshness = soon
                }
                """))
        .containsExactly(
            "orders.conf:4: sales.orders: contract version '1.0' is not a semantic version MAJOR.MINOR.PATCH",
            "orders.conf:7: sales.orders: sla.freshness 'soon' is not a duration (for example 24h, 30m, 7d)");
    assertThat(
            problems(
                """
                product {
                  domain = sales
                  name = orders
                  version = "1.0.0-rc1"
                  sql = "SELECT 1"
                  schema.columns = [ { name = id, type = int } ]
                  sla { freshness = 24 }
                }
                """))
        .containsExactly(
            "orders.conf:4: sales.orders: contract version '1.0.0-rc1' is not a semantic version MAJOR.MINOR.PATCH",
            "orders.conf:7: sales.orders: sla.freshness '24' is not a duration (for example 24h, 30m, 7d)");
    assertThat(
            problems(
                """
                product {
                  domain = sales
                  name = orders
                  version = "1.0.0"
                  sql = "SELECT 1"
                  schema.columns = [ { name = id, type = int } ]
                  sla.freshness = 0h
                }
                """))
        .containsExactly("orders.conf:7: sales.orders: sla.freshness '0h' must be longer than zero");
  }

  @Test
  void exactlyOneOfSqlOrJob() {
    assertThat(
            problems(
                """
                product {
                  domain = sales
                  name = orders
                  version = "1.0.0"
                  sql = "SELECT 1"
                  job = "com.example.Orders"
                  schema.columns = [ { name = id, type = int } ]
                }
                """))
        .containsExactly("orders.conf:6: sales.orders: both 'sql' and 'job' are given: a product is built by exactly one of them");
    assertThat(
            problems(
                """

                product {
                  domain = sales
                  name = orders
                  version = "1.0.0"
                  schema.columns = [ { name = id, type = int } ]
                }
                """))
        .containsExactly(
            "orders.conf:2: sales.orders: neither 'sql' nor 'job' is given: a product is built by a SQL query "
                + "(sql = \"SELECT ...\") or a DataProductJob class (job = \"com.example.MyJob\")");
    assertThat(
            problems(
                """
                product {
                  domain = sales
                  name = orders
                  version = "1.0.0"
                  job = "com.example.My Job"
                  schema.columns = [ { name = id, type = int } ]
                }
                """))
        .containsExactly("orders.conf:5: sales.orders: job 'com.example.My Job' is not a fully qualified class name");
  }

  @Test
  void schemaColumnsTypesDuplicatesAndKey() {
    assertThat(
            problems(
                """
                product {
                  domain = sales
                  name = orders
                  version = "1.0.0"
                  sql = "SELECT 1"
                  schema {
                    columns = [
                      { name = order_id, type = string }
                      { name = amount, type = "decimal(12" }
                      { name = when, type = "order_date date" }
                      { name = Order_ID, type = string, classification = secret }
                    ]
                    primary-key = [order_id, order_no]
                  }
                }
                """))
        .containsExactly(
            "orders.conf:9: sales.orders: column 'amount' has unknown type 'decimal(12'",
            "orders.conf:10: sales.orders: column 'when' has unknown type 'order_date date'",
            "orders.conf:11: sales.orders: column 'Order_ID' has unknown classification 'secret' (expected one of public, internal, confidential, pii)",
            "orders.conf:11: sales.orders: duplicate column 'Order_ID' (first declared on line 8)",
            "orders.conf:13: sales.orders: primary-key column 'order_no' is not in the schema (columns: order_id, amount, when)");
    assertThat(
            problems(
                """
                product {
                  domain = sales
                  name = orders
                  version = "1.0.0"
                  sql = "SELECT 1"
                  schema {
                    columns = []
                  }
                }
                """))
        .containsExactly("orders.conf:7: sales.orders: 'product.schema.columns' is empty: a product needs at least one column");
    assertThat(
            problems(
                """
                product {
                  domain = sales
                  name = orders
                  version = "1.0.0"
                  sql = "SELECT 1"
                  schema {
                    primary-key = [id]
                  }
                }
                """))
        .containsExactly("orders.conf:6: sales.orders: missing required key 'product.schema.columns'");
  }

  @Test
  void sparkTypesAreAccepted() {
    DataProduct p =
        Contracts.parse(
            """
            product {
              domain = sales
              name = orders
              version = "1.0.0"
              sql = "SELECT 1"
              schema.columns = [
                { name = a, type = "decimal(12,2)" }
                { name = b, type = "array<string>" }
                { name = c, type = "struct<x: int, y: string>" }
                { name = d, type = "map<string,bigint>" }
                { name = e, type = DATE }
                { name = f, type = "varchar(10)" }
              ]
            }
            """,
            F);
    assertThat(p.columns()).extracting(ColumnSpec::type)
        .containsExactly("decimal(12,2)", "array<string>", "struct<x: int, y: string>", "map<string,bigint>", "DATE", "varchar(10)");
  }

  @Test
  void unknownCheckSuggestsTheClosest() {
    assertThat(
            problems(
                """
                product {
                  domain = sales
                  name = orders
                  version = "1.0.0"
                  sql = "SELECT 1"
                  schema.columns = [ { name = order_id, type = string } ]
                  quality.constraints = [
                    { check = uniqe, column = order_id }
                    { check = Complete, column = order_id }
                    { check = frobnicate }
                    { column = order_id }
                  ]
                }
                """))
        .containsExactly(
            "orders.conf:8: sales.orders: unknown check 'uniqe' (did you mean 'unique'?)",
            "orders.conf:9: sales.orders: unknown check 'Complete' (did you mean 'complete'?)",
            "orders.conf:10: sales.orders: unknown check 'frobnicate' (known checks: complete, unique, row-count, range, "
                + "allowed-values, pattern, non-negative, max-length, compliance, mean, stddev, sum, distinct-count, "
                + "references, freshness, anomaly)",
            "orders.conf:11: sales.orders: constraint 4: missing required key 'check'");
  }

  @Test
  void unknownConstraintKeysAreNamedWithTheClosestKnownKey() {
    assertThat(
            problems(
                """
                product {
                  domain = sales
                  name = orders
                  version = "1.0.0"
                  sql = "SELECT 1"
                  schema.columns = [ { name = order_id, type = string }, { name = amount, type = double } ]
                  quality.constraints = [
                    { check = complete, colum = amount }
                    { check = range, column = amount, mni = 0 }
                    { check = unique, columns = [order_id], min = 1 }
                    { check = pattern, column = order_id, regexp = "O-.*" }
                  ]
                }
                """))
        .containsExactly(
            "orders.conf:8: sales.orders: constraint complete: unknown key 'colum' (did you mean 'column'?)",
            "orders.conf:9: sales.orders: constraint range(amount): unknown key 'mni' (did you mean 'min'?)",
            "orders.conf:10: sales.orders: constraint unique(order_id): unknown key 'min' (allowed: check, column, columns, level, name, on-fail)",
            "orders.conf:11: sales.orders: constraint pattern(order_id): unknown key 'regexp' (did you mean 'regex'?)");
  }

  @Test
  void numbersOutOfRangeAreNamedAsSuch() {
    assertThat(
            problems(
                """
                product {
                  domain = sales
                  name = orders
                  version = "1.0.0"
                  sql = "SELECT 1"
                  schema.columns = [ { name = order_id, type = string } ]
                  quality.constraints = [
                    { check = row-count, min = 1e400 }
                    { check = row-count, max = -1e400 }
                    { check = max-length, column = order_id, max = 99999999999999999999 }
                    { check = max-length, column = order_id, max = -99999999999999999999 }
                    { check = max-length, column = order_id, max = "12" }
                  ]
                }
                """))
        .containsExactly(
            "orders.conf:8: sales.orders: constraint row-count: min 1e400 is not a finite number",
            "orders.conf:9: sales.orders: constraint row-count: max -1e400 is not a finite number",
            "orders.conf:10: sales.orders: constraint max-length(order_id): 'max' 99999999999999999999 is out of range (at most 9223372036854775807)",
            "orders.conf:11: sales.orders: constraint max-length(order_id): 'max' -99999999999999999999 is out of range (at least -9223372036854775808)",
            "orders.conf:12: sales.orders: constraint max-length(order_id): 'max' must be a number but was a string");
  }

  @Test
  void eachCheckNeedsItsParameters() {
    assertThat(
            problems(
                """
                product {
                  domain = sales
                  name = orders
                  version = "1.0.0"
                  sql = "SELECT 1"
                  schema.columns = [ { name = id, type = string }, { name = amount, type = double }, { name = ts, type = timestamp } ]
                  quality.constraints = [
                    { check = unique }
                    { check = row-count }
                    { check = range, column = amount }
                    { check = complete, columns = [id, amount] }
                    { check = non-negative }
                    { check = allowed-values, column = id }
                    { check = allowed-values, column = id, values = a }
                    { check = pattern, column = id }
                    { check = pattern, column = id, regex = "[a-" }
                    { check = max-length, column = id }
                    { check = mean, column = amount }
                    { check = compliance, predicate = "amount > 0" }
                    { check = compliance, name = positive }
                    { check = references, column = id, product = crm, ref-column = id }
                    { check = references, column = id }
                    { check = freshness, column = ts }
                    { check = freshness, column = ts, max-age = soon }
                    { check = anomaly }
                    { check = complete, column = id, min-fraction = 1.5 }
                    { check = range, column = amount, min = 10, max = 5, level = fatal }
                    { check = row-count, min = 1, column = id, columns = [id] }
                  ]
                }
                """))
        .containsExactly(
            "orders.conf:8: sales.orders: constraint unique needs at least one column (column = ... or columns = [...])",
            "orders.conf:9: sales.orders: constraint row-count needs 'min' and/or 'max'",
            "orders.conf:10: sales.orders: constraint range(amount) needs 'min' and/or 'max'",
            "orders.conf:11: sales.orders: constraint complete(id, amount) needs exactly one column but has 2",
            "orders.conf:12: sales.orders: constraint non-negative needs a column (column = ...)",
            "orders.conf:13: sales.orders: constraint allowed-values(id) needs 'values'",
            "orders.conf:14: sales.orders: constraint allowed-values(id): 'values' must be a list but was a string",
            "orders.conf:15: sales.orders: constraint pattern(id) needs 'regex'",
            "orders.conf:16: sales.orders: constraint pattern(id) has an invalid regex '[a-': Illegal character range",
            "orders.conf:17: sales.orders: constraint max-length(id) needs 'max'",
            "orders.conf:18: sales.orders: constraint mean(amount) needs 'min' and/or 'max'",
            "orders.conf:19: sales.orders: constraint compliance needs 'name'",
            "orders.conf:20: sales.orders: constraint compliance needs 'predicate'",
            "orders.conf:21: sales.orders: constraint references(id): 'crm' is not a product reference: expected <domain>.<name>, <domain>.<name>@v<major>, <domain>.<name>@<data version> or <domain>.<name>@v<major>@<data version>",
            "orders.conf:22: sales.orders: constraint references(id) needs 'product'",
            "orders.conf:22: sales.orders: constraint references(id) needs 'ref-column'",
            "orders.conf:23: sales.orders: constraint freshness(ts) needs 'max-age'",
            "orders.conf:24: sales.orders: constraint freshness(ts): 'max-age' 'soon' is not a duration (for example 24h, 30m, 7d)",
            "orders.conf:25: sales.orders: constraint anomaly needs 'metric'",
            "orders.conf:25: sales.orders: constraint anomaly needs 'strategy'",
            "orders.conf:26: sales.orders: constraint complete(id): 'min-fraction' must be between 0 and 1 but was 1.5",
            "orders.conf:27: sales.orders: constraint range(amount): level 'fatal' must be error or warning",
            "orders.conf:27: sales.orders: constraint range(amount) has 'min' 10 greater than 'max' 5",
            "orders.conf:28: sales.orders: constraint row-count(id, id): give either 'column' or 'columns', not both");
  }

  @Test
  void constraintNamingAnUnknownColumn() {
    assertThat(
            problems(
                """
                product {
                  domain = sales
                  name = orders
                  version = "1.0.0"
                  sql = "SELECT 1"
                  schema.columns = [ { name = order_id, type = string }, { name = amount, type = "decimal(12,2)" } ]
                  quality.constraints = [
                    { check = range, column = amout, min = 0 }
                    { check = unique
                      columns = [
                        order_id
                        order_no
                      ]
                    }
                  ]
                }
                """))
        .containsExactly(
            "orders.conf:8: sales.orders: constraint range(amout) names unknown column 'amout' (columns: order_id, amount)",
            "orders.conf:12: sales.orders: constraint unique(order_id, order_no) names unknown column 'order_no' (columns: order_id, amount)");
  }

  @Test
  void unknownKeysSuggestTheClosest() {
    assertThat(
            problems(
                """
                product {
                  domain = sales
                  name = orders
                  version = "1.0.0"
                  descripton = "Orders."
                  colour = blue
                  sql = "SELECT 1"
                  inputs {
                    sources { raw { path = "a.csv", fromat = csv } }
                    product = [crm.customers]
                  }
                  schema.columns = [ { name = id, type = int, nullabel = false } ]
                }
                """))
        .containsExactly(
            "orders.conf:5: sales.orders: unknown key 'product.descripton' (did you mean 'description'?)",
            "orders.conf:6: sales.orders: unknown key 'product.colour' (allowed: domain, name, version, description, owner, "
                + "inputs, sql, job, schema, quality, sla, retention, write, tags, access, deprecation, kind, entity, features, build-pending)",
            "orders.conf:9: sales.orders: source 'raw': unknown key 'fromat' (did you mean 'format'?)",
            "orders.conf:9: sales.orders: source 'raw': missing required key 'format'",
            "orders.conf:10: sales.orders: unknown key 'product.inputs.product' (did you mean 'products'?)",
            "orders.conf:12: sales.orders: column 'id': unknown key 'nullabel' (did you mean 'nullable'?)");
  }

  @Test
  void inputsAndWriteAreChecked() {
    assertThat(
            problems(
                """
                product {
                  domain = sales
                  name = orders
                  version = "1.0.0"
                  sql = "SELECT 1"
                  inputs {
                    sources {
                      raw { format = csv }
                      events = "events.json"
                    }
                    products = [
                      crm
                      "crm.customers@latest"
                      sales.orders
                      crm.customers
                    ]
                  }
                  schema.columns = [ { name = id, type = int }, { name = day, type = date } ]
                  write { mode = upsert, partition-by = [day, month] }
                }
                """))
        .containsExactly(
            "orders.conf:8: sales.orders: source 'raw': missing required key 'path'",
            "orders.conf:9: sales.orders: source 'events' must be an object { path = ..., format = ... } but was a string",
            "orders.conf:12: sales.orders: 'crm' is not a product reference: expected <domain>.<name>, <domain>.<name>@v<major>, <domain>.<name>@<data version> or <domain>.<name>@v<major>@<data version>",
            "orders.conf:13: sales.orders: 'crm.customers@latest' is not a product reference: expected <domain>.<name>, <domain>.<name>@v<major>, <domain>.<name>@<data version> or <domain>.<name>@v<major>@<data version>",
            "orders.conf:14: sales.orders: product sales.orders cannot read itself in inputs.products",
            "orders.conf:19: sales.orders: write.mode 'upsert' must be one of overwrite, append, replace-partition, merge",
            "orders.conf:19: sales.orders: partition-by column 'month' is not in the schema (columns: id, day)");
  }

  @Test
  void everyProblemOfAContractIsReportedAtOnceInLineOrder() {
    assertThat(
            problems(
                """
                product {
                  domain = sales
                  name = orders
                  version = "1"
                  sql = "SELECT 1"
                  job = "com.example.Orders"
                  schema.columns = [ { name = amount, type = money } ]
                  quality.constraints = [ { check = range, column = amout } ]
                  sla.freshness = later
                  write.mode = upsert
                }
                """))
        .containsExactly(
            "orders.conf:4: sales.orders: contract version '1' is not a semantic version MAJOR.MINOR.PATCH",
            "orders.conf:6: sales.orders: both 'sql' and 'job' are given: a product is built by exactly one of them",
            "orders.conf:7: sales.orders: column 'amount' has unknown type 'money'",
            "orders.conf:8: sales.orders: constraint range(amout) needs 'min' and/or 'max'",
            "orders.conf:8: sales.orders: constraint range(amout) names unknown column 'amout' (columns: amount)",
            "orders.conf:9: sales.orders: sla.freshness 'later' is not a duration (for example 24h, 30m, 7d)",
            "orders.conf:10: sales.orders: write.mode 'upsert' must be one of overwrite, append, replace-partition, merge");
  }
}
