package io.meshwork.core.read.internal;

import java.io.Serializable;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeBlock;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * {@code hash} masking as a Spark expression: the hex HMAC-SHA256 of a string value under the
 * platform's masking key ({@link MaskingKeys}); null stays null. Equal values mask equally (so
 * masked columns still join), but without the key no one can recompute a mask from a guess. The
 * key never shows in a plan's text.
 */
public final class HmacMask extends Expression implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final Expression child;
  private final Hasher hasher;

  /** Public, as Spark's tree copies find it by reflection. */
  public HmacMask(Expression child, Hasher hasher) {
    this.child = child;
    this.hasher = hasher;
  }

  static HmacMask of(Expression child, byte[] key) {
    return new HmacMask(child, new Hasher(key));
  }

  /** Computes the masks; one {@link Mac} per thread, made again after the key travels to an executor. */
  public static final class Hasher implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[] key;
    private transient ThreadLocal<Mac> mac;

    Hasher(byte[] key) {
      this.key = key.clone();
    }

    /** The hex HMAC-SHA256 of the value's UTF-8 bytes. */
    public UTF8String mask(UTF8String value) {
      byte[] digest = mac().doFinal(value.getBytes());
      byte[] hex = new byte[digest.length * 2];
      for (int i = 0; i < digest.length; i++) {
        hex[2 * i] = HEX[(digest[i] >> 4) & 0xf];
        hex[2 * i + 1] = HEX[digest[i] & 0xf];
      }
      return UTF8String.fromBytes(hex);
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    String hex(byte[] bytes) {
      return HexFormat.of().formatHex(mac().doFinal(bytes));
    }

    private Mac mac() {
      ThreadLocal<Mac> local = mac;
      if (local == null) {
        synchronized (this) {
          if (mac == null) {
            mac = ThreadLocal.withInitial(() -> {
              try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(key, "HmacSHA256"));
                return m;
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
              }
            });
          }
          local = mac;
        }
      }
      return local.get();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Hasher h && java.util.Arrays.equals(h.key, key);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(key);
    }

    @Override
    public String toString() {
      return "key"; // never the key itself
    }
  }

  @Override
  public Seq<Expression> children() {
    return JavaConverters.asScalaBuffer(List.of(child)).toList();
  }

  @Override
  public DataType dataType() {
    return DataTypes.StringType;
  }

  @Override
  public boolean nullable() {
    return child.nullable();
  }

  @Override
  public Object eval(InternalRow row) {
    Object value = child.eval(row);
    return value == null ? null : hasher.mask((UTF8String) value);
  }

  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    String ref = ctx.addReferenceObj("meshMask", hasher, Hasher.class.getName());
    ExprCode c = child.genCode(ctx);
    String code =
        c.code() + "\n"
            + "boolean " + ev.isNull() + " = " + c.isNull() + ";\n"
            + "UTF8String " + ev.value() + " = null;\n"
            + "if (!" + ev.isNull() + ") {\n"
            + "  " + ev.value() + " = " + ref + ".mask(" + c.value() + ");\n"
            + "}";
    return ev.copy(new CodeBlock(JavaConverters.asScalaBuffer(List.of(code)).toList(), JavaConverters.asScalaBuffer(List.<org.apache.spark.sql.catalyst.expressions.codegen.JavaCode>of()).toList()), ev.isNull(), ev.value());
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Expression withNewChildrenInternal(scala.collection.IndexedSeq newChildren) {
    return new HmacMask((Expression) newChildren.apply(0), hasher);
  }

  @Override
  public String prettyName() {
    return "mesh_mask";
  }

  @Override
  public String toString() {
    return "mesh_mask(" + child + ")";
  }

  @Override
  public String sql() {
    return "mesh_mask(" + child.sql() + ")";
  }

  @Override
  public int productArity() {
    return 2;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> child;
      case 1 -> hasher;
      default -> throw new IndexOutOfBoundsException(n);
    };
  }

  @Override
  public boolean canEqual(Object other) {
    return other instanceof HmacMask;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HmacMask other && other.child.equals(child) && other.hasher.equals(hasher);
  }

  @Override
  public int hashCode() {
    return 31 * child.hashCode() + hasher.hashCode();
  }
}
