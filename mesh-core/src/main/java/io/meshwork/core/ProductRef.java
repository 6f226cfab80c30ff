package io.meshwork.core;

import java.util.OptionalLong;

/**
 * Another product this one reads: {@code crm.customers} (its latest certified version at run
 * time) or {@code crm.customers@7} (pinned to data version 7).
 */
public record ProductRef(ProductId id, OptionalLong pinnedVersion) {
  /** Parses {@code domain.name} or {@code domain.name@N}. */
  public static ProductRef parse(String text) {
    int at = text.indexOf('@');
    if (at < 0) {
      return new ProductRef(ProductId.parse(text), OptionalLong.empty());
    }
    String v = text.substring(at + 1);
    if (!v.matches("\\d{1,18}")) {
      throw new MeshException(ExitCode.USAGE, "'" + text + "' is not a product reference: the version after '@' must be a data version number");
    }
    return new ProductRef(ProductId.parse(text.substring(0, at)), OptionalLong.of(Long.parseLong(v)));
  }

  @Override
  public String toString() {
    return pinnedVersion.isPresent() ? id + "@" + pinnedVersion.getAsLong() : id.toString();
  }
}
