package io.meshwork.core.contract;

import io.meshwork.core.contract.ContractChange.Impact;
import io.meshwork.core.model.AccessPolicy;
import io.meshwork.core.model.Check;
import io.meshwork.core.model.ColumnSpec;
import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Problem;
import io.meshwork.core.model.SourceLocation;
import java.math.BigDecimal;
import java.time.Duration;
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
 * Compares two versions of a product's contract and classifies every change as its readers see
 * it (as dbt's model contracts do): a weaker or removed guarantee breaks them, a stronger one does
 * not.
 *
 * <pre>{@code
 * ContractDiff.requireCompatible(liveContract, nextContract);   // exit 2 unless no consumer breaks
 * }</pre>
 *
 * <p><b>Consumer-breaking</b> (needs a major version bump): a column removed or renamed (a removed
 * and an added column of the same type at the same position), a type changed other than widened,
 * required to nullable, the primary key changed, a guarantee loosened or removed (an error-level
 * constraint removed or lowered to warning, a range widened, allowed values added, a parameter
 * such as a regex changed, a completeness fraction lowered), a column newly classified {@code
 * pii}, a reader role removed, a longer {@code sla.freshness}. <b>Tightening</b> (no bump; the
 * data already published must meet it): a new error-level constraint, warning raised to error,
 * nullable to required, a narrower range, fewer allowed values, a higher completeness fraction.
 * Only error-level constraints are guarantees. Everything else is <b>compatible</b>: a column
 * added, a type widened ({@code int -> bigint}, {@code float -> double}, {@code decimal(10,2) ->
 * decimal(12,2)}), descriptions, other classifications, owner, warning-level constraints.
 */
public final class ContractDiff {
  private static final List<String> INTEGRAL = List.of("tinyint", "smallint", "int", "bigint");
  private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),(\\d+)\\)");
  private static final Impact BREAKING = Impact.CONSUMER_BREAKING;
  private static final Impact TIGHTENING = Impact.TIGHTENING;
  private static final Impact COMPATIBLE = Impact.COMPATIBLE;

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
   * Refuses consumer-breaking changes within one major version.
   *
   * @throws ContractException (exit 2) listing every consumer-breaking change as {@code
   *     <file>:<line>: <product>: consumer-breaking change without a major version bump (1.2.0 ->
   *     1.3.0): <change>} when {@code next} has the major version of {@code live} and breaks it
   */
  public static void requireCompatible(DataProduct live, DataProduct next) {
    List<Problem> problems = problems(live, next, compare(live, next));
    if (!problems.isEmpty()) {
      throw new ContractException(problems);
    }
  }

  /** The refusal lines of {@link #requireCompatible} for {@code changes}; empty when a major bump allows them or none breaks. */
  public static List<Problem> problems(DataProduct live, DataProduct next, List<ContractChange> changes) {
    List<Problem> problems = new ArrayList<>();
    if (next.version().major() != live.version().major()) {
      return problems;
    }
    for (ContractChange c : changes) {
      if (c.breaking()) {
        problems.add(Problem.at(c.location(), next.id() + ": consumer-breaking change without a major version bump ("
            + live.version() + " -> " + next.version() + "): " + c.description()).about(next.id()));
      }
    }
    return problems;
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
        changes.add(new ContractChange("column-renamed", BREAKING, "column '" + o.name() + "' renamed to '" + n.name() + "'", n.location(),
            List.of(o.name()), null));
        compareColumn(o, n, changes);
      }
    }
    for (int i = 0; i < old.size(); i++) {
      ColumnSpec o = old.get(i);
      if (removed.contains(o.name())) {
        ColumnSpec near = now.get(Math.min(i, now.size() - 1));
        changes.add(new ContractChange("column-removed", BREAKING, "column '" + o.name() + "' removed",
            new SourceLocation(file, near.location().line()), List.of(o.name()), null));
      } else if (!renamed.containsKey(o.name())) {
        compareColumn(o, after.column(o.name()).orElseThrow(), changes);
      }
    }
    for (ColumnSpec n : now) {
      if (added.contains(n.name())) {
        changes.add(n.nullable()
            ? new ContractChange("column-added", COMPATIBLE, "column '" + n.name() + "' added (nullable)", n.location())
            : new ContractChange("column-added", COMPATIBLE, "column '" + n.name() + "' added as required", n.location()));
      }
    }
    return renamed;
  }

  private static void compareColumn(ColumnSpec o, ColumnSpec n, List<ContractChange> changes) {
    String name = "column '" + n.name() + "'";
    List<String> cols = List.of(o.name());
    String from = canonical(o.type());
    String to = canonical(n.type());
    if (!from.equals(to)) {
      boolean widened = widens(from, to);
      changes.add(new ContractChange(widened ? "type-widened" : "type-changed", widened ? COMPATIBLE : BREAKING,
          name + " type " + (widened ? "widened" : "changed") + " from " + o.type() + " to " + n.type(), n.location(), cols, null));
    }
    if (o.nullable() && !n.nullable()) {
      ConstraintSpec rule = new ConstraintSpec(Check.COMPLETE.keyword(), List.of(n.name()), Map.of(), ConstraintSpec.ERROR, null, n.location());
      changes.add(new ContractChange("nullable-to-required", TIGHTENING, name + " changed from nullable to required", n.location(), cols, rule));
    } else if (!o.nullable() && n.nullable()) {
      changes.add(new ContractChange("required-to-nullable", BREAKING, name + " changed from required to nullable", n.location(), cols, null));
    }
    if (!Objects.equals(o.description(), n.description())) {
      changes.add(new ContractChange("description-changed", COMPATIBLE, name + " description changed", n.location(), cols, null));
    }
    if (!Objects.equals(o.classification(), n.classification())) {
      boolean pii = "pii".equals(n.classification());
      changes.add(new ContractChange("classification-changed", pii ? BREAKING : COMPATIBLE,
          pii
              ? name + " newly classified pii (was " + o.classification() + "): readers without pii access now see it masked"
              : name + " classification changed from " + o.classification() + " to " + n.classification(),
          n.location(), cols, null));
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
      changes.add(new ContractChange("primary-key-changed", BREAKING,
          "primary key changed from " + before.primaryKey() + " to " + after.primaryKey(), where, before.primaryKey(), null));
    }
  }

  private static void constraints(DataProduct before, DataProduct after, Map<String, String> renamed, String file,
      List<ContractChange> changes) {
    Map<String, List<ConstraintSpec>> old = new LinkedHashMap<>();
    for (ConstraintSpec c : before.constraints()) {
      List<String> cols = c.columns().stream().map(x -> renamed.getOrDefault(x, x)).toList();
      old.computeIfAbsent(key(c, cols), k -> new ArrayList<>()).add(c);
    }
    for (ConstraintSpec n : after.constraints()) {
      List<ConstraintSpec> matches = old.get(key(n, n.columns()));
      if (matches != null && !matches.isEmpty()) {
        compareConstraint(matches.remove(0), n, oldColumns(n.columns(), renamed), changes);
        continue;
      }
      List<String> cols = oldColumns(n.columns(), renamed).stream().filter(c -> before.column(c).isPresent()).toList();
      if (n.blocking()) {
        changes.add(new ContractChange("constraint-added", TIGHTENING, "new error-level constraint " + n.label(), n.location(), cols, n));
      } else {
        changes.add(new ContractChange("constraint-added", COMPATIBLE, "new warning-level constraint " + n.label(), n.location(), cols, null));
      }
    }
    for (List<ConstraintSpec> left : old.values()) {
      for (ConstraintSpec o : left) {
        SourceLocation where = new SourceLocation(file, o.location().line());
        changes.add(o.blocking()
            ? new ContractChange("constraint-removed", BREAKING, "error-level constraint " + o.label() + " removed", where, o.columns(), null)
            : new ContractChange("constraint-removed", COMPATIBLE, "warning-level constraint " + o.label() + " removed", where, o.columns(), null));
      }
    }
  }

  /** The names {@code columns} of the newer contract had in the older one. */
  private static List<String> oldColumns(List<String> columns, Map<String, String> renamed) {
    Map<String, String> back = new HashMap<>();
    renamed.forEach((o, n) -> back.put(n, o));
    return columns.stream().map(c -> back.getOrDefault(c, c)).toList();
  }

  /** What pairs a constraint of the older contract with one of the newer: its check, columns and, where it says what is checked, its name. */
  private static String key(ConstraintSpec c, List<String> columns) {
    boolean named = c.kind().map(ContractDiff::identifiedByName).orElse(false);
    return c.check() + "(" + String.join(",", columns) + ")" + (named ? "#" + c.name() : "");
  }

  /**
   * Whether two constraints of this check on the same columns are told apart by their name: a
   * table may hold several compliance predicates, each its own rule.
   */
  private static boolean identifiedByName(Check check) {
    return switch (check) {
      case COMPLIANCE -> true;
      case COMPLETE, UNIQUE, ROW_COUNT, RANGE, ALLOWED_VALUES, PATTERN, NON_NEGATIVE, MAX_LENGTH, MEAN, STDDEV, SUM,
          DISTINCT_COUNT, REFERENCES, FRESHNESS, ANOMALY -> false;
    };
  }

  /**
   * The lower bound a check has when {@code min}/{@code min-fraction} is not written, as the diff
   * compares it (null: no bound).
   */
  private static Integer implicitLowerBound(Check check) {
    return switch (check) {
      case COMPLETE -> 1;
      case UNIQUE, ROW_COUNT, RANGE, ALLOWED_VALUES, PATTERN, NON_NEGATIVE, MAX_LENGTH, COMPLIANCE, MEAN, STDDEV, SUM,
          DISTINCT_COUNT, REFERENCES, FRESHNESS, ANOMALY -> null;
    };
  }

  private static void compareConstraint(ConstraintSpec o, ConstraintSpec n, List<String> cols, List<ContractChange> changes) {
    String label = "constraint " + n.label();
    if (o.blocking() && !n.blocking()) {
      changes.add(new ContractChange("constraint-loosened", BREAKING, label + " loosened: level lowered from error to warning", n.location(), cols, null));
      return;
    }
    List<String> tighter = new ArrayList<>();
    List<String> looser = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    Set<String> keys = new HashSet<>(o.params().keySet());
    keys.addAll(n.params().keySet());
    for (String k : keys.stream().sorted().toList()) {
      Object a = o.params().get(k);
      Object b = n.params().get(k);
      if (Objects.equals(a, b) || (a instanceof Number x && b instanceof Number y && decimal(x).compareTo(decimal(y)) == 0)) {
        continue;
      }
      switch (k) {
        case "min", "min-fraction" -> bound(k, a, b, true, o.kind().map(ContractDiff::implicitLowerBound).orElse(null), tighter, looser, changed);
        case "max" -> bound(k, a, b, false, null, tighter, looser, changed);
        case "values" -> values(a, b, tighter, looser, changed);
        default -> changed.add(k + " changed from " + text(a) + " to " + text(b));
      }
    }
    if (!o.blocking() && n.blocking()) {
      // No guarantee before: every rule of the constraint is new.
      changes.add(new ContractChange("constraint-tightened", TIGHTENING, label + " tightened: level raised from warning to error", n.location(), cols, n));
      return;
    }
    if (!o.blocking()) {
      List<String> all = new ArrayList<>(tighter);
      all.addAll(looser);
      all.addAll(changed);
      if (!all.isEmpty()) {
        changes.add(new ContractChange("constraint-changed", COMPATIBLE, "warning-level " + label + " changed: " + String.join(", ", all), n.location(), cols, null));
      }
      return;
    }
    if (!looser.isEmpty()) {
      changes.add(new ContractChange("constraint-loosened", BREAKING, label + " loosened: " + String.join(", ", looser), n.location(), cols, null));
    }
    if (!changed.isEmpty()) {
      changes.add(new ContractChange("constraint-changed", BREAKING, label + " changed: " + String.join(", ", changed), n.location(), cols, null));
    }
    if (!tighter.isEmpty()) {
      changes.add(new ContractChange("constraint-tightened", TIGHTENING, label + " tightened: " + String.join(", ", tighter), n.location(), cols, n));
    }
  }

  /** A lower ({@code lower}) or upper bound; {@code absent} is what a missing bound means (null: no bound). */
  private static void bound(String key, Object a, Object b, boolean lower, Number absent, List<String> tighter, List<String> looser,
      List<String> changed) {
    Number x = a instanceof Number n ? n : absent;
    Number y = b instanceof Number n ? n : absent;
    if (x == null && y == null) {
      changed.add(key + " changed from " + text(a) + " to " + text(b));
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

  private static void values(Object a, Object b, List<String> tighter, List<String> looser, List<String> changed) {
    if (!(a instanceof List<?> x) || !(b instanceof List<?> y)) {
      changed.add("values changed from " + text(a) + " to " + text(b));
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
      changes.add(new ContractChange("product-changed", COMPATIBLE, "description changed", top));
    }
    if (!Objects.equals(before.owner(), after.owner())) {
      changes.add(new ContractChange("product-changed", COMPATIBLE, "owner changed from " + before.owner() + " to " + after.owner(), top));
    }
    Duration was = before.freshness();
    Duration now = after.freshness();
    if (!Objects.equals(was, now)) {
      SourceLocation where = after.locations().getOrDefault("product.sla.freshness", after.locations().getOrDefault("product.sla", top));
      boolean longer = was != null && (now == null || now.compareTo(was) > 0);
      changes.add(new ContractChange("sla-changed", longer ? BREAKING : COMPATIBLE,
          now == null ? "sla.freshness removed (was " + duration(was) + ")"
              : was == null ? "sla.freshness added (" + duration(now) + ")"
              : "sla.freshness " + (longer ? "lengthened" : "shortened") + " from " + duration(was) + " to " + duration(now),
          where.line() > 0 ? where : top));
    }
    List<String> readers = readers(before);
    List<String> next = readers(after);
    if (!next.contains(AccessPolicy.ANY_ROLE)) {
      SourceLocation where = after.access() != null && after.access().location().line() > 0 ? after.access().location() : top;
      if (readers.contains(AccessPolicy.ANY_ROLE)) {
        changes.add(new ContractChange("readers-changed", BREAKING, "reader roles narrowed from every role to " + next, where));
      } else {
        for (String role : readers) {
          if (!next.contains(role)) {
            changes.add(new ContractChange("readers-changed", BREAKING, "reader role '" + role + "' removed", where));
          }
        }
      }
    }
  }

  /** The roles that may read: those of the {@code access} block, or every role without one. */
  private static List<String> readers(DataProduct p) {
    return p.access() == null ? List.of(AccessPolicy.ANY_ROLE) : p.access().readers();
  }

  /** As a contract may write it: {@code 24h}, {@code 30m}, {@code 45s}. */
  private static String duration(Duration d) {
    long s = d.getSeconds();
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    return s % 60 == 0 ? s / 60 + "m" : s + "s";
  }
}
