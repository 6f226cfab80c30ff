package io.meshwork.core.publish;

import static org.apache.spark.sql.functions.col;

import io.meshwork.core.model.ColumnSpec;
import io.meshwork.core.model.ConstraintResult;
import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.InputVersion;
import io.meshwork.core.model.Owner;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.QualityReport;
import io.meshwork.core.model.SemVer;
import io.meshwork.core.model.SourceLocation;
import io.meshwork.core.model.WriteSpec;
import io.meshwork.core.storage.WrittenStatistics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Products, rows and a fake quality gate for the publish tests (no contract files, no Deequ). */
public final class PublishFixtures {
  public static final ProductId ORDERS = new ProductId("sales", "orders");
  public static final LocalDate DAY1 = LocalDate.of(2026, 11, 23);
  public static final LocalDate DAY2 = LocalDate.of(2026, 11, 24);

  /** The job output's schema: what a job builds before the schema check. */
  public static final StructType ORDER_ROWS =
      new StructType()
          .add("order_id", DataTypes.LongType)
          .add("customer_id", DataTypes.StringType)
          .add("amount", DataTypes.createDecimalType(12, 2))
          .add("order_date", DataTypes.DateType);

  private PublishFixtures() {}

  public static List<ColumnSpec> orderColumns() {
    return List.of(
        column("order_id", "bigint", false, "Order number, unique"),
        column("customer_id", "string", false, "Customer who ordered"),
        column("amount", "decimal(12,2)", true, "Order total in EUR"),
        column("order_date", "date", false, "Day the order was placed"));
  }

  public static ColumnSpec column(String name, String type, boolean nullable, String description) {
    return new ColumnSpec(name, type, nullable, description, "internal", Map.of(), SourceLocation.UNKNOWN);
  }

  /** {@code unique(order_id)} and {@code non-negative(amount)}, both blocking. */
  public static List<ConstraintSpec> orderConstraints() {
    return List.of(
        new ConstraintSpec("unique", List.of("order_id"), Map.of(), ConstraintSpec.ERROR, null, SourceLocation.UNKNOWN),
        new ConstraintSpec("non-negative", List.of("amount"), Map.of(), ConstraintSpec.ERROR, null, SourceLocation.UNKNOWN));
  }

  public static DataProduct orders(String mode, List<String> partitionBy) {
    return product(orderColumns(), new WriteSpec(mode, partitionBy));
  }

  public static DataProduct product(List<ColumnSpec> columns, WriteSpec write) {
    return DataProduct.builder(ORDERS, new SemVer(1, 0, 0))
        .description("Orders placed in the web shop")
        .owner(new Owner("sales-data", "sales-data@example.com"))
        .jobClass("com.example.Orders")
        .columns(columns)
        .primaryKey(List.of("order_id"))
        .constraints(orderConstraints())
        .write(write)
        .file(Path.of("conf/products/sales/orders.conf"))
        .sha256("ab12".repeat(16))
        .build();
  }

  public static RunStamp stamp(LocalDate day) {
    return new RunStamp(
        UUID.randomUUID(),
        day,
        List.of(
            new InputVersion("raw_orders", InputVersion.SOURCE, "file:/data/raw/orders.csv", null),
            new InputVersion("crm.customers", InputVersion.PRODUCT, "file:/wh/crm/customers", 7L)));
  }

  public static Row order(long id, String customer, String amount, LocalDate day) {
    return RowFactory.create(id, customer, amount == null ? null : new BigDecimal(amount), Date.valueOf(day));
  }

  public static Dataset<Row> rows(SparkSession spark, Row... rows) {
    return spark.createDataFrame(List.of(rows), ORDER_ROWS);
  }

  /** Order ids in the table, sorted. */
  public static List<Long> ids(SparkSession spark, Path table) {
    return spark.read().format("delta").load(table.toString()).orderBy("order_id").select("order_id")
        .collectAsList().stream().map(r -> r.getLong(0)).toList();
  }

  /** Every parquet file under the table directory. */
  public static Set<Path> parquetOnDisk(Path table) {
    if (!Files.exists(table)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.walk(table)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).map(Path::normalize)
          .collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file the table's latest version references. */
  public static Set<Path> parquetReferenced(SparkSession spark, Path table) {
    return Arrays.stream(spark.read().format("delta").load(table.toString()).inputFiles())
        .map(f -> Paths.get(URI.create(f)).normalize())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * A tiny stand-in for the Deequ gate: {@code unique(c)} fails when a value of c repeats,
   * {@code non-negative(c)} when a value is below zero. Records the row counts it was given, and
   * the written statistics when it was given them.
   */
  public static final class FakeGate implements QualityGate {
    final List<Long> verifiedRows = new ArrayList<>();
    /** The statistics of each verification that was given them. */
    final List<WrittenStatistics> statistics = new ArrayList<>();

    @Override
    public synchronized QualityReport verify(DataProduct product, Dataset<Row> data, WrittenStatistics written) {
      statistics.add(written);
      return verify(product, data);
    }

    @Override
    public synchronized QualityReport verify(DataProduct product, Dataset<Row> data) {
      long rows = data.count();
      verifiedRows.add(rows);
      List<ConstraintResult> results = new ArrayList<>();
      for (ConstraintSpec c : product.constraints()) {
        String column = c.columns().get(0);
        long bad =
            switch (c.check()) {
              case "unique" -> rows - data.select(column).distinct().count();
              case "non-negative" -> data.where(col(column).lt(0)).count();
              default -> throw new IllegalArgumentException(c.check());
            };
        results.add(
            bad == 0
                ? new ConstraintResult(c, ConstraintResult.Status.PASSED, "0", "== 0", rows, null)
                : new ConstraintResult(
                    c, ConstraintResult.Status.FAILED, String.valueOf(bad), "== 0", rows,
                    c.label() + " violated by " + bad + " of " + rows + " rows"));
      }
      return new QualityReport(results, rows);
    }
  }

  /** The version an independent reader (Delta Kernel, no Spark) sees. */
  public static long kernelVersion(java.nio.file.Path table) {
    io.delta.kernel.engine.Engine engine = io.delta.kernel.defaults.engine.DefaultEngine.create(new org.apache.hadoop.conf.Configuration());
    return io.delta.kernel.Table.forPath(engine, table.toString()).getLatestSnapshot(engine).getVersion(engine);
  }
}
