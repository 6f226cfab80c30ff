package io.meshwork.quality.internal;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeBlock;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;
import scala.collection.Seq;

/**
 * {@code column RLIKE regex} as a Spark expression that runs a {@link ByteRegex} on the bytes of
 * each value, in generated code like any built-in. The one class here that extends Spark's
 * Catalyst internals (a plain {@code Expression}: Java cannot extend {@code UnaryExpression},
 * whose Scala generics it sees as clashing final methods).
 */
public final class FindRegex extends Expression implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final Expression child;
  private final ByteRegex regex;

  /** Public, as Spark's tree copies find it by reflection. */
  public FindRegex(Expression child, ByteRegex regex) {
    this.child = child;
    this.regex = regex;
  }

  /** {@code column RLIKE regex}, run as a {@link ByteRegex} when the regex compiles to one. */
  static Column rlike(Column column, String regex) {
    if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
      return column.rlike(regex);
    }
    return ByteRegex.compile(regex).map(r -> new Column(new FindRegex(column.expr(), r))).orElseGet(() -> column.rlike(regex));
  }

  /** {@code false} turns the automata off: every pattern check runs as RLIKE ({@code bin/mesh bench quality} compares the two). */
  public static final String PROPERTY = "mesh.quality.byte-regex";

  @Override
  public Seq<Expression> children() {
    return Scala.seq(List.of(child));
  }

  @Override
  public DataType dataType() {
    return DataTypes.BooleanType;
  }

  @Override
  public boolean nullable() {
    return child.nullable();
  }

  @Override
  public Object eval(InternalRow row) {
    Object value = child.eval(row);
    return value == null ? null : regex.find((UTF8String) value);
  }

  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    String ref = ctx.addReferenceObj("byteRegex", regex, ByteRegex.class.getName());
    ExprCode c = child.genCode(ctx);
    String code =
        c.code() + "\n"
            + "boolean " + ev.isNull() + " = " + c.isNull() + ";\n"
            + "boolean " + ev.value() + " = false;\n"
            + "if (!" + ev.isNull() + ") {\n"
            + "  " + ev.value() + " = " + ref + ".find(" + c.value() + ");\n"
            + "}";
    return ev.copy(new CodeBlock(Scala.seq(List.of(code)), Scala.seq(List.of())), ev.isNull(), ev.value());
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Expression withNewChildrenInternal(scala.collection.IndexedSeq newChildren) {
    return new FindRegex((Expression) newChildren.apply(0), regex);
  }

  @Override
  public String prettyName() {
    return "rlike";
  }

  @Override
  public String toString() {
    return child + " RLIKE " + regex;
  }

  @Override
  public int productArity() {
    return 2;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> child;
      case 1 -> regex;
      default -> throw new IndexOutOfBoundsException(n);
    };
  }

  @Override
  public boolean canEqual(Object other) {
    return other instanceof FindRegex;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FindRegex other && other.child.equals(child) && other.regex.equals(regex);
  }

  @Override
  public int hashCode() {
    return 31 * child.hashCode() + regex.hashCode();
  }
}
