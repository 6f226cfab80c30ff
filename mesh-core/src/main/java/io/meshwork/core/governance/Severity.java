package io.meshwork.core.governance;

import java.util.Locale;
import java.util.Optional;

/** How much a policy violation matters: an {@link #ERROR} stops publication, a {@link #WARNING} is reported. */
public enum Severity {
  WARNING,
  ERROR;

  /** As written in policy files and messages: {@code error} or {@code warning}. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The severity written {@code text}, if it is one. */
  public static Optional<Severity> parse(String text) {
    for (Severity s : values()) {
      if (s.keyword().equals(text)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
