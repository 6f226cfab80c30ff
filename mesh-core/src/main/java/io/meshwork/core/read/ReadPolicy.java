package io.meshwork.core.read;

import io.meshwork.core.model.AccessPolicy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one policy engine for reading a product: from the access rules stamped on its table
 * ({@link AccessPolicy#tableProperties}) and the reader's role, whether the read is allowed, which
 * columns are masked and how, and which rows the reader sees. The read API ({@link io.meshwork.core.Mesh#as(String)},
 * {@link ProductReader}) and the session extension's SQL rule both ask it, so a product reads the
 * same way through both.
 *
 * <ul>
 *   <li>A role not among the readers is refused, naming the product, the reader and the roles that may read it.
 *   <li>A reader that is not a pii-reader gets the pii columns masked ({@code hash}: keyed HMAC-SHA256; {@code null}).
 *   <li>A role with a {@code row-filter} sees only the rows that meet it.
 *   <li>No role (least privilege): every pii column masked, the rows every filtered role may see (all filters
 *       together), or refused when the contract says {@code without-role = refused}; never in clear.
 *   <li>An old version is read under the stricter of its stamped rules and today's: refused if either
 *       refuses, masked if either masks ({@code null} over {@code hash}), every row filter applied; a
 *       version older than the first stamp of access rules reads under today's.
 * </ul>
 */
public final class ReadPolicy {
  private ReadPolicy() {}

  /**
   * What a read may see.
   *
   * @param product the product, {@code domain.name}
   * @param allowed whether the read may happen at all
   * @param refusal why not (null when allowed)
   * @param masked the columns returned masked, in table order of the rules
   * @param masking how they are masked
   * @param rowFilter the SQL predicate the rows must meet, or null for every row
   */
  public record Decision(String product, boolean allowed, String refusal, List<String> masked, AccessPolicy.Masking masking, String rowFilter) {
    public Decision {
      masked = List.copyOf(masked);
    }
  }

  /**
   * The decision for a read of {@code product} by {@code role} (null: no role chosen) of {@code user}.
   *
   * @param atVersion the table properties of the version read
   * @param today the table properties of the table's newest version (the same map for a read of the newest)
   */
  public static Decision decide(String product, Map<String, String> atVersion, Map<String, String> today, String role, String user) {
    if (today != null && !atVersion.containsKey(AccessPolicy.READERS_PROPERTY) && today.containsKey(AccessPolicy.READERS_PROPERTY)) {
      return decideOne(product, today, role, user); // a version from before access rules were stamped: today's apply
    }
    Decision then = decideOne(product, atVersion, role, user);
    if (today == null || today == atVersion || today.equals(atVersion)) {
      return then;
    }
    Decision now = decideOne(product, today, role, user);
    if (!then.allowed()) {
      return then;
    }
    if (!now.allowed()) {
      return now;
    }
    Set<String> masked = new LinkedHashSet<>(then.masked());
    masked.addAll(now.masked());
    AccessPolicy.Masking masking =
        then.masking() == AccessPolicy.Masking.NULL || now.masking() == AccessPolicy.Masking.NULL ? AccessPolicy.Masking.NULL : AccessPolicy.Masking.HASH;
    return new Decision(product, true, null, new ArrayList<>(masked), masking, and(List.of(nullToEmpty(then.rowFilter()), nullToEmpty(now.rowFilter()))));
  }

  private static Decision decideOne(String product, Map<String, String> properties, String role, String user) {
    AccessPolicy rules = AccessPolicy.fromTableProperties(properties, product).orElse(null);
    String who = role == null ? "a read without a role (user '" + user + "')" : "role '" + role + "' (user '" + user + "')";
    if (rules == null) {
      if (role == null) {
        return new Decision(product, true, null, List.of(), AccessPolicy.Masking.HASH, null); // nothing stamped to mask
      }
      return refused(product, "Read of " + product + " refused for " + who + ": its table carries no access rules (table property "
          + AccessPolicy.READERS_PROPERTY + "), so no role may read it; publish it again to stamp the contract's access block");
    }
    if (role == null && rules.refuseWithoutRole()) {
      return refused(product, "Read of " + product + " refused for " + who + ": its contract refuses reads without a role "
          + "(access.without-role = refused); choose one of its readers (" + String.join(", ", rules.readers())
          + ") with --role or spark.meshwork.role");
    }
    if (role != null && !rules.mayRead(role)) {
      return refused(product, "Read of " + product + " refused for " + who + ": the product's readers are " + String.join(", ", rules.readers()));
    }
    boolean clear = role == null ? rules.piiReaders().contains(AccessPolicy.ANY_ROLE) : rules.maySeePii(role);
    List<String> masked = clear ? List.of() : AccessPolicy.piiColumns(properties);
    String filter = role == null ? and(new ArrayList<>(rules.rowFilters().values())) : rules.rowFilter(role).orElse(null);
    return new Decision(product, true, null, masked, rules.masking(), filter);
  }

  private static Decision refused(String product, String why) {
    return new Decision(product, false, why, List.of(), AccessPolicy.Masking.HASH, null);
  }

  /** The predicates together ({@code (a) AND (b)}), blanks left out; null when none is left. */
  private static String and(List<String> predicates) {
    List<String> given = new ArrayList<>(new LinkedHashSet<>(predicates.stream().filter(p -> p != null && !p.isBlank()).toList()));
    if (given.isEmpty()) {
      return null;
    }
    return given.size() == 1 ? given.get(0) : "(" + String.join(") AND (", given) + ")";
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
