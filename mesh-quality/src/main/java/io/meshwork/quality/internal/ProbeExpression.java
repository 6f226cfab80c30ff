package io.meshwork.quality.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeBlock;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * A filter condition that keeps every row and hands the values of its children to a {@link
 * ProbeAccumulator}, row by row, in the task that writes them: how {@link WriteProbe} measures
 * rows in the pass that writes them. Not deterministic, so Spark neither moves nor drops it; in
 * generated code like any built-in.
 */
public final class ProbeExpression extends Expression implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final List<Expression> inputs;
  private final ProbeAccumulator accumulator;
  private transient Object[] buffer;

  /** Public, as Spark's tree copies find it by reflection. */
  public ProbeExpression(List<Expression> inputs, ProbeAccumulator accumulator) {
    this.inputs = List.copyOf(inputs);
    this.accumulator = accumulator;
  }

  /** A value array for one row, reused within the task (one task evaluates one instance, row after row). */
  public Object[] buffer() {
    if (buffer == null) {
      buffer = new Object[inputs.size()];
    }
    return buffer;
  }

  /** One row's values, in the order of the children. */
  public void feed(Object[] values) {
    accumulator.add(values);
  }

  @Override
  public Seq<Expression> children() {
    return Scala.seq(inputs);
  }

  @Override
  public boolean deterministic() {
    return false;
  }

  @Override
  public DataType dataType() {
    return DataTypes.BooleanType;
  }

  @Override
  public boolean nullable() {
    return false;
  }

  @Override
  public Object eval(InternalRow row) {
    Object[] values = buffer();
    for (int i = 0; i < values.length; i++) {
      values[i] = inputs.get(i).eval(row);
    }
    feed(values);
    return true;
  }

  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    String probe = ctx.addReferenceObj("meshProbe", this, ProbeExpression.class.getName());
    String values = ctx.freshName("probeValues");
    StringBuilder code = new StringBuilder("Object[] " + values + " = " + probe + ".buffer();\n");
    for (int i = 0; i < inputs.size(); i++) {
      Expression input = inputs.get(i);
      ExprCode c = input.genCode(ctx);
      String javaType = CodeGenerator.javaType(input.dataType());
      String boxed = CodeGenerator.boxedType(input.dataType());
      String value = javaType.equals(boxed) || !CodeGenerator.isPrimitiveType(input.dataType()) ? c.value().toString() : boxed + ".valueOf(" + c.value() + ")";
      code.append(c.code()).append('\n')
          .append(values).append('[').append(i).append("] = ").append(c.isNull()).append(" ? null : (Object) ").append(value).append(";\n");
    }
    code.append(probe).append(".feed(").append(values).append(");\n")
        .append("boolean ").append(ev.isNull()).append(" = false;\n")
        .append("boolean ").append(ev.value()).append(" = true;");
    return ev.copy(new CodeBlock(Scala.seq(List.of(code.toString())), Scala.seq(List.of())), ev.isNull(), ev.value());
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Expression withNewChildrenInternal(scala.collection.IndexedSeq newChildren) {
    return new ProbeExpression(new ArrayList<>(JavaConverters.seqAsJavaList(newChildren)), accumulator);
  }

  @Override
  public String prettyName() {
    return "mesh_write_probe";
  }

  @Override
  public String toString() {
    return "mesh_write_probe(" + inputs.size() + " values)";
  }

  @Override
  public int productArity() {
    return 2;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> inputs;
      case 1 -> accumulator;
      default -> throw new IndexOutOfBoundsException(n);
    };
  }

  @Override
  public boolean canEqual(Object other) {
    return other instanceof ProbeExpression;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProbeExpression other && other.inputs.equals(inputs) && other.accumulator == accumulator;
  }

  @Override
  public int hashCode() {
    return 31 * inputs.hashCode() + System.identityHashCode(accumulator);
  }
}
