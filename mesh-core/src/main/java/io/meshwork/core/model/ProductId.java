package io.meshwork.core.model;

import java.util.Objects;
import java.util.regex.Pattern;

/** The identity of a data product: {@code <domain>.<name>}, both plain lower-case identifiers. */
public record ProductId(String domain, String name) implements Comparable<ProductId> {
  /** A plain lower-case identifier: a letter, then letters, digits or underscores. */
  public static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");

  public ProductId {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(name, "name");
  }

  /**
   * Parses {@code domain.name}.
   *
   * @throws MeshException (exit 2) when the text is not two plain lower-case identifiers
   */
  public static ProductId parse(String text) {
    String[] parts = text == null ? new String[0] : text.split("\\.", -1);
    if (parts.length != 2 || !isIdentifier(parts[0]) || !isIdentifier(parts[1])) {
      throw new ContractException(
          "'" + text + "' is not a product name: expected <domain>.<name>, each a plain lower-case identifier");
    }
    return new ProductId(parts[0], parts[1]);
  }

  public static boolean isIdentifier(String s) {
    return s != null && IDENTIFIER.matcher(s).matches();
  }

  @Override
  public String toString() {
    return domain + "." + name;
  }

  @Override
  public int compareTo(ProductId o) {
    return toString().compareTo(o.toString());
  }
}
