package io.meshwork.core.model;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A contract major's {@code deprecation} block: {@code deprecation { sunset = "2027-03-31",
 * successor-major = 2, note = "..." }}. Stamped on the table at publish (table properties
 * {@code mesh.deprecation.*}) so readers see it without the contract.
 *
 * @param sunset the last day runs of this major are allowed; reads still work after it, with a warning
 * @param successorMajor the major to move to, or null
 * @param note free text for consumers, or null
 */
public record Deprecation(LocalDate sunset, Integer successorMajor, String note) {
  /** Table property: the sunset date, {@code yyyy-MM-dd}. */
  public static final String SUNSET_PROPERTY = "mesh.deprecation.sunset";
  /** Table property: the successor major. */
  public static final String SUCCESSOR_PROPERTY = "mesh.deprecation.successor-major";
  /** Table property: the note. */
  public static final String NOTE_PROPERTY = "mesh.deprecation.note";

  public Deprecation {
    Objects.requireNonNull(sunset, "sunset");
  }

  /** True when {@code today} is after the sunset date. */
  public boolean pastSunset(LocalDate today) {
    return today.isAfter(sunset);
  }

  /** {@code warning: sales.orders major 1 is deprecated: sunset 2027-03-31, move to major 2 (note)}. */
  public String warning(ProductId id, int major) {
    return "warning: " + id + " major " + major + " is deprecated: sunset " + sunset + advice();
  }

  /** {@code , move to major 2 (note)}, or less when the contract did not say. */
  String advice() {
    return (successorMajor == null ? "" : ", move to major " + successorMajor) + (note == null || note.isBlank() ? "" : " (" + note + ")");
  }

  /** The table properties of a product's deprecation; every key with a null value when it has none (a null value removes a stale one). */
  public static Map<String, String> tableProperties(Deprecation d) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(SUNSET_PROPERTY, d == null ? null : d.sunset().toString());
    p.put(SUCCESSOR_PROPERTY, d == null || d.successorMajor() == null ? null : d.successorMajor().toString());
    p.put(NOTE_PROPERTY, d == null ? null : d.note());
    return p;
  }

  /** The deprecation stamped in table properties, if any. */
  public static Optional<Deprecation> fromTableProperties(Map<String, String> properties) {
    String sunset = properties.get(SUNSET_PROPERTY);
    if (sunset == null) {
      return Optional.empty();
    }
    try {
      String successor = properties.get(SUCCESSOR_PROPERTY);
      return Optional.of(new Deprecation(LocalDate.parse(sunset), successor == null ? null : Integer.valueOf(successor), properties.get(NOTE_PROPERTY)));
    } catch (RuntimeException malformed) {
      return Optional.empty();
    }
  }
}
