package io.meshwork.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may read a product and who may see its {@code pii} columns in clear: the contract's
 * {@code access} block.
 *
 * <pre>
 * access {
 *   readers = [analyst, data-science]   # roles that may read the product; ["*"] = every role
 *   pii-readers = [data-science]        # readers that see pii columns in clear (default: none)
 *   masking = hash                      # how the other readers see pii columns: hash | null
 * }
 * </pre>
 *
 * <p>{@code hash} replaces a value by the hex SHA-256 of its text (equal values stay joinable),
 * {@code null} by null. Reads with a role ({@link Mesh#as(String)}) enforce it.
 *
 * @param readers the roles that may read, or {@code ["*"]}
 * @param piiReaders the roles that see pii columns in clear; never {@code "*"} unless the contract says so
 * @param location where the {@code access} block was written
 */
public record AccessPolicy(List<String> readers, List<String> piiReaders, Masking masking, SourceLocation location) {
  /** In {@code readers} or {@code pii-readers}: every role. */
  public static final String ANY_ROLE = "*";

  /** A role name: a lower-case letter, then lower-case letters, digits, {@code -} or {@code _}. */
  public static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]*");

  /** Table property: the roles that may read, comma-separated ({@code *} for every role). */
  public static final String READERS_PROPERTY = "mesh.access.readers";
  /** Table property: the roles that see pii columns in clear, comma-separated. */
  public static final String PII_READERS_PROPERTY = "mesh.access.pii-readers";
  /** Table property: {@code hash} or {@code null}. */
  public static final String MASKING_PROPERTY = "mesh.access.masking";
  /** Table property: the columns classified {@code pii}, comma-separated. */
  public static final String PII_COLUMNS_PROPERTY = "mesh.access.pii-columns";

  /** How a pii column is shown to a reader that may not see it. */
  public enum Masking {
    /** The hex SHA-256 of the value's text; null stays null. */
    HASH,
    /** Null. */
    NULL;

    /** As written in a contract: {@code hash} or {@code null}. */
    public String keyword() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The masking written {@code text} ({@code hash} or {@code null}), if it is one. */
    public static Optional<Masking> parse(String text) {
      for (Masking m : values()) {
        if (m.keyword().equals(text)) {
          return Optional.of(m);
        }
      }
      return Optional.empty();
    }
  }

  public AccessPolicy {
    readers = List.copyOf(readers);
    piiReaders = List.copyOf(piiReaders);
    Objects.requireNonNull(masking, "masking");
    location = location == null ? SourceLocation.UNKNOWN : location;
  }

  /** Whether {@code role} may read the product. */
  public boolean mayRead(String role) {
    return readers.contains(ANY_ROLE) || readers.contains(role);
  }

  /** Whether {@code role} sees pii columns in clear. */
  public boolean maySeePii(String role) {
    return mayRead(role) && (piiReaders.contains(ANY_ROLE) || piiReaders.contains(role));
  }

  /**
   * The table properties that stamp a product's access rules on its Delta table, read back by
   * {@link Mesh#as(String)}. A product without an {@code access} block may be read by every role
   * and shows its pii columns (if any) to none in clear.
   */
  public static Map<String, String> tableProperties(DataProduct product) {
    AccessPolicy access = product.access() != null ? product.access() : new AccessPolicy(List.of(ANY_ROLE), List.of(), Masking.HASH, null);
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(READERS_PROPERTY, String.join(",", access.readers()));
    properties.put(PII_READERS_PROPERTY, String.join(",", access.piiReaders()));
    properties.put(MASKING_PROPERTY, access.masking().keyword());
    properties.put(
        PII_COLUMNS_PROPERTY,
        String.join(",", product.columns().stream().filter(c -> "pii".equals(c.classification())).map(ColumnSpec::name).toList()));
    return properties;
  }

  /**
   * The access rules stamped by {@link #tableProperties(DataProduct)}, if the table carries them
   * (located at {@code table}, line 0).
   */
  public static Optional<AccessPolicy> fromTableProperties(Map<String, String> properties, String table) {
    String readers = properties.get(READERS_PROPERTY);
    if (readers == null) {
      return Optional.empty();
    }
    Masking masking = Masking.parse(properties.getOrDefault(MASKING_PROPERTY, "hash")).orElse(Masking.HASH);
    return Optional.of(new AccessPolicy(split(readers), split(properties.get(PII_READERS_PROPERTY)), masking, new SourceLocation(table, 0)));
  }

  /** The pii columns stamped by {@link #tableProperties(DataProduct)}; empty when none are. */
  public static List<String> piiColumns(Map<String, String> properties) {
    return split(properties.get(PII_COLUMNS_PROPERTY));
  }

  private static List<String> split(String text) {
    return text == null || text.isBlank() ? List.of() : java.util.Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
