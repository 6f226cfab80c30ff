package io.meshwork.core.read.internal;

import io.meshwork.core.model.AccessDeniedException;
import io.meshwork.core.model.AccessPolicy;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.SemVer;
import io.meshwork.core.publish.Publisher;
import io.meshwork.core.read.ReadPolicy;
import io.meshwork.core.read.Roles;
import io.meshwork.core.storage.TableProperties;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.core.storage.internal.ProductWrites;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.NamedExpression$;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.PlanExpression;
import org.apache.spark.sql.catalyst.plans.logical.DeltaDelete;
import org.apache.spark.sql.catalyst.plans.logical.DeltaMergeInto;
import org.apache.spark.sql.catalyst.plans.logical.DeltaUpdateTable;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.MergeIntoTable;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.V2WriteCommand;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.files.TahoeFileIndex;
import org.apache.spark.sql.delta.files.TahoeLogFileIndex;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.types.DataTypes;
import scala.Option;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction1;

/**
 * Applies each product's read policy ({@link ReadPolicy}) to every relation over a product table in
 * an analysed plan: however it was named (catalog name, {@code delta.`path`},
 * {@code spark.read.format("delta").load(path)}), wherever it sits (views, CTEs, joins,
 * subqueries), at whatever version ({@code VERSION AS OF}, {@code TIMESTAMP AS OF}: the stricter of
 * that version's stamped rules and today's). A table is a product when its snapshot carries
 * {@link Publisher#PRODUCT_PROPERTY}, wherever it lives.
 *
 * <p>The relation becomes {@code Project(masks) <- Filter(row filter) <- ReadMarker <- relation}:
 * masked columns keep their attribute ids (so the query above still refers to them, now masked),
 * the marker stops a second application, and carries what the audit of the executed query records.
 * A reader that may not read is refused with a {@link MeshException} (exit 4).
 *
 * <p>Who reads: the innermost {@link #as} scope of the thread (the read API's role; Meshwork's own
 * publish, gate, vacuum and doctor read as the system, unmasked and unaudited), else the session's
 * {@value Roles#ROLE_SETTING}, held by its user as {@code roles.conf} says, else no role (least
 * privilege).
 */
public final class ProductReads {
  /** Reads made through the read API (audited there, when they are made). */
  public static final String VIA_API = "api";
  /** Reads made through Spark SQL or DataFrames (audited when a query that reads runs). */
  public static final String VIA_SQL = "sql";

  /**
   * Who reads.
   *
   * @param role the role, or null for none
   * @param user the session's user
   * @param system Meshwork's own maintenance: no policy, no audit
   * @param via {@link #VIA_API} or {@link #VIA_SQL}
   */
  public record Reader(String role, String user, boolean system, String via) {}

  private static final ThreadLocal<Deque<Reader>> SCOPE = ThreadLocal.withInitial(ArrayDeque::new);

  private ProductReads() {}

  /** Runs {@code work} (whose Datasets are analysed on this thread) reading as {@code reader}. */
  public static <T> T as(Reader reader, Supplier<T> work) {
    Deque<Reader> scope = SCOPE.get();
    scope.push(reader);
    try {
      return work.get();
    } finally {
      scope.pop();
    }
  }

  /** Runs {@code work} reading as the system: Meshwork's gate, vacuum and doctor (unmasked, unaudited). */
  public static <T> T asSystem(Supplier<T> work) {
    return as(new Reader(null, "system", true, VIA_SQL), work);
  }

  /** Who reads on this thread now (see the class comment). */
  public static Reader current(SparkSession spark) {
    if (ProductWrites.isCertified()) {
      return new Reader(null, "system", true, VIA_SQL);
    }
    Reader scoped = SCOPE.get().peek();
    if (scoped != null) {
      return scoped;
    }
    String role = spark.conf().get(Roles.ROLE_SETTING, "");
    if (role == null || role.isBlank()) {
      return new Reader(null, Roles.user(spark), false, VIA_SQL);
    }
    role = role.strip();
    if (!AccessPolicy.ROLE.matcher(role).matches()) {
      throw new ContractException(Roles.ROLE_SETTING + " = '" + role + "' is not a role name");
    }
    Roles.requireHeld(spark, role);
    return new Reader(role, Roles.user(spark), false, VIA_SQL);
  }

  /** The analyser rule: every product relation of {@code plan} read under its policy, once. */
  public static LogicalPlan guard(SparkSession spark, LogicalPlan plan) {
    Rewrite r = new Rewrite();
    LogicalPlan guarded = rewrite(spark, plan, r);
    return r.masks.isEmpty() ? guarded : remap(guarded, r);
  }

  /** One application of the rule: who reads (asked once, when a product is met), and the masks made. */
  private static final class Rewrite {
    final Reader[] reader = new Reader[1];
    /** The masked columns: attribute id read -> the masked column's attribute (a new id). */
    final Map<ExprId, Attribute> masks = new HashMap<>();
    /** The mask projections made, whose subtrees keep the clear attributes. */
    final Set<LogicalPlan> ours = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  }

  /**
   * Points what the plan above each masked relation resolved already at the masked columns (as
   * Kyuubi's second masking stage does): a mask keeping the read attribute's id would be a no-op
   * projection to the optimizer.
   */
  private static LogicalPlan remap(LogicalPlan node, Rewrite r) {
    if (r.ours.contains(node)) {
      return node;
    }
    LogicalPlan withChildren = node.mapChildren(new AbstractFunction1<LogicalPlan, LogicalPlan>() {
      @Override
      public LogicalPlan apply(LogicalPlan child) {
        return remap(child, r);
      }
    });
    return (LogicalPlan) withChildren.mapExpressions(new AbstractFunction1<Expression, Expression>() {
      @Override
      public Expression apply(Expression e) {
        return remap(e, r);
      }
    });
  }

  private static Expression remap(Expression e, Rewrite r) {
    if (e instanceof AttributeReference a && a.resolved()) {
      Attribute masked = r.masks.get(a.exprId());
      return masked == null ? a : masked.withQualifier(a.qualifier());
    }
    return e.mapChildren(new AbstractFunction1<Expression, Expression>() {
      @Override
      public Expression apply(Expression child) {
        return remap(child, r);
      }
    });
  }

  private static LogicalPlan rewrite(SparkSession spark, LogicalPlan node, Rewrite reader) {
    if (node instanceof ReadMarker) {
      return node;
    }
    if (node instanceof LogicalRelation l && l.relation() instanceof HadoopFsRelation h && h.location() instanceof TahoeFileIndex index) {
      Map<String, String> stamped = JavaConverters.mapAsJavaMap(index.metadata().configuration());
      String product = stamped.get(TableProperties.PRODUCT);
      if (product == null && isTimeTravel(index)) {
        // A version older than the table's first stamp: the table is a product today, so it reads as one.
        product = JavaConverters.mapAsJavaMap(newest(index).metadata().configuration()).get(TableProperties.PRODUCT);
      }
      return product == null ? node : apply(spark, l, index, product, stamped, reader);
    }
    Object target = writeTarget(node);
    return node.mapChildren(new AbstractFunction1<LogicalPlan, LogicalPlan>() {
      @Override
      public LogicalPlan apply(LogicalPlan child) {
        return child == target ? unwrap(child) : rewrite(spark, child, reader);
      }
    });
  }

  /**
   * A write target without the read policy a Dataset read of it got (the target of
   * {@code DeltaTable.delete}, ...): the write guard judges the write, not the read.
   */
  private static LogicalPlan unwrap(LogicalPlan node) {
    if (node instanceof ReadMarker m) {
      return m.child();
    }
    if ((node instanceof Project || node instanceof Filter) && markedBelow(node.children().head())) {
      return unwrap(node.children().head());
    }
    return node.mapChildren(new AbstractFunction1<LogicalPlan, LogicalPlan>() {
      @Override
      public LogicalPlan apply(LogicalPlan child) {
        return unwrap(child);
      }
    });
  }

  private static boolean markedBelow(LogicalPlan node) {
    return node instanceof ReadMarker || (node instanceof Filter f && f.child() instanceof ReadMarker);
  }

  /** The table a write node writes (left alone: the write guard refuses or Meshwork's gate writes it), or null. */
  private static Object writeTarget(LogicalPlan node) {
    if (node instanceof DeltaDelete d) {
      return d.child();
    }
    if (node instanceof DeltaUpdateTable u) {
      return u.child();
    }
    if (node instanceof DeltaMergeInto m) {
      return m.target();
    }
    if (node instanceof MergeIntoTable m) {
      return m.targetTable();
    }
    if (node instanceof InsertIntoStatement i) {
      return i.table();
    }
    if (node instanceof V2WriteCommand w) {
      return w.table();
    }
    String name = node.getClass().getSimpleName();
    if (name.equals("DeleteFromTable") || name.equals("UpdateTable")) {
      return node.children().head();
    }
    return null;
  }

  private static LogicalPlan apply(
      SparkSession spark, LogicalRelation relation, TahoeFileIndex index, String product, Map<String, String> stamped, Rewrite rewrite) {
    Reader[] reader = rewrite.reader;
    if (reader[0] == null) {
      reader[0] = current(spark);
    }
    Reader who = reader[0];
    if (who.system()) {
      return relation; // Meshwork's own reads: unmasked, unaudited, and no marker, so its write commands keep their shape
    }
    Map<String, String> today = isTimeTravel(index) ? JavaConverters.mapAsJavaMap(newest(index).metadata().configuration()) : stamped;
    ReadPolicy.Decision decision = ReadPolicy.decide(product, stamped, today, who.role(), who.user());
    List<String> columns = new ArrayList<>();
    for (Attribute a : JavaConverters.seqAsJavaList(relation.output())) {
      columns.add(a.name());
    }
    String warehouse = warehouseOf(index.path(), product, stamped).orElse(null);
    if (!decision.allowed()) {
      if (VIA_SQL.equals(who.via()) && warehouse != null) {
        SqlReadAudit.refused(spark, warehouse, product, who);
      }
      throw new AccessDeniedException(decision.refusal());
    }
    List<String> masked = new ArrayList<>();
    List<NamedExpression> projection = new ArrayList<>();
    byte[] key = null;
    for (Attribute a : JavaConverters.seqAsJavaList(relation.output())) {
      if (!contains(decision.masked(), a.name())) {
        projection.add(a);
        continue;
      }
      masked.add(a.name());
      Expression mask;
      if (decision.masking() == AccessPolicy.Masking.NULL) {
        mask = Literal.create(null, a.dataType());
      } else {
        if (key == null) {
          key = MaskingKeys.key(spark);
        }
        mask = HmacMask.of(new Column(a).cast(DataTypes.StringType).expr(), key);
      }
      Alias alias = new Alias(mask, a.name(), NamedExpression$.MODULE$.newExprId(), a.qualifier(), Option.apply(a.metadata()),
          JavaConverters.asScalaBuffer(List.<String>of()).toList());
      projection.add(alias);
      rewrite.masks.put(a.exprId(), alias.toAttribute());
    }
    ReadMarker.Read read = new ReadMarker.Read(
        product, index.version(), stamped.get(TableProperties.CONTRACT_VERSION), who.role(), who.user(), who.via(), columns, masked,
        decision.rowFilter(), warehouse);
    LogicalPlan plan = new ReadMarker(relation, read);
    if (decision.rowFilter() != null) {
      plan = new Filter(predicate(spark, product, decision.rowFilter()), plan);
    }
    if (!masked.isEmpty()) {
      plan = new Project(JavaConverters.asScalaBuffer(projection).toList(), plan);
      rewrite.ours.add(plan);
    }
    return plan;
  }

  /** Whether the relation reads a version other than the newest at analysis. */
  private static boolean isTimeTravel(TahoeFileIndex index) {
    return !(index instanceof TahoeLogFileIndex log) || log.isTimeTravelQuery();
  }

  private static Snapshot newest(TahoeFileIndex index) {
    return index.deltaLog().update(false, Option.empty(), Option.empty());
  }

  private static Expression predicate(SparkSession spark, String product, String filter) {
    try {
      return spark.sessionState().sqlParser().parseExpression(filter);
    } catch (org.apache.spark.sql.catalyst.parser.ParseException e) {
      // Checked when the contract loaded; a stamp that does not parse lets no one read.
      throw new AccessDeniedException("Read of " + product + " refused: its row filter '" + filter + "' does not parse");
    }
  }

  private static boolean contains(List<String> names, String name) {
    for (String n : names) {
      if (n.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The warehouse a product table belongs to: the ancestor whose layout puts this product's table
   * (of its stamped contract major) here, asked of {@link Warehouse#table(ProductId, int)} so it
   * follows the warehouse layout; empty when none does (a table copied elsewhere).
   */
  static Optional<String> warehouseOf(Path table, String product, Map<String, String> properties) {
    ProductId id;
    try {
      id = ProductId.parse(product);
    } catch (RuntimeException notAnId) {
      return Optional.empty();
    }
    int major = SemVer.parse(String.valueOf(properties.get(TableProperties.CONTRACT_VERSION))).map(SemVer::major).orElse(1);
    String location = strip(table.toString());
    Path candidate = table.getParent();
    for (int up = 0; up < 5 && candidate != null; up++, candidate = candidate.getParent()) {
      Warehouse w = Warehouse.at(candidate);
      for (int m : new int[] {major, Math.max(1, major)}) {
        if (strip(w.table(id, m).toString()).equals(location)) {
          return Optional.of(candidate.toString());
        }
      }
    }
    return Optional.empty();
  }

  private static String strip(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** The optimizer rule: the markers removed once analysis is over (nothing of them runs). */
  public static LogicalPlan unmark(LogicalPlan plan) {
    if (plan instanceof ReadMarker m) {
      return unmark(m.child());
    }
    return plan.mapChildren(new AbstractFunction1<LogicalPlan, LogicalPlan>() {
      @Override
      public LogicalPlan apply(LogicalPlan child) {
        return unmark(child);
      }
    });
  }

  /** Every product read an analysed plan makes (its markers, subqueries included), in plan order. */
  public static List<ReadMarker.Read> reads(LogicalPlan plan) {
    List<ReadMarker.Read> found = new ArrayList<>();
    collect(plan, found);
    return found;
  }

  private static void collect(LogicalPlan node, List<ReadMarker.Read> found) {
    if (node instanceof ReadMarker m) {
      found.add(m.read());
    }
    for (Expression e : JavaConverters.seqAsJavaList(node.expressions())) {
      collectSubqueries(e, found);
    }
    for (LogicalPlan child : JavaConverters.seqAsJavaList(node.children())) {
      collect(child, found);
    }
  }

  private static void collectSubqueries(Expression e, List<ReadMarker.Read> found) {
    if (e instanceof PlanExpression<?> p && p.plan() instanceof LogicalPlan sub) {
      collect(sub, found);
    }
    for (Expression child : JavaConverters.seqAsJavaList(e.children())) {
      collectSubqueries(child, found);
    }
  }

  /** The distinct reads of a plan, one per product and version, for the audit. */
  static List<ReadMarker.Read> distinct(List<ReadMarker.Read> reads) {
    Map<String, ReadMarker.Read> unique = new LinkedHashMap<>();
    for (ReadMarker.Read r : reads) {
      unique.putIfAbsent(r.product() + "@" + r.version(), r);
    }
    return new ArrayList<>(unique.values());
  }
}
