package io.meshwork.core;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.DataType;

/**
 * Compares two versions of a product's contract and classifies every change as breaking or not.
 *
 * <pre>{@code
 * ContractDiff.requireCompatible(liveContract, nextContract);   // exit 2 unless compatible
 * }</pre>
 *
 * <p>Breaking: a column removed or renamed (a removed and an added column of the same type at the
 * same position), a type changed or narrowed, nullable to required, a required column added, the
 * primary key changed, a constraint tightened (a {@code min} raised, a {@code max} lowered, a
 * {@code min-fraction} raised, allowed values removed, a parameter such as a regex changed, warning
 * raised to error, a new error-level constraint on an existing column or on the table). Not
 * breaking: a nullable column added, a type widened ({@code int -> bigint}, {@code float ->
 * double}, {@code decimal(10,2) -> decimal(12,2)}), descriptions, classifications, owner and SLA
 * changed, a constraint loosened or removed.
 */
public final class ContractDiff {
  private static final List<String> INTEGRAL = List.of("tinyint", "smallint", "int", "bigint");
  private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),(\\d+)\\)");

  private ContractDiff() {}

  /** Every change from {@code before} to {@code after}: columns in order, then key, constraints, product. */
  public static List<ContractChange> compare(DataProduct before, DataProduct after) {
    List<ContractChange> changes = new ArrayList<>();
    String file = after.file() == null ? "<unknown>" : after.file().toString();
    Map<String, String> renamed = columns(before, after, file, changes);
    primaryKey(before, after, renamed, file, changes);
    constraints(before, after, renamed, file, changes);
    product(before, after, file, changes);
    return changes;
  }

  /**
   * Refuses breaking changes within one major version.
   *
   * @throws ContractException (exit 2) listing every breaking change as {@code <file>:<line>:
   *     <product>: breaking change without a major version bump (1.2.0 -> 1.3.0): <change>} when
   *     {@code next} has the major version of {@code live} and breaks it
   */
  public static void requireCompatible(DataProduct live, DataProduct next) {
    if (next.version().major() != live.version().major()) {
      return;
    }
    List<String> problems = new ArrayList<>();
    for (ContractChange c : compare(live, next)) {
      if (c.breaking()) {
        problems.add(c.location().problem(next.id() + ": breaking change without a major version bump ("
            + live.version() + " -> " + next.version() + "): " + c.description()));
      }
    }
    if (!problems.isEmpty()) {
      throw new ContractException(problems);
    }
  }

  // ---------------------------------------------------------------- columns

  /** Adds the column changes; returns renamed columns, old name to new name. */
  private static Map<String, String> columns(DataProduct before, DataProduct after, String file, List<ContractChange> changes) {
    Map<String, String> renamed = new HashMap<>();
    List<ColumnSpec> old = before.columns();
    List<ColumnSpec> now = after.columns();
    Set<String> removed = new HashSet<>();
    Set<String> added = new HashSet<>();
    old.forEach(c -> { if (after.column(c.name()).isEmpty()) removed.add(c.name()); });
    now.forEach(c -> { if (before.column(c.name()).isEmpty()) added.add(c.name()); });
    for (int i = 0; i < old.size() && i < now.size(); i++) {
      ColumnSpec o = old.get(i);
      ColumnSpec n = now.get(i);
      if (removed.contains(o.name()) && added.contains(n.name()) && sameType(o.type(), n.type())) {
        renamed.put(o.name(), n.name());
        removed.remove(o.name());
        added.remove(n.name());
        changes.add(new ContractChange("column-renamed", true, "column '" + o.name() + "' renamed to '" + n.name() + "'", n.location()));
        compareColumn(o, n, changes);
      }
    }
    for (int i = 0; i < old.size(); i++) {
      ColumnSpec o = old.get(i);
      if (removed.contains(o.name())) {
        ColumnSpec near = now.get(Math.min(i, now.size() - 1));
        changes.add(new ContractChange("column-removed", true, "column '" + o.name() + "' removed",
            new SourceLocation(file, near.location().line())));
      } else if (!renamed.containsKey(o.name())) {
        compareColumn(o, after.column(o.name()).orElseThrow(), changes);
      }
    }
    for (ColumnSpec n : now) {
      if (added.contains(n.name())) {
        changes.add(n.nullable()
            ? new ContractChange("column-added", false, "column '" + n.name() + "' added (nullable)", n.location())
            : new ContractChange("column-added", true, "column '" + n.name() + "' added as required", n.location()));
      }
    }
    return renamed;
  }

  private static void compareColumn(ColumnSpec o, ColumnSpec n, List<ContractChange> changes) {
    String name = "column '" + n.name() + "'";
    String from = canonical(o.type());
    String to = canonical(n.type());
    if (!from.equals(to)) {
      boolean widened = widens(from, to);
      changes.add(new ContractChange(widened ? "type-widened" : "type-changed", !widened,
          name + " type " + (widened ? "widened" : "changed") + " from " + o.type() + " to " + n.type(), n.location()));
    }
    if (o.nullable() && !n.nullable()) {
      changes.add(new ContractChange("nullable-to-required", true, name + " changed from nullable to required", n.location()));
    } else if (!o.nullable() && n.nullable()) {
      changes.add(new ContractChange("required-to-nullable", false, name + " changed from required to nullable", n.location()));
    }
    if (!Objects.equals(o.description(), n.description())) {
      changes.add(new ContractChange("description-changed", false, name + " description changed", n.location()));
    }
    if (!Objects.equals(o.classification(), n.classification())) {
      changes.add(new ContractChange("classification-changed", false,
          name + " classification changed from " + o.classification() + " to " + n.classification(), n.location()));
    }
  }

  private static boolean sameType(String a, String b) {
    return canonical(a).equals(canonical(b));
  }

  /** Spark's own spelling of a type ({@code integer} and {@code INT} are {@code int}). */
  static String canonical(String type) {
    try {
      return DataType.fromDDL(type).simpleString();
    } catch (Exception e) { // a type the parser accepted once; compare as written
      return type.strip().toLowerCase(Locale.ROOT);
    }
  }

  /** Whether every value of {@code from} is a value of {@code to} (Delta's type widening, and float to double). */
  static boolean widens(String from, String to) {
    int a = INTEGRAL.indexOf(from);
    int b = INTEGRAL.indexOf(to);
    if (a >= 0 && b >= 0) {
      return a < b;
    }
    if (from.equals("float") && to.equals("double")) {
      return true;
    }
    if (a >= 0 && a < 3 && to.equals("double")) {
      return true;
    }
    Matcher f = DECIMAL.matcher(from);
    Matcher t = DECIMAL.matcher(to);
    if (f.matches() && t.matches()) {
      int fp = Integer.parseInt(f.group(1));
      int fs = Integer.parseInt(f.group(2));
      int tp = Integer.parseInt(t.group(1));
      int ts = Integer.parseInt(t.group(2));
      return ts >= fs && tp - ts >= fp - fs;
    }
    if (a >= 0 && t.matches()) {
      int digits = new int[] {3, 5, 10, 20}[a];
      return Integer.parseInt(t.group(1)) - Integer.parseInt(t.group(2)) >= digits;
    }
    return false;
  }

  // ---------------------------------------------------------------- key and constraints

  private static void primaryKey(DataProduct before, DataProduct after, Map<String, String> renamed, String file,
      List<ContractChange> changes) {
    List<String> old = before.primaryKey().stream().map(c -> renamed.getOrDefault(c, c)).toList();
    if (!old.equals(after.primaryKey())) {
      SourceLocation where = after.primaryKey().isEmpty()
          ? after.columns().get(0).location()
          : after.column(after.primaryKey().get(0)).map(ColumnSpec::location).orElse(new SourceLocation(file, 1));
      changes.add(new ContractChange("primary-key-changed", true,
          "primary key changed from " + before.primaryKey() + " to " + after.primaryKey(), where));
    }
  }

  private static void constraints(DataProduct before, DataProduct after, Map<String, String> renamed, String file,
      List<ContractChange> changes) {
    Map<String, List<ConstraintSpec>> old = new LinkedHashMap<>();
    for (ConstraintSpec c : before.constraints()) {
      List<String> cols = c.columns().stream().map(x -> renamed.getOrDefault(x, x)).toList();
      old.computeIfAbsent(key(c.check(), cols, c.name()), k -> new ArrayList<>()).add(c);
    }
    for (ConstraintSpec n : after.constraints()) {
      List<ConstraintSpec> matches = old.get(key(n.check(), n.columns(), n.name()));
      if (matches != null && !matches.isEmpty()) {
        compareConstraint(matches.remove(0), n, changes);
        continue;
      }
      List<String> existing = n.columns().stream().filter(c -> before.column(c).isPresent() || renamed.containsValue(c)).toList();
      boolean onOldData = n.columns().isEmpty() || existing.size() == n.columns().size();
      if (n.blocking() && onOldData) {
        String where = n.columns().isEmpty() ? "" : " on existing column" + (existing.size() > 1 ? "s " : " ")
            + String.join(", ", existing.stream().map(c -> "'" + c + "'").toList());
        changes.add(new ContractChange("constraint-added", true, "new error-level constraint " + n.label() + where, n.location()));
      } else {
        changes.add(new ContractChange("constraint-added", false, "new " + n.level() + "-level constraint " + n.label(), n.location()));
      }
    }
    for (List<ConstraintSpec> left : old.values()) {
      for (ConstraintSpec o : left) {
        changes.add(new ContractChange("constraint-removed", false, "constraint " + o.label() + " removed",
            new SourceLocation(file, o.location().line())));
      }
    }
  }

  private static String key(String check, List<String> columns, String name) {
    return check + "(" + String.join(",", columns) + ")" + (check.equals("compliance") ? "#" + name : "");
  }

  private static void compareConstraint(ConstraintSpec o, ConstraintSpec n, List<ContractChange> changes) {
    List<String> tighter = new ArrayList<>();
    List<String> looser = new ArrayList<>();
    if (!o.blocking() && n.blocking()) {
      tighter.add("level raised from warning to error");
    } else if (o.blocking() && !n.blocking()) {
      looser.add("level lowered from error to warning");
    }
    Set<String> keys = new HashSet<>(o.params().keySet());
    keys.addAll(n.params().keySet());
    for (String k : keys.stream().sorted().toList()) {
      Object a = o.params().get(k);
      Object b = n.params().get(k);
      if (Objects.equals(a, b) || (a instanceof Number x && b instanceof Number y && decimal(x).compareTo(decimal(y)) == 0)) {
        continue;
      }
      switch (k) {
        case "min", "min-fraction" -> bound(k, a, b, true, o.check().equals("complete") ? 1 : null, tighter, looser);
        case "max" -> bound(k, a, b, false, null, tighter, looser);
        case "values" -> values(a, b, tighter, looser);
        default -> tighter.add(k + " changed from " + text(a) + " to " + text(b));
      }
    }
    String label = "constraint " + n.label();
    if (!tighter.isEmpty()) {
      changes.add(new ContractChange("constraint-tightened", true, label + " tightened: " + String.join(", ", tighter), n.location()));
    }
    if (!looser.isEmpty()) {
      changes.add(new ContractChange("constraint-loosened", false, label + " loosened: " + String.join(", ", looser), n.location()));
    }
  }

  /** A lower ({@code lower}) or upper bound; {@code absent} is what a missing bound means (null: no bound). */
  private static void bound(String key, Object a, Object b, boolean lower, Number absent, List<String> tighter, List<String> looser) {
    Number x = a instanceof Number n ? n : absent;
    Number y = b instanceof Number n ? n : absent;
    if (x == null && y == null) {
      tighter.add(key + " changed from " + text(a) + " to " + text(b));
    } else if (x == null) {
      tighter.add(key + " added (" + text(y) + ")");
    } else if (y == null) {
      looser.add(key + " removed (was " + text(x) + ")");
    } else {
      int c = decimal(y).compareTo(decimal(x));
      if (c == 0) {
        return;
      }
      boolean raised = c > 0;
      (raised == lower ? tighter : looser).add(key + (raised ? " raised" : " lowered") + " from " + text(x) + " to " + text(y));
    }
  }

  private static void values(Object a, Object b, List<String> tighter, List<String> looser) {
    if (!(a instanceof List<?> x) || !(b instanceof List<?> y)) {
      tighter.add("values changed from " + text(a) + " to " + text(b));
      return;
    }
    List<String> gone = x.stream().filter(v -> !y.contains(v)).map(String::valueOf).toList();
    List<String> come = y.stream().filter(v -> !x.contains(v)).map(String::valueOf).toList();
    if (!gone.isEmpty()) {
      tighter.add("allowed values reduced (removed " + String.join(", ", gone) + ")");
    }
    if (!come.isEmpty()) {
      looser.add("allowed values extended (added " + String.join(", ", come) + ")");
    }
  }

  private static BigDecimal decimal(Number n) {
    return n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
  }

  private static String text(Object v) {
    if (v == null) {
      return "none";
    }
    if (v instanceof Double || v instanceof Float) {
      return decimal((Number) v).stripTrailingZeros().toPlainString();
    }
    return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
  }

  // ---------------------------------------------------------------- product

  private static void product(DataProduct before, DataProduct after, String file, List<ContractChange> changes) {
    SourceLocation top = new SourceLocation(file, 1);
    if (!Objects.equals(before.description(), after.description())) {
      changes.add(new ContractChange("product-changed", false, "description changed", top));
    }
    if (!Objects.equals(before.owner(), after.owner())) {
      changes.add(new ContractChange("product-changed", false, "owner changed from " + before.owner() + " to " + after.owner(), top));
    }
    if (!Objects.equals(before.freshness(), after.freshness())) {
      changes.add(new ContractChange("product-changed", false,
          "sla.freshness changed from " + before.freshness() + " to " + after.freshness(), top));
    }
  }
}
