package io.meshwork.jobs.ml.internal;

import io.meshwork.core.model.ContractException;
import io.meshwork.jobs.ml.ContentChecksum;
import io.meshwork.jobs.ml.FeatureSetUse;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * The point-in-time ("as of") join and the content checksum.
 *
 * <p>The join does not compare every label with every feature row of its entity. It unions the
 * labels with the feature rows, orders each entity's rows by time (a feature row before a label at
 * the same instant, so equal times count as known), and carries the last feature row seen forward
 * with {@code last(..., ignoreNulls)} over a running window: one shuffle by entity and a sort, the
 * way Spark scales, and no feature row later than the label can ever be picked.
 */
public final class PointInTime {
  private static final String KEY = "__mw_key";
  private static final String TIME = "__mw_time";
  private static final String ORDER = "__mw_order";
  private static final String ROW = "__mw_features";
  private static final String AS_OF = "__mw_as_of";

  private PointInTime() {}

  /**
   * Each label row with the features of the newest row of {@code features} whose entity equals the
   * label's and whose event time is at or before the label time; null features when there is none.
   * Label columns first, then the feature columns.
   */
  public static Dataset<Row> join(Dataset<Row> labels, String labelTime, Dataset<Row> features, FeatureSetUse use) {
    List<String> labelColumns = Arrays.asList(labels.columns());
    check(labels, labelTime, features, use);
    StructType featureSchema = features.select(use.features().stream().map(PointInTime::column).toArray(Column[]::new)).schema();
    DataType entityType = features.schema().apply(use.entity()).dataType();

    Dataset<Row> featureRows =
        features.select(
            column(use.entity()).as(KEY),
            column(use.eventTime()).cast(DataTypes.TimestampType).as(TIME),
            lit(0).as(ORDER),
            struct(use.features().stream().map(PointInTime::column).toArray(Column[]::new)).as(ROW));
    Dataset<Row> labelRows =
        labels
            .withColumn(KEY, column(use.entity()).cast(entityType))
            .withColumn(TIME, column(labelTime).cast(DataTypes.TimestampType))
            .withColumn(ORDER, lit(1))
            .withColumn(ROW, lit(null).cast(featureSchema));

    WindowSpec upToNow =
        Window.partitionBy(col(KEY))
            .orderBy(col(TIME).asc_nulls_first(), col(ORDER).asc())
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Dataset<Row> joined =
        labelRows.unionByName(featureRows, true).withColumn(AS_OF, last(col(ROW), true).over(upToNow)).where(col(ORDER).equalTo(1));

    List<Column> out = new ArrayList<>();
    labelColumns.forEach(c -> out.add(column(c)));
    use.features().forEach(f -> out.add(col(AS_OF).getField(f).as(f)));
    return joined.select(out.toArray(Column[]::new));
  }

  private static void check(Dataset<Row> labels, String labelTime, Dataset<Row> features, FeatureSetUse use) {
    List<String> labelColumns = Arrays.asList(labels.columns());
    List<String> problems = new ArrayList<>();
    if (!labelColumns.contains(use.entity())) {
      problems.add("the labels have no entity column '" + use.entity() + "'");
    }
    if (!labelColumns.contains(labelTime)) {
      problems.add("the labels have no time column '" + labelTime + "'");
    } else if (!isTimeType(labels.schema().apply(labelTime).dataType())) {
      problems.add("the label time column '" + labelTime + "' must be a date or timestamp but is " + labels.schema().apply(labelTime).dataType().simpleString());
    }
    List<String> featureColumns = Arrays.asList(features.columns());
    for (String c : concat(List.of(use.entity(), use.eventTime()), use.features())) {
      if (!featureColumns.contains(c)) {
        problems.add("version " + use.version() + " has no column '" + c + "'");
      }
    }
    List<String> clash = use.features().stream().filter(labelColumns::contains).toList();
    if (!clash.isEmpty()) {
      problems.add("feature columns " + clash + " are also label columns: rename them in the labels");
    }
    if (!problems.isEmpty()) {
      throw new ContractException(
          "Cannot join labels (columns: " + String.join(", ", labelColumns) + ") to feature set " + use.ref() + ": " + String.join("; ", problems));
    }
  }

  public static boolean isTimeType(DataType t) {
    return t.equals(DataTypes.DateType) || t.equals(DataTypes.TimestampType) || t.equals(DataTypes.TimestampNTZType);
  }

  /**
   * Row count and an order-independent checksum: SHA-256 over the schema, the count and the sum
   * (as an exact decimal) of {@code xxhash64} of every row, each column hashed with its null flag
   * so that nulls in different columns differ.
   */
  public static ContentChecksum checksum(Dataset<Row> rows) {
    List<Column> parts = new ArrayList<>();
    StringBuilder schema = new StringBuilder();
    for (StructField f : rows.schema().fields()) {
      parts.add(column(f.name()));
      parts.add(column(f.name()).isNull());
      schema.append(f.name()).append(':').append(f.dataType().catalogString()).append('\n');
    }
    Column hash = parts.isEmpty() ? lit(0L) : xxhash64(parts.toArray(Column[]::new));
    Row r = rows.agg(count(lit(1)), sum(hash.cast(DataTypes.createDecimalType(38, 0)))).first();
    long n = r.getLong(0);
    BigDecimal total = r.isNullAt(1) ? BigDecimal.ZERO : r.getDecimal(1);
    return new ContentChecksum(n, sha256(schema + "rows:" + n + "\nsum:" + total.toPlainString()));
  }

  /** A column by name, whatever characters it holds. */
  static Column column(String name) {
    return col("`" + name.replace("`", "``") + "`");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
