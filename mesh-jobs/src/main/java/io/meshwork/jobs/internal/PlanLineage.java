package io.meshwork.jobs.internal;

import io.meshwork.core.model.InputVersion;
import io.meshwork.core.spi.ColumnLineage;
import io.meshwork.core.spi.ColumnSource.Use;
import io.meshwork.core.spi.ColumnSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.CaseWhen;
import org.apache.spark.sql.catalyst.expressions.Crc32;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.HiveHash;
import org.apache.spark.sql.catalyst.expressions.If;
import org.apache.spark.sql.catalyst.expressions.Md5;
import org.apache.spark.sql.catalyst.expressions.Murmur3Hash;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.OuterReference;
import org.apache.spark.sql.catalyst.expressions.Sha1;
import org.apache.spark.sql.catalyst.expressions.Sha2;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.expressions.WindowExpression;
import org.apache.spark.sql.catalyst.expressions.XxHash64;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.CTERelationDef;
import org.apache.spark.sql.catalyst.plans.logical.CTERelationRef;
import org.apache.spark.sql.catalyst.plans.logical.Except;
import org.apache.spark.sql.catalyst.plans.logical.Expand;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.Generate;
import org.apache.spark.sql.catalyst.plans.logical.Intersect;
import org.apache.spark.sql.catalyst.plans.logical.Join;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.OneRowRelation;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.Range;
import org.apache.spark.sql.catalyst.plans.logical.Sort;
import org.apache.spark.sql.catalyst.plans.logical.Union;
import org.apache.spark.sql.catalyst.plans.logical.View;
import org.apache.spark.sql.catalyst.plans.logical.Window;
import org.apache.spark.sql.catalyst.plans.logical.WithCTE;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Column-level lineage read from a job's analyzed Spark plan.
 *
 * <p>The inputs are the plan's subtrees that Meshwork handed to the job: a temporary view that the
 * runner registered for a source or input product (a SQL job: {@code View} nodes named after them),
 * or the very plan of a {@code Dataset} the job context returned (a Java job). Every column of such
 * a subtree is that input's column of the same name. From there the plan is walked bottom-up,
 * following attribute ids: an alias's value derives from the attributes it references, composed
 * with how it uses them (the attribute itself: IDENTITY; an expression of it: TRANSFORMATION; under
 * an aggregate function: AGGREGATION; a hash of it: masking; the condition of a CASE/IF:
 * CONDITIONAL). Join and filter conditions, grouping, sort and window keys are dependencies of the
 * whole output.
 *
 * <p>The lineage is all or nothing: when any column the output depends on comes from data that
 * was not handed out by Meshwork (a file or table read directly, a typed {@code map} whose
 * objects cannot be followed), there is no lineage rather than a partial one that looks complete.
 * A handed-out Dataset used twice (a self-join, whose second copy Spark gives new attribute ids) is
 * recognised by {@code sameResult}.
 */
public final class PlanLineage {
  private final Map<String, InputVersion> views;
  private final Map<InputVersion, LogicalPlan> handedOut;
  private final Map<ExprId, Set<ColumnSource>> table = new HashMap<>();
  private final Map<Long, CTERelationDef> ctes = new HashMap<>();
  private final Set<ColumnSource> dataset = new LinkedHashSet<>();
  private boolean unknown;

  private PlanLineage(Map<String, InputVersion> views, Map<InputVersion, LogicalPlan> handedOut) {
    this.views = new HashMap<>();
    views.forEach((name, input) -> this.views.put(name.toLowerCase(Locale.ROOT), input));
    this.handedOut = handedOut;
  }

  /**
   * The lineage of {@code analyzed}'s output columns named in {@code published} (all of them when
   * null), or empty when the plan does not give it completely.
   *
   * @param views temporary view name to the input it was registered for
   * @param handedOut each input to the analyzed plan of the Dataset handed to the job
   */
  public static Optional<ColumnLineage> of(
      LogicalPlan analyzed, Map<String, InputVersion> views, Map<InputVersion, LogicalPlan> handedOut, Collection<String> published) {
    PlanLineage walk = new PlanLineage(views, handedOut);
    walk.visit(analyzed);
    Map<String, List<ColumnSource>> fields = new LinkedHashMap<>();
    for (Attribute out : list(analyzed.output())) {
      if (published == null || published.contains(out.name())) {
        fields.put(out.name(), new ArrayList<>(walk.sources(out)));
      }
    }
    if (walk.unknown) {
      return Optional.empty();
    }
    return Optional.of(new ColumnLineage(fields, new ArrayList<>(walk.dataset)));
  }

  private void visit(LogicalPlan plan) {
    if (input(plan)) {
      return;
    }
    if (plan instanceof WithCTE with) {
      for (CTERelationDef def : list(with.cteDefs())) {
        visit(def.child());
        ctes.put(def.id(), def);
      }
      visit(with.plan());
      return;
    }
    if (plan instanceof CTERelationRef ref) {
      CTERelationDef def = ctes.get(ref.cteId());
      List<Attribute> out = list(ref.output());
      if (def == null || list(def.output()).size() != out.size()) {
        out.forEach(a -> table.put(a.exprId(), Set.of()));
        unknown = true;
        return;
      }
      List<Attribute> defined = list(def.output());
      for (int i = 0; i < out.size(); i++) {
        table.put(out.get(i).exprId(), sources(defined.get(i)));
      }
      return;
    }
    for (LogicalPlan child : list(plan.children())) {
      visit(child);
    }
    if (plan.children().isEmpty()) {
      // A leaf that is no input: constants have no sources; anything else read data we cannot name.
      boolean constant = plan instanceof LocalRelation || plan instanceof OneRowRelation || plan instanceof Range;
      if (!constant) {
        unknown = true;
      }
      list(plan.output()).forEach(a -> table.put(a.exprId(), Set.of()));
      return;
    }
    if (plan instanceof Project p) {
      named(p.projectList());
    } else if (plan instanceof Aggregate a) {
      indirect(a.groupingExpressions(), Use.GROUP_BY);
      named(a.aggregateExpressions());
    } else if (plan instanceof Window w) {
      named(w.windowExpressions());
      indirect(w.partitionSpec(), Use.WINDOW);
      indirect(w.orderSpec(), Use.WINDOW);
    } else if (plan instanceof Filter f) {
      indirect(List.of(f.condition()), Use.FILTER);
    } else if (plan instanceof Join j) {
      if (j.condition().isDefined()) {
        indirect(List.of(j.condition().get()), Use.JOIN);
      }
    } else if (plan instanceof Sort s) {
      indirect(s.order(), Use.SORT);
    } else if (plan instanceof Union u) {
      List<Attribute> out = list(u.output());
      for (int i = 0; i < out.size(); i++) {
        Set<ColumnSource> all = new LinkedHashSet<>();
        for (LogicalPlan child : list(u.children())) {
          all.addAll(sources(list(child.output()).get(i)));
        }
        table.put(out.get(i).exprId(), all);
      }
    } else if (plan instanceof Intersect i) {
      indirect(i.right().output(), Use.FILTER);
    } else if (plan instanceof Except e) {
      indirect(e.right().output(), Use.FILTER);
    } else if (plan instanceof Generate g) {
      Set<ColumnSource> generated = collect((Expression) g.generator(), Use.IDENTITY, false);
      list(g.generatorOutput()).forEach(a -> table.put(a.exprId(), generated));
    } else if (plan instanceof Expand e) {
      List<Attribute> out = list(e.output());
      for (int i = 0; i < out.size(); i++) {
        Set<ColumnSource> all = new LinkedHashSet<>();
        for (Seq<Expression> projection : list(e.projections())) {
          all.addAll(collect(list(projection).get(i), Use.IDENTITY, false));
        }
        table.put(out.get(i).exprId(), all);
      }
    } else {
      // Other operators (limits, repartitions, distinct, ...) pass attributes through; any alias
      // they define is followed. An attribute they create otherwise (the object of a typed map)
      // cannot be followed.
      for (Expression e : list(plan.expressions())) {
        if (e instanceof Alias alias) {
          table.put(alias.exprId(), collect(alias.child(), Use.IDENTITY, false));
        }
      }
      for (Attribute a : list(plan.output())) {
        if (!table.containsKey(a.exprId())) {
          unknown = true;
          table.put(a.exprId(), Set.of());
        }
      }
    }
  }

  /** Whether {@code plan} is an input Meshwork handed out; if so its columns are that input's. */
  private boolean input(LogicalPlan plan) {
    InputVersion input = null;
    if (plan instanceof View view && view.isTempView()) {
      input = views.get(view.desc().identifier().table().toLowerCase(Locale.ROOT));
    }
    if (input == null) {
      for (Map.Entry<InputVersion, LogicalPlan> e : handedOut.entrySet()) {
        LogicalPlan given = e.getValue();
        // The Dataset itself, or a copy whose attribute ids Spark renewed (the second side of a self-join).
        if (sameIds(plan.output(), given.output()) ? plan.fastEquals(given) : sameNames(plan.output(), given.output()) && plan.sameResult(given)) {
          input = e.getKey();
          break;
        }
      }
    }
    if (input == null) {
      return false;
    }
    for (Attribute a : list(plan.output())) {
      table.put(a.exprId(), Set.of(new ColumnSource(input, a.name(), Use.IDENTITY, false)));
    }
    return true;
  }

  private static boolean sameIds(Seq<Attribute> a, Seq<Attribute> b) {
    List<Attribute> x = list(a);
    List<Attribute> y = list(b);
    if (x.size() != y.size()) {
      return false;
    }
    for (int i = 0; i < x.size(); i++) {
      if (!x.get(i).exprId().equals(y.get(i).exprId())) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameNames(Seq<Attribute> a, Seq<Attribute> b) {
    return list(a).stream().map(Attribute::name).toList().equals(list(b).stream().map(Attribute::name).toList());
  }

  private void named(Seq<? extends NamedExpression> expressions) {
    for (NamedExpression e : list(expressions)) {
      if (e instanceof Alias alias) {
        table.put(alias.exprId(), collect(alias.child(), Use.IDENTITY, false));
      } else {
        collect((Expression) e, Use.IDENTITY, false); // an attribute passing through: checked known
      }
    }
  }

  private void indirect(Seq<? extends Expression> expressions, Use use) {
    indirect(list(expressions), use);
  }

  private void indirect(List<? extends Expression> expressions, Use use) {
    for (Expression e : expressions) {
      for (ColumnSource s : collect(e, Use.IDENTITY, false)) {
        dataset.add(new ColumnSource(s.input(), s.field(), use, false));
      }
    }
  }

  /** The input columns an attribute derives from; marks the lineage unknown for an attribute never seen. */
  private Set<ColumnSource> sources(Attribute attribute) {
    Set<ColumnSource> found = table.get(attribute.exprId());
    if (found == null) {
      unknown = true;
      return Set.of();
    }
    return found;
  }

  /** The input columns {@code e} uses, each composed with how ({@code use}, {@code masking}) it is used there. */
  private Set<ColumnSource> collect(Expression e, Use use, boolean masking) {
    Set<ColumnSource> out = new LinkedHashSet<>();
    collect(e, use, masking, out);
    return out;
  }

  private void collect(Expression e, Use use, boolean masking, Set<ColumnSource> out) {
    if (e instanceof Attribute a) {
      for (ColumnSource s : sources(a)) {
        out.add(compose(s, use, masking));
      }
      return;
    }
    if (e instanceof BoundReference) {
      unknown = true; // an input by position (a typed Dataset's serializer): not followed
      return;
    }
    if (e instanceof OuterReference outer) {
      collect((Expression) outer.e(), use, masking, out);
      return;
    }
    if (e instanceof Alias alias) {
      collect(alias.child(), use, masking, out);
      return;
    }
    Use inner = use == Use.IDENTITY ? Use.TRANSFORMATION : use;
    if (e instanceof AggregateExpression) {
      inner = use.direct() ? Use.AGGREGATION : use;
    }
    boolean masks = masking || e instanceof Sha1 || e instanceof Sha2 || e instanceof Md5 || e instanceof Crc32
        || e instanceof Murmur3Hash || e instanceof XxHash64 || e instanceof HiveHash;
    if (e instanceof SubqueryExpression subquery) {
      visit(subquery.plan());
      for (Attribute a : list(subquery.plan().output())) {
        collect(a, inner, masks, out);
      }
    }
    if (e instanceof WindowExpression w) {
      // The window's partition and order are recorded at the Window operator.
      collect(w.windowFunction(), inner, masks, out);
      return;
    }
    if (e instanceof If i) {
      collect(i.predicate(), Use.CONDITIONAL, false, out);
      collect(i.trueValue(), inner, masks, out);
      collect(i.falseValue(), inner, masks, out);
      return;
    }
    if (e instanceof CaseWhen c) {
      for (Tuple2<Expression, Expression> branch : list(c.branches())) {
        collect(branch._1(), Use.CONDITIONAL, false, out);
        collect(branch._2(), inner, masks, out);
      }
      if (c.elseValue().isDefined()) {
        collect(c.elseValue().get(), inner, masks, out);
      }
      return;
    }
    for (Expression child : list(e.children())) {
      collect(child, inner, masks, out);
    }
  }

  /**
   * An input column used upstream as {@code s} and here as {@code use}: an indirect use stays
   * indirect; two direct uses give the stronger (IDENTITY < TRANSFORMATION < AGGREGATION).
   */
  private static ColumnSource compose(ColumnSource s, Use use, boolean masking) {
    if (!use.direct()) {
      return new ColumnSource(s.input(), s.field(), use, false);
    }
    if (!s.use().direct()) {
      return s;
    }
    Use stronger = s.use().ordinal() >= use.ordinal() ? s.use() : use;
    return new ColumnSource(s.input(), s.field(), stronger, s.masking() || masking);
  }

  private static <T> List<T> list(Seq<T> seq) {
    return JavaConverters.seqAsJavaList(seq);
  }
}
