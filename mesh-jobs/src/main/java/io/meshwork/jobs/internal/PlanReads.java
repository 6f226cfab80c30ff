package io.meshwork.jobs.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.catalyst.catalog.HiveTableRelation;
import org.apache.spark.sql.catalyst.expressions.CallMethodViaReflection;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.OneRowRelation;
import org.apache.spark.sql.catalyst.plans.logical.Range;
import org.apache.spark.sql.delta.files.TahoeFileIndex;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import scala.collection.JavaConverters;

/**
 * What an analyzed plan reads: every leaf relation (subqueries included), named by what it reads
 * (a file location and format, a Delta table's location, a catalog table), and the calls that
 * reach outside Spark ({@code reflect}, {@code java_method}). A product's rows may read only the
 * relations of the Datasets handed out for its declared sources and input products.
 */
public final class PlanReads {
  private PlanReads() {}

  /** What {@code plan} reads that none of {@code declared} reads, in plan order. */
  public static List<String> undeclared(LogicalPlan plan, Collection<LogicalPlan> declared) {
    Set<String> allowed = new LinkedHashSet<>();
    for (LogicalPlan d : declared) {
      allowed.addAll(reads(d));
    }
    return reads(plan).stream().filter(r -> !allowed.contains(r)).toList();
  }

  /** The SQL names of the calls in {@code plan} that run Java methods (reflect, java_method). */
  public static List<String> reflection(LogicalPlan plan) {
    Set<String> calls = new LinkedHashSet<>();
    walk(plan, new ArrayList<>(), calls);
    return List.copyOf(calls);
  }

  static Set<String> reads(LogicalPlan plan) {
    List<String> found = new ArrayList<>();
    walk(plan, found, new LinkedHashSet<>());
    return new LinkedHashSet<>(found);
  }

  private static void walk(LogicalPlan node, List<String> reads, Set<String> calls) {
    List<LogicalPlan> children = JavaConverters.seqAsJavaList(node.children());
    if (children.isEmpty()) {
      String read = readOf(node);
      if (read != null) {
        reads.add(read);
      }
    }
    for (Expression e : JavaConverters.seqAsJavaList(node.expressions())) {
      walk(e, reads, calls);
    }
    for (LogicalPlan child : children) {
      walk(child, reads, calls);
    }
  }

  private static void walk(Expression e, List<String> reads, Set<String> calls) {
    if (e instanceof CallMethodViaReflection call) {
      calls.add(call.prettyName() + "(" + call.children().head().sql() + ", ...)");
    }
    if (e instanceof SubqueryExpression sub) {
      walk(sub.plan(), reads, calls);
    }
    for (Expression child : JavaConverters.seqAsJavaList(e.children())) {
      walk(child, reads, calls);
    }
  }

  /** What a leaf reads, in words; null for rows held in the plan itself (VALUES, range, a local Dataset). */
  private static String readOf(LogicalPlan leaf) {
    if (leaf instanceof LocalRelation || leaf instanceof OneRowRelation || leaf instanceof Range || leaf instanceof LogicalRDD) {
      return null;
    }
    if (leaf instanceof LogicalRelation l) {
      if (l.relation() instanceof HadoopFsRelation h) {
        if (h.location() instanceof TahoeFileIndex delta) {
          return "the Delta table " + delta.path();
        }
        String paths = JavaConverters.seqAsJavaList(h.location().rootPaths()).stream().map(Object::toString).collect(Collectors.joining(", "));
        return paths + " (" + h.fileFormat().toString().toLowerCase(java.util.Locale.ROOT) + ")";
      }
      if (l.catalogTable().isDefined()) {
        return "the table " + l.catalogTable().get().identifier().unquotedString();
      }
      return l.relation().toString();
    }
    if (leaf instanceof DataSourceV2Relation r) {
      return "the table " + r.table().name();
    }
    if (leaf instanceof HiveTableRelation h) {
      return "the table " + h.tableMeta().identifier().unquotedString();
    }
    return leaf.simpleString(5);
  }
}
