package io.meshwork.core.publish;

import io.meshwork.core.model.ColumnSpec;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.QualityGateException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Conformance of a job's output to its contract's columns.
 *
 * <p>Column names must match exactly (case included) and types must be identical; nullability is
 * not part of the type check (Spark's inferred nullability says little), it is checked on the
 * staged rows by the publisher instead.
 *
 * <pre>{@code
 * Dataset<Row> ready = SchemaCheck.conform(product, job.build(ctx));
 * }</pre>
 */
public final class SchemaCheck {
  /** The Spark field metadata key that Spark SQL and Delta read as a column's comment. */
  public static final String COMMENT = "comment";

  private SchemaCheck() {}

  /**
   * Returns data with exactly the contract's columns, in contract order, columns' comments =
   * descriptions.
   *
   * @throws QualityGateException (exit 3, {@link QualityGateException#report()} null) listing every
   *     problem: missing columns, columns of another type, unexpected columns
   */
  public static Dataset<Row> conform(DataProduct product, Dataset<Row> data) {
    Map<String, List<StructField>> actual = new LinkedHashMap<>();
    for (StructField f : data.schema().fields()) {
      actual.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(f);
    }
    List<String> missing = new ArrayList<>();
    List<String> wrongType = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    for (ColumnSpec column : product.columns()) {
      DataType expected = contractType(product, column);
      List<StructField> found = actual.get(column.name());
      if (found == null) {
        missing.add("missing column '" + column.name() + "' (" + expected.catalogString() + ")");
      } else if (found.size() > 1) {
        wrongType.add("column '" + column.name() + "' appears " + found.size() + " times");
      } else if (!sameIgnoringNullability(expected, found.get(0).dataType())) {
        wrongType.add(
            "column '" + column.name() + "' expected " + expected.catalogString()
                + " but was " + found.get(0).dataType().catalogString());
      }
    }
    for (Map.Entry<String, List<StructField>> e : actual.entrySet()) {
      if (product.column(e.getKey()).isEmpty()) {
        unexpected.add("unexpected column '" + e.getKey() + "' (" + e.getValue().get(0).dataType().catalogString() + ")");
      }
    }
    List<String> problems = new ArrayList<>(missing);
    problems.addAll(wrongType);
    problems.addAll(unexpected);
    if (!problems.isEmpty()) {
      throw failure(product, problems);
    }
    Column[] select =
        product.columns().stream()
            .map(c -> data.col("`" + c.name() + "`").as(c.name(), comment(c)))
            .toArray(Column[]::new);
    return data.select(select);
  }

  /**
   * The table schema a contract describes: its columns in order, their types and descriptions
   * (as comments), every column nullable (required columns are checked on the data, not by
   * the table format).
   */
  static StructType tableSchema(DataProduct product) {
    return new StructType(
        product.columns().stream()
            .map(c -> new StructField(c.name(), contractType(product, c), true, comment(c)))
            .toArray(StructField[]::new));
  }

  /** The schema check's error, in the one wording every schema problem uses. */
  static QualityGateException failure(DataProduct product, List<String> problems) {
    return new QualityGateException(
        "Schema check failed for " + product.displayName() + ": " + String.join("; ", problems), null);
  }

  private static DataType contractType(DataProduct product, ColumnSpec column) {
    try {
      return DataType.fromDDL(column.type());
    } catch (Exception e) { // Spark's ParseException is a checked exception to Java
      throw failure(
          product, List.of("column '" + column.name() + "' has type '" + column.type() + "', which is not a Spark SQL type"));
    }
  }

  private static Metadata comment(ColumnSpec column) {
    if (column.description() == null || column.description().isBlank()) {
      return Metadata.empty();
    }
    return new MetadataBuilder().putString(COMMENT, column.description()).build();
  }

  /** Equal types, ignoring nullability and field metadata at every nesting level. */
  static boolean sameIgnoringNullability(DataType a, DataType b) {
    if (a instanceof StructType sa && b instanceof StructType sb) {
      if (sa.fields().length != sb.fields().length) {
        return false;
      }
      for (int i = 0; i < sa.fields().length; i++) {
        StructField fa = sa.fields()[i];
        StructField fb = sb.fields()[i];
        if (!fa.name().equals(fb.name()) || !sameIgnoringNullability(fa.dataType(), fb.dataType())) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof ArrayType aa && b instanceof ArrayType ab) {
      return sameIgnoringNullability(aa.elementType(), ab.elementType());
    }
    if (a instanceof MapType ma && b instanceof MapType mb) {
      return sameIgnoringNullability(ma.keyType(), mb.keyType())
          && sameIgnoringNullability(ma.valueType(), mb.valueType());
    }
    return a.equals(b);
  }
}
