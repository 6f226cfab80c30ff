package io.meshwork.core.governance.internal;

import io.meshwork.core.contract.internal.DdlTypes;
import io.meshwork.core.governance.GovernancePolicy;
import io.meshwork.core.governance.PolicyContext;
import io.meshwork.core.governance.SharedIdentifier;
import io.meshwork.core.governance.Violation;
import io.meshwork.core.governance.internal.PolicyFiles.Kind;
import io.meshwork.core.governance.internal.PolicyFiles.Param;
import io.meshwork.core.model.AccessPolicy;
import io.meshwork.core.model.ColumnSpec;
import io.meshwork.core.model.Constraint;
import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.SourceLocation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The built-in policies. Each reads its settings from {@link PolicyContext#settings()}, where the
 * defaults below apply to settings the policy files do not write. Messages say what is wrong with
 * which part of the contract, and point at the line that wrote it.
 */
public final class BuiltinPolicies {
  /** Lower-case words of letters and digits joined by single underscores, starting with a letter. */
  public static final String SNAKE_CASE = "^[a-z][a-z0-9]*(_[a-z0-9]+)*$";

  /** SQL words that make a name need quoting in Spark SQL and most engines consumers use. */
  public static final List<String> RESERVED_WORDS =
      List.of(
          "all", "alter", "and", "any", "as", "between", "by", "case", "cast", "create", "cross", "current_date",
          "current_timestamp", "delete", "distinct", "drop", "else", "end", "except", "exists", "false", "from", "full",
          "group", "having", "in", "inner", "insert", "intersect", "into", "is", "join", "left", "like", "limit", "not",
          "null", "on", "or", "order", "outer", "right", "select", "table", "then", "to", "true", "union", "update",
          "user", "using", "when", "where", "with");

  /** A built-in policy: its id, its settings with their defaults, its rule. */
  public record Builtin(String id, Map<String, Param> params, BiFunction<DataProduct, PolicyContext, List<Violation>> rule)
      implements GovernancePolicy {
    @Override
    public List<Violation> evaluate(DataProduct product, PolicyContext context) {
      return rule.apply(product, context);
    }
  }

  /** The ids of the policies whose data checks {@code Governance.derivedConstraints} adds. */
  public static final String SHARED_IDENTIFIERS = "shared-identifiers";

  public static final String REFERENCE_DATA = "reference-data";

  private BuiltinPolicies() {}

  /** Every built-in policy, in the order reports list them. */
  public static List<Builtin> all() {
    return List.of(
        new Builtin("naming.product", params("pattern", Kind.REGEX, SNAKE_CASE, "convention", Kind.TEXT, "snake_case"), BuiltinPolicies::productNames),
        new Builtin("naming.column", params("pattern", Kind.REGEX, SNAKE_CASE, "convention", Kind.TEXT, "snake_case"), BuiltinPolicies::columnNames),
        new Builtin("naming.reserved-words", params("words", Kind.MORE_ITEMS, RESERVED_WORDS), BuiltinPolicies::reservedWords),
        new Builtin("naming.unique-columns", Map.of(), BuiltinPolicies::uniqueColumns),
        new Builtin("metadata.owner", params("email-pattern", Kind.REGEX, "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"), BuiltinPolicies::owner),
        new Builtin("metadata.description", params("min-length", Kind.AT_LEAST, 20), BuiltinPolicies::description),
        new Builtin("metadata.column-description", params("min-length", Kind.AT_LEAST, 10), BuiltinPolicies::columnDescriptions),
        new Builtin("metadata.placeholder", params("marker", Kind.TEXT, "TODO"), BuiltinPolicies::placeholders),
        new Builtin("metadata.classification", params("allowed", Kind.FEWER_ITEMS, List.of("public", "internal", "confidential", "pii")), BuiltinPolicies::classification),
        new Builtin("metadata.sla", Map.of(), BuiltinPolicies::sla),
        new Builtin("privacy.pii-access", Map.of(), BuiltinPolicies::piiAccess),
        new Builtin(SHARED_IDENTIFIERS, Map.of(), BuiltinPolicies::sharedIdentifiers),
        new Builtin(REFERENCE_DATA, Map.of(), BuiltinPolicies::referenceData),
        new Builtin("dates", params("suffixes", Kind.MORE_ITEMS, List.of("_date", "_at", "_ts"), "types", Kind.FEWER_ITEMS, List.of("date", "timestamp")), BuiltinPolicies::dates),
        new Builtin("quality.key-complete", Map.of(), BuiltinPolicies::keyComplete),
        new Builtin("quality.key-unique", Map.of(), BuiltinPolicies::keyUnique),
        new Builtin("quality.min-constraints", params("min", Kind.AT_LEAST, 3), BuiltinPolicies::minConstraints));
  }

  private static Map<String, Param> params(Object... kv) {
    Map<String, Param> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 3) {
      m.put((String) kv[i], new Param((Kind) kv[i + 1], kv[i + 2]));
    }
    return m;
  }

  // ---------------------------------------------------------------- naming

  private static List<Violation> productNames(DataProduct p, PolicyContext ctx) {
    Pattern pattern = Pattern.compile(ctx.settings().getString("pattern"));
    String must = mustBe(ctx);
    List<Violation> out = new ArrayList<>();
    if (!pattern.matcher(p.id().domain()).matches()) {
      out.add(ctx.violation(p.locationOf("product.domain"), "domain '" + p.id().domain() + "' " + must));
    }
    if (!pattern.matcher(p.id().name()).matches()) {
      out.add(ctx.violation(p.locationOf("product.name"), "product name '" + p.id().name() + "' " + must));
    }
    java.util.regex.Matcher major = Pattern.compile("(.*)_v([0-9]+)").matcher(p.id().name());
    if (major.matches()) {
      out.add(ctx.violation(p.locationOf("product.name"), "product name '" + p.id().name() + "' must not end in _v<digits>: in SQL "
          + p.id() + " names major " + major.group(2) + " of " + p.id().domain() + "." + major.group(1)));
    }
    return out;
  }

  private static List<Violation> columnNames(DataProduct p, PolicyContext ctx) {
    Pattern pattern = Pattern.compile(ctx.settings().getString("pattern"));
    String must = mustBe(ctx);
    List<Violation> out = new ArrayList<>();
    for (ColumnSpec c : p.columns()) {
      if (!pattern.matcher(c.name()).matches()) {
        out.add(ctx.violation(c.location(), "column '" + c.name() + "' " + must));
      }
    }
    return out;
  }

  private static String mustBe(PolicyContext ctx) {
    return "must be " + ctx.settings().getString("convention") + " (pattern " + ctx.settings().getString("pattern") + ")";
  }

  private static List<Violation> reservedWords(DataProduct p, PolicyContext ctx) {
    Set<String> words = new HashSet<>();
    ctx.settings().getStringList("words").forEach(w -> words.add(w.toLowerCase(Locale.ROOT)));
    List<Violation> out = new ArrayList<>();
    if (words.contains(p.id().domain())) {
      out.add(ctx.violation(p.locationOf("product.domain"), "domain '" + p.id().domain() + "' is a reserved word"));
    }
    if (words.contains(p.id().name())) {
      out.add(ctx.violation(p.locationOf("product.name"), "product name '" + p.id().name() + "' is a reserved word"));
    }
    for (ColumnSpec c : p.columns()) {
      if (words.contains(c.name().toLowerCase(Locale.ROOT))) {
        out.add(ctx.violation(c.location(), "column '" + c.name() + "' is a reserved word"));
      }
    }
    return out;
  }

  private static List<Violation> uniqueColumns(DataProduct p, PolicyContext ctx) {
    Map<String, ColumnSpec> seen = new LinkedHashMap<>();
    List<Violation> out = new ArrayList<>();
    for (ColumnSpec c : p.columns()) {
      ColumnSpec first = seen.putIfAbsent(c.name().toLowerCase(Locale.ROOT), c);
      if (first != null) {
        out.add(ctx.violation(c.location(), "column '" + c.name() + "' has the same name as column '" + first.name() + "' (" + first.location() + ") ignoring case"));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- metadata

  private static List<Violation> owner(DataProduct p, PolicyContext ctx) {
    List<Violation> out = new ArrayList<>();
    SourceLocation owner = p.locationOf("product.owner");
    String example = " (owner { team = ..., email = ... })";
    if (blank(p.owner().team())) {
      out.add(ctx.violation(owner, "product has no owner team" + example));
    }
    String email = p.owner().email();
    if (blank(email)) {
      out.add(ctx.violation(owner, "product has no owner email" + example));
    } else if (!Pattern.compile(ctx.settings().getString("email-pattern")).matcher(email).matches()) {
      out.add(ctx.violation(p.locationOf("product.owner.email"), "owner email '" + email + "' is not an e-mail address"));
    }
    return out;
  }

  private static List<Violation> description(DataProduct p, PolicyContext ctx) {
    int min = ctx.settings().getInt("min-length");
    String d = p.description();
    if (blank(d)) {
      return List.of(ctx.violation(p.locationOf("product"), "product has no description"));
    }
    if (d.strip().length() < min) {
      return List.of(ctx.violation(p.locationOf("product.description"),
          "product description has " + d.strip().length() + " characters but at least " + min + " are required"));
    }
    return List.of();
  }

  private static List<Violation> columnDescriptions(DataProduct p, PolicyContext ctx) {
    int min = ctx.settings().getInt("min-length");
    List<Violation> out = new ArrayList<>();
    for (ColumnSpec c : p.columns()) {
      if (blank(c.description())) {
        out.add(ctx.violation(c.location(), "column '" + c.name() + "' has no description"));
      } else if (c.description().strip().length() < min) {
        out.add(ctx.violation(c.location(),
            "column '" + c.name() + "' has a description of " + c.description().strip().length() + " characters but at least " + min + " are required"));
      }
    }
    return out;
  }

  /** Descriptions still holding the scaffold's placeholder ({@code TODO: ...}). */
  private static List<Violation> placeholders(DataProduct p, PolicyContext ctx) {
    String marker = ctx.settings().getString("marker");
    List<Violation> out = new ArrayList<>();
    if (p.description() != null && p.description().contains(marker)) {
      out.add(ctx.violation(p.locationOf("product.description"), "product description is still a placeholder (" + marker + "): say what one row is and who should use it"));
    }
    for (ColumnSpec c : p.columns()) {
      if (c.description() != null && c.description().contains(marker)) {
        out.add(ctx.violation(c.location(), "column '" + c.name() + "' description is still a placeholder (" + marker + ")"));
      }
    }
    return out;
  }

  private static List<Violation> classification(DataProduct p, PolicyContext ctx) {
    List<String> allowed = ctx.settings().getStringList("allowed");
    List<Violation> out = new ArrayList<>();
    for (ColumnSpec c : p.columns()) {
      if (blank(c.classification())) {
        out.add(ctx.violation(c.location(), "column '" + c.name() + "' has no classification (one of " + String.join(", ", allowed) + ")"));
      } else if (!allowed.contains(c.classification())) {
        out.add(ctx.violation(c.location(),
            "column '" + c.name() + "' is classified " + c.classification() + ", which is not allowed (allowed: " + String.join(", ", allowed) + ")"));
      }
    }
    return out;
  }

  private static List<Violation> sla(DataProduct p, PolicyContext ctx) {
    return p.freshnessSla().isPresent() ? List.of() : List.of(ctx.violation(p.locationOf("product"), "product has no SLA (sla.freshness = 24h)"));
  }

  // ---------------------------------------------------------------- privacy

  private static List<Violation> piiAccess(DataProduct p, PolicyContext ctx) {
    AccessPolicy access = p.access();
    List<Violation> out = new ArrayList<>();
    for (ColumnSpec c : p.columns()) {
      if (!"pii".equals(c.classification())) {
        continue;
      }
      if (access == null) {
        out.add(ctx.violation(c.location(),
            "column '" + c.name() + "' is classified pii but the product has no access block restricting it "
                + "(access { readers = [...], pii-readers = [...], masking = hash })"));
      } else if (access.piiReaders().contains(AccessPolicy.ANY_ROLE)) {
        out.add(ctx.violation(p.locationOf("product.access.pii-readers"),
            "column '" + c.name() + "' is classified pii but access.pii-readers = [\"*\"] shows it to every role"));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- shared identifiers and reference data

  private static List<Violation> sharedIdentifiers(DataProduct p, PolicyContext ctx) {
    List<Violation> out = new ArrayList<>();
    for (ColumnSpec c : p.columns()) {
      Optional<SharedIdentifier> id = ctx.identifier(c.name());
      if (id.isPresent() && !DdlTypes.canonical(c.type()).equals(DdlTypes.canonical(id.get().type()))) {
        out.add(ctx.violation(c.location(),
            "column '" + c.name() + "' is " + c.type() + " but the shared identifier " + c.name() + " is " + id.get().type() + " (" + id.get().location() + ")"));
      }
    }
    return out;
  }

  private static List<Violation> referenceData(DataProduct p, PolicyContext ctx) {
    List<Violation> out = new ArrayList<>();
    for (ColumnSpec c : p.columns()) {
      String set = c.tags().get("reference");
      if (set != null && ctx.referenceSet(set).isEmpty()) {
        Set<String> known = ctx.referenceSetNames();
        out.add(ctx.violation(c.location(),
            "column '" + c.name() + "' is tagged reference = " + set + " but there is no reference set "
                + CentralGovernance.display(ctx.confDir().resolve("reference").resolve(set + ".csv")) + " (known: " + (known.isEmpty() ? "none" : String.join(", ", known)) + ")"));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- dates

  private static List<Violation> dates(DataProduct p, PolicyContext ctx) {
    List<String> suffixes = ctx.settings().getStringList("suffixes");
    List<String> types = ctx.settings().getStringList("types");
    List<String> canonical = types.stream().map(DdlTypes::canonical).toList();
    List<Violation> out = new ArrayList<>();
    for (ColumnSpec c : p.columns()) {
      Optional<String> suffix = suffixes.stream().filter(s -> c.name().toLowerCase(Locale.ROOT).endsWith(s)).findFirst();
      if (suffix.isPresent() && !canonical.contains(DdlTypes.canonical(c.type()))) {
        out.add(ctx.violation(c.location(),
            "column '" + c.name() + "' is " + c.type() + " but columns named *" + suffix.get() + " must be " + or(types)));
      }
    }
    return out;
  }

  private static String or(List<String> words) {
    return words.size() <= 1 ? String.join("", words) : String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
  }

  // ---------------------------------------------------------------- quality thresholds

  private static List<Violation> keyComplete(DataProduct p, PolicyContext ctx) {
    List<Violation> out = new ArrayList<>();
    for (String column : p.primaryKey()) {
      boolean covered =
          p.constraints().stream()
              .anyMatch(c -> c.blocking() && c.rule() instanceof Constraint.Complete k && k.column().equals(column)
                  && (k.minFraction() == null || k.minFraction() >= 1.0));
      if (!covered) {
        out.add(ctx.violation(p.locationOf("product.schema.primary-key"),
            "primary-key column '" + column + "' has no complete check (add { check = complete, column = " + column + " })"));
      }
    }
    return out;
  }

  private static List<Violation> keyUnique(DataProduct p, PolicyContext ctx) {
    if (p.primaryKey().isEmpty()) {
      return List.of();
    }
    Set<String> key = Set.copyOf(p.primaryKey());
    boolean covered =
        p.constraints().stream().anyMatch(c -> c.blocking() && c.rule() instanceof Constraint.Unique u && Set.copyOf(u.columns()).equals(key));
    if (covered) {
      return List.of();
    }
    String columns = String.join(", ", p.primaryKey());
    return List.of(ctx.violation(p.locationOf("product.schema.primary-key"),
        "primary key (" + columns + ") has no unique check (add { check = unique, columns = [" + columns + "] })"));
  }

  private static List<Violation> minConstraints(DataProduct p, PolicyContext ctx) {
    int min = ctx.settings().getInt("min");
    List<ConstraintSpec> declared = p.constraints();
    if (declared.size() >= min) {
      return List.of();
    }
    return List.of(ctx.violation(p.locationOf("product.quality.constraints"),
        "product declares " + declared.size() + " quality constraint" + (declared.size() == 1 ? "" : "s") + " but at least " + min + " are required"));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
