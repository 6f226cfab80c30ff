package io.meshwork.core.model;

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
 *   without-role = masked               # a read that names no role: masked (default) | refused
 *   roles { analyst { row-filter = "country = 'DE'" } }   # rows a role sees (a SQL predicate)
 * }
 * </pre>
 *
 * <p>{@code hash} replaces a value by the hex HMAC-SHA256 of its text under the platform's masking
 * key (equal values stay joinable; without the key a value cannot be recomputed), {@code null} by
 * null. Every read of the product enforces it, through the read API and Spark SQL alike ({@link
 * ReadPolicy}).
 *
 * @param readers the roles that may read, or {@code ["*"]}
 * @param piiReaders the roles that see pii columns in clear; never {@code "*"} unless the contract says so
 * @param rowFilters per role, the SQL predicate its rows must meet (roles without one see every row)
 * @param refuseWithoutRole whether a read that names no role is refused (else it is masked)
 * @param location where the {@code access} block was written
 */
public record AccessPolicy(
    List<String> readers, List<String> piiReaders, Masking masking, Map<String, String> rowFilters, boolean refuseWithoutRole,
    SourceLocation location) {
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
  /** Table property: the row filters, a JSON object from role to SQL predicate. */
  public static final String ROW_FILTERS_PROPERTY = "mesh.access.row-filters";
  /** Table property: {@code masked} or {@code refused}, for a read that names no role. */
  public static final String WITHOUT_ROLE_PROPERTY = "mesh.access.without-role";

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
    rowFilters = rowFilters == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(rowFilters));
    location = location == null ? SourceLocation.UNKNOWN : location;
  }

  /** Rules without row filters, masked for a read without a role. */
  public AccessPolicy(List<String> readers, List<String> piiReaders, Masking masking, SourceLocation location) {
    this(readers, piiReaders, masking, Map.of(), false, location);
  }

  /** The row filter of {@code role}, if the contract gives it one. */
  public Optional<String> rowFilter(String role) {
    return Optional.ofNullable(rowFilters.get(role));
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
   * {@link io.meshwork.core.Mesh#as(String)}. A product without an {@code access} block may be read by every role
   * and shows its pii columns (if any) to none in clear.
   */
  public static Map<String, String> tableProperties(DataProduct product) {
    AccessPolicy access = product.access() != null ? product.access() : new AccessPolicy(List.of(ANY_ROLE), List.of(), Masking.HASH, null);
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(READERS_PROPERTY, String.join(",", access.readers()));
    properties.put(PII_READERS_PROPERTY, String.join(",", access.piiReaders()));
    properties.put(MASKING_PROPERTY, access.masking().keyword());
    properties.put(ROW_FILTERS_PROPERTY, rowFiltersJson(access.rowFilters()));
    properties.put(WITHOUT_ROLE_PROPERTY, access.refuseWithoutRole() ? "refused" : "masked");
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
    return Optional.of(new AccessPolicy(
        split(readers), split(properties.get(PII_READERS_PROPERTY)), masking, rowFilters(properties.get(ROW_FILTERS_PROPERTY)),
        "refused".equals(properties.get(WITHOUT_ROLE_PROPERTY)), new SourceLocation(table, 0)));
  }

  /** Jackson, loaded only when rules are stamped or read back (policy checks run without it). */
  private static final class Json {
    static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();
  }

  private static String rowFiltersJson(Map<String, String> filters) {
    try {
      return Json.MAPPER.writeValueAsString(new java.util.TreeMap<>(filters));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> rowFilters(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    try {
      Map<String, String> filters = new java.util.TreeMap<>();
      Json.MAPPER.readTree(json).fields().forEachRemaining(e -> filters.put(e.getKey(), e.getValue().asText()));
      return filters;
    } catch (java.io.IOException e) {
      // A stamp Meshwork did not write: no role may read what it cannot filter.
      throw new AccessDeniedException("The table property " + ROW_FILTERS_PROPERTY + " is not a JSON object of row filters: " + json);
    }
  }

  /** The pii columns stamped by {@link #tableProperties(DataProduct)}; empty when none are. */
  public static List<String> piiColumns(Map<String, String> properties) {
    return split(properties.get(PII_COLUMNS_PROPERTY));
  }

  private static List<String> split(String text) {
    return text == null || text.isBlank() ? List.of() : java.util.Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
