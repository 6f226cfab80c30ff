package io.meshwork.core.governance;

import io.meshwork.core.contract.Contracts;
import io.meshwork.core.model.DataProduct;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A conf/ directory with every built-in policy at its defaults, and a contract that passes them all. */
final class GovernanceFixtures {
  private GovernanceFixtures() {}

  /** Every built-in policy at level error with its default settings; line 2 is naming.product. */
  static final String ALL_POLICIES =
      """
      governance {
        naming.product { severity = error, description = "Names are snake_case." }
        naming.column { severity = error, description = "Columns are snake_case." }
        naming.reserved-words { severity = error, description = "No SQL keywords." }
        naming.unique-columns { severity = error, description = "Unique ignoring case." }
        metadata.owner { severity = error, description = "Owner team and e-mail." }
        metadata.description { severity = error, description = "Products are described." }
        metadata.column-description { severity = error, description = "Columns are described." }
        metadata.classification { severity = error, description = "Columns are classified." }
        metadata.sla { severity = error, description = "Products have an SLA." }
        privacy.pii-access { severity = error, description = "PII is restricted." }
        shared-identifiers { severity = error, description = "Shared identifiers keep their type." }
        reference-data { severity = error, description = "Reference sets exist." }
        dates { severity = error, description = "Dates are dates." }
        quality.key-complete { severity = error, description = "Key columns are complete." }
        quality.key-unique { severity = error, description = "Keys are unique." }
        quality.min-constraints { severity = error, description = "Enough constraints." }
        metadata.placeholder { severity = warning, description = "No scaffold placeholders." }
      }
      """;

  static final String IDENTIFIERS =
      """
      identifiers {
        customer_id { type = string, pattern = "^C[0-9]{8}$" }
        order_id { type = string }
      }
      """;

  static final String COUNTRIES = "code,name\nDE,Germany\nFR,France\n\"NL\",\"Netherlands, The\"\n";

  /** Passes every built-in policy. Line numbers matter: the tests replace text line by line. */
  static final String ORDERS =
      """
      product {
        domain = sales
        name = orders
        version = "1.0.0"
        description = "One row per customer order, with its amount."
        owner { team = sales-data, email = "sales-data@example.com" }
        sql = "SELECT 1"
        schema {
          columns = [
            { name = order_id, type = string, nullable = false, description = "Order identifier.", classification = internal }
            { name = customer_id, type = string, description = "Customer who ordered.", classification = internal }
            { name = email, type = string, description = "Customer e-mail address.", classification = pii }
            { name = country, type = string, description = "Country, ISO 3166-1 alpha-2.", classification = internal, tags { reference = country } }
            { name = order_date, type = date, description = "Date of the order.", classification = public }
          ]
          primary-key = [order_id]
        }
        quality.constraints = [
          { check = unique, columns = [order_id] }
          { check = complete, column = order_id }
          { check = row-count, min = 1 }
        ]
        sla.freshness = 24h
        access { readers = [analyst, data-science], pii-readers = [data-science], masking = hash }
      }
      """;

  /** A conf/ directory with the given governance.conf, the identifiers and the country set. */
  static Path conf(Path dir, String governance) {
    write(dir.resolve("governance.conf"), governance);
    write(dir.resolve("identifiers.conf"), IDENTIFIERS);
    write(dir.resolve("reference/country.csv"), COUNTRIES);
    return dir;
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The email column, classified pii. */
  static final String PII = "classification = pii";

  /** {@link #ORDERS} with each {@code from} replaced by the {@code to} after it (each exactly once), parsed as orders.conf. */
  static DataProduct orders(String... fromTo) {
    return Contracts.parse(edit(ORDERS, fromTo), "orders.conf");
  }

  static String edit(String text, String... fromTo) {
    for (int i = 0; i < fromTo.length; i += 2) {
      String from = fromTo[i];
      if (!text.contains(from) || text.indexOf(from) != text.lastIndexOf(from)) {
        throw new IllegalArgumentException("'" + from + "' is not in the text exactly once");
      }
      text = text.replace(from, fromTo[i + 1]);
    }
    return text;
  }
}
