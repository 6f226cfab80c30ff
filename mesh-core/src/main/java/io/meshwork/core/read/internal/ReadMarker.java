package io.meshwork.core.read.internal;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Marks a product relation whose read policy the session extension applied (as Kyuubi's authz
 * markers do): the rule never applies it twice, however often the plan is analysed again (views,
 * Datasets built on Datasets), and the audit finds what each executed query read. Removed by the
 * optimizer, so it costs nothing at run time. A plain {@code LogicalPlan}: Java cannot extend
 * Scala's {@code UnaryNode}.
 */
public final class ReadMarker extends LogicalPlan implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * What was read and how: the product, its data version and contract version, the role (null: none)
   * and user, {@code api} or {@code sql}, the columns, those masked, the row filter (or null), and the
   * warehouse whose audit table records it (null when it cannot be told).
   */
  public record Read(
      String product, long version, String contractVersion, String role, String user, String via, List<String> columns,
      List<String> masked, String rowFilter, String warehouse) implements Serializable {
    @Override
    public String toString() {
      return product + "@" + version + " as " + (role == null ? "(no role)" : role) + (masked.isEmpty() ? "" : ", masked " + masked)
          + (rowFilter == null ? "" : ", rows where " + rowFilter);
    }
  }

  private final LogicalPlan child;
  private final Read read;

  /** Public, as Spark's tree copies find it by reflection. */
  public ReadMarker(LogicalPlan child, Read read) {
    this.child = child;
    this.read = read;
  }

  public LogicalPlan child() {
    return child;
  }

  public Read read() {
    return read;
  }

  @Override
  public Seq<Attribute> output() {
    return child.output();
  }

  @Override
  public Seq<LogicalPlan> children() {
    return JavaConverters.asScalaBuffer(List.of(child)).toList();
  }

  @Override
  @SuppressWarnings("rawtypes")
  public LogicalPlan withNewChildrenInternal(scala.collection.IndexedSeq newChildren) {
    return new ReadMarker((LogicalPlan) newChildren.apply(0), read);
  }

  @Override
  public String nodeName() {
    return "MeshRead";
  }

  @Override
  public int productArity() {
    return 2;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> child;
      case 1 -> read;
      default -> throw new IndexOutOfBoundsException(n);
    };
  }

  @Override
  public boolean canEqual(Object other) {
    return other instanceof ReadMarker;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReadMarker other && other.child.equals(child) && other.read.equals(read);
  }

  @Override
  public int hashCode() {
    return 31 * child.hashCode() + read.hashCode();
  }
}
