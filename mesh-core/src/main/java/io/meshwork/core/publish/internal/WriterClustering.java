package io.meshwork.core.publish.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.physical.CoalescedHashPartitioning;
import org.apache.spark.sql.catalyst.plans.physical.HashPartitioning;
import org.apache.spark.sql.catalyst.plans.physical.Partitioning;
import org.apache.spark.sql.catalyst.plans.physical.PartitioningCollection;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import scala.collection.JavaConverters;

/**
 * What Spark's physical plan says about how rows reach the tasks that write them: hash-partitioned
 * by some of their columns (a shuffle, a join or a group-by on them, also when adaptive execution
 * coalesces partitions), so that rows equal in those columns are written by one task. A hint for
 * the gate, which checks it on the written rows before relying on it.
 */
public final class WriterClustering {
  /** Hash partitioning by {@code columns} (output names) into {@code partitions}. */
  public record Hash(List<String> columns, int partitions) {}

  private WriterClustering() {}

  /** How {@code data}'s partitions are hash-partitioned by plain columns, if they are. */
  public static Optional<Hash> of(Dataset<Row> data) {
    SparkPlan plan;
    try {
      plan = data.queryExecution().executedPlan();
      // Adaptive execution wraps the plan in a node that declares no partitioning of its own; the
      // plan it holds (its initial plan, before it runs) says how its rows are partitioned.
      while (plan instanceof AdaptiveSparkPlanExec adaptive) {
        plan = adaptive.executedPlan();
      }
    } catch (RuntimeException unplanned) {
      return Optional.empty();
    }
    return of(plan.outputPartitioning(), JavaConverters.seqAsJavaList(plan.output()));
  }

  private static Optional<Hash> of(Partitioning p, List<Attribute> output) {
    if (p instanceof PartitioningCollection c) {
      for (Partitioning each : JavaConverters.seqAsJavaList(c.partitionings())) {
        Optional<Hash> h = of(each, output);
        if (h.isPresent()) {
          return h;
        }
      }
      return Optional.empty();
    }
    HashPartitioning hash = p instanceof HashPartitioning h ? h : p instanceof CoalescedHashPartitioning c ? c.from() : null;
    if (hash == null) {
      return Optional.empty();
    }
    List<String> names = new ArrayList<>();
    for (Expression e : JavaConverters.seqAsJavaList(hash.expressions())) {
      if (!(e instanceof AttributeReference a)) {
        return Optional.empty();
      }
      Attribute out = output.stream().filter(o -> o.exprId().equals(a.exprId())).findFirst().orElse(null);
      if (out == null) {
        return Optional.empty(); // partitioned by something the rows no longer carry
      }
      names.add(out.name());
    }
    return names.isEmpty() ? Optional.empty() : Optional.of(new Hash(List.copyOf(names), hash.numPartitions()));
  }
}
