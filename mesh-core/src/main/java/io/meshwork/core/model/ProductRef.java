package io.meshwork.core.model;

import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Another product this one reads: {@code crm.customers} (the major this product last published
 * against, the newest on its first publish; its latest certified version at run time), {@code
 * crm.customers@v2} (major 2), {@code crm.customers@7} (data version 7 of that major) or {@code
 * crm.customers@v2@7} (data version 7 of major 2).
 *
 * @param major the major named with {@code @v<major>}, empty when not named
 */
public record ProductRef(ProductId id, OptionalInt major, OptionalLong pinnedVersion) {
  private static final Pattern REF = Pattern.compile("([^@]+)(?:@v(\\d{1,9}))?(?:@(\\d{1,18}))?");

  /** A reference without a named major. */
  public ProductRef(ProductId id, OptionalLong pinnedVersion) {
    this(id, OptionalInt.empty(), pinnedVersion);
  }

  /** Parses {@code domain.name}, {@code domain.name@vM}, {@code domain.name@N} or {@code domain.name@vM@N}. */
  public static ProductRef parse(String text) {
    Matcher m = REF.matcher(text);
    if (!m.matches()) {
      throw new ContractException("'" + text + "' is not a product reference: expected domain.name, domain.name@v<major>, "
          + "domain.name@<data version> or domain.name@v<major>@<data version>");
    }
    OptionalInt major = m.group(2) == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(m.group(2)));
    if (major.isPresent() && major.getAsInt() < 1) {
      throw new ContractException("'" + text + "' is not a product reference: majors start at v1");
    }
    OptionalLong version = m.group(3) == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(m.group(3)));
    return new ProductRef(ProductId.parse(m.group(1)), major, version);
  }

  @Override
  public String toString() {
    return id + (major.isPresent() ? "@v" + major.getAsInt() : "") + (pinnedVersion.isPresent() ? "@" + pinnedVersion.getAsLong() : "");
  }
}
