package io.meshwork.core.model;

/** The team that owns a product, and how to reach it. Either field may be null. */
public record Owner(String team, String email) {
  public static final Owner UNKNOWN = new Owner(null, null);

  /** The team, or the email when no team is given, or {@code "unknown"}. */
  @Override
  public String toString() {
    return team != null ? team : email != null ? email : "unknown";
  }
}
