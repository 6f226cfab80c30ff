package io.meshwork.bench.internal;

import io.meshwork.core.model.Check;
import io.meshwork.core.model.ColumnSpec;
import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.SemVer;
import io.meshwork.core.model.SourceLocation;
import io.trino.tpch.LineItem;
import io.trino.tpch.TpchTable;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * TPC-H {@code lineitem} for the benchmarks, generated with {@code io.trino.tpch} (SF 1 =
 * 6,001,215 rows) in parallel: the generator's parts become Spark partitions, so each task
 * generates its own slice and nothing is collected on the driver.
 */
public final class Tpch {
  /** The lineitem columns: name, Spark SQL type, nullable. */
  private static final String[][] COLUMNS = {
    {"orderkey", "bigint"}, {"partkey", "bigint"}, {"suppkey", "bigint"}, {"linenumber", "int"},
    {"quantity", "bigint"}, {"extendedprice", "double"}, {"discount", "double"}, {"tax", "double"},
    {"returnflag", "string"}, {"linestatus", "string"}, {"shipdate", "date"}, {"commitdate", "date"},
    {"receiptdate", "date"}, {"shipinstruct", "string"}, {"shipmode", "string"}, {"comment", "string"},
  };

  /** The schema of {@link #lineitem}. */
  public static final StructType LINEITEM_SCHEMA = schema();

  private Tpch() {}

  /** Lineitem at scale factor {@code scale}, unmaterialized: each action generates it again. */
  public static Dataset<Row> lineitem(SparkSession spark, double scale) {
    int parts = Math.max(1, (int) Math.ceil(scale * 8)); // ~750k rows per part at SF 1
    MapPartitionsFunction<Long, Row> generate =
        ids -> {
          List<Row> none = List.of();
          Iterator<Row> out = none.iterator();
          while (ids.hasNext()) {
            int part = (int) (long) ids.next();
            Iterator<LineItem> items = TpchTable.LINE_ITEM.createGenerator(scale, part + 1, parts).iterator();
            out = concat(out, items);
          }
          return out;
        };
    return spark.range(0, parts, 1, parts).as(Encoders.LONG()).mapPartitions(generate, Encoders.row(LINEITEM_SCHEMA));
  }

  private static Iterator<Row> concat(Iterator<Row> first, Iterator<LineItem> items) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return first.hasNext() || items.hasNext();
      }

      @Override
      public Row next() {
        return first.hasNext() ? first.next() : row(items.next());
      }
    };
  }

  private static Row row(LineItem l) {
    return RowFactory.create(
        l.getOrderKey(), l.getPartKey(), l.getSupplierKey(), l.getLineNumber(), l.getQuantity(), l.getExtendedPrice(),
        l.getDiscount(), l.getTax(), l.getReturnFlag(), l.getStatus(), date(l.getShipDate()), date(l.getCommitDate()),
        date(l.getReceiptDate()), l.getShipInstructions(), l.getShipMode(), l.getComment());
  }

  private static Date date(int epochDay) {
    return Date.valueOf(LocalDate.ofEpochDay(epochDay));
  }

  /**
   * The lineitem product with a 10-constraint gate, every constraint holding on generated data:
   * one uniqueness (the key (orderkey, linenumber)), the rest scan-shareable.
   */
  public static DataProduct lineitemProduct(ProductId id) {
    List<ColumnSpec> columns = new ArrayList<>();
    for (String[] c : COLUMNS) {
      boolean key = c[0].equals("orderkey") || c[0].equals("linenumber");
      columns.add(new ColumnSpec(c[0], c[1], !key, "TPC-H lineitem " + c[0], null, Map.of(), new SourceLocation("bench", 0)));
    }
    List<ConstraintSpec> constraints =
        List.of(
            c(Check.UNIQUE, List.of("orderkey", "linenumber")),
            c(Check.COMPLETE, List.of("orderkey")),
            c(Check.COMPLETE, List.of("partkey")),
            c(Check.ROW_COUNT, List.of(), "min", 1),
            c(Check.RANGE, List.of("quantity"), "min", 1, "max", 50),
            c(Check.RANGE, List.of("discount"), "min", 0, "max", 0.1),
            c(Check.RANGE, List.of("tax"), "min", 0, "max", 0.08),
            c(Check.NON_NEGATIVE, List.of("extendedprice")),
            c(Check.ALLOWED_VALUES, List.of("returnflag"), "values", List.of("A", "N", "R")),
            c(Check.MAX_LENGTH, List.of("shipmode"), "max", 10));
    return DataProduct.builder(id, new SemVer(1, 0, 0))
        .description("TPC-H lineitem for mesh bench")
        .sql("SELECT 1")
        .columns(columns)
        .primaryKey(List.of("orderkey", "linenumber"))
        .constraints(constraints)
        .file(Path.of("bench.conf"))
        .sha256("0".repeat(64))
        .build();
  }

  private static ConstraintSpec c(Check check, List<String> columns, Object... params) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < params.length; i += 2) {
      map.put((String) params[i], params[i + 1]);
    }
    return new ConstraintSpec(check.keyword(), columns, map, ConstraintSpec.ERROR, null, new SourceLocation("bench", 0));
  }

  private static StructType schema() {
    List<StructField> fields = new ArrayList<>();
    for (String[] c : COLUMNS) {
      fields.add(DataTypes.createStructField(c[0], org.apache.spark.sql.types.DataType.fromDDL(c[1]), true));
    }
    return DataTypes.createStructType(fields);
  }
}
