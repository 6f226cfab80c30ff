package io.meshwork.lineage;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.meshwork.core.model.ColumnSpec;
import io.meshwork.core.model.ConstraintResult.Status;
import io.meshwork.core.model.ConstraintResult;
import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.InputVersion;
import io.meshwork.core.model.Owner;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.ProductRef;
import io.meshwork.core.model.QualityReport;
import io.meshwork.core.model.SemVer;
import io.meshwork.core.model.SourceLocation;
import io.meshwork.core.model.SourceSpec;
import io.meshwork.core.spi.ColumnLineage;
import io.meshwork.core.spi.ColumnSource.Use;
import io.meshwork.core.spi.ColumnSource;
import io.meshwork.core.spi.InputMetrics;
import io.meshwork.core.spi.RunInfo;
import io.meshwork.core.spi.RunOutcome;
import io.meshwork.core.storage.Warehouse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One product, its runs and their outcomes, built directly as records. */
final class LineageFixtures {
  static final ProductId ORDERS = new ProductId("sales", "orders");
  static final ProductId CUSTOMERS = new ProductId("crm", "customers");
  static final UUID RUN_ID = UUID.fromString("0195f7a2-3c4d-7e5f-8a9b-0c1d2e3f4a5b");
  static final UUID PARENT_RUN_ID = UUID.fromString("0195f7a2-0000-7000-8000-000000000001");
  static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  static final Path RAW_ORDERS = Path.of("/data/landing/orders.csv");
  static final String QUALITY_ERROR =
      "Quality gate failed for sales.orders (contract 1.2.0): completeness(customer_id) must be >= 1.0 but was 0.6667 on 3 rows [level=error]";

  static final ConstraintSpec UNIQUE_KEY =
      new ConstraintSpec("unique", List.of("order_id"), Map.of(), "error", "order keys", SourceLocation.UNKNOWN);
  static final ConstraintSpec COMPLETE_CUSTOMER =
      new ConstraintSpec("complete", List.of("customer_id"), Map.of(), "error", null, SourceLocation.UNKNOWN);
  static final ConstraintSpec ROW_COUNT =
      new ConstraintSpec("row-count", List.of(), Map.of("min", 1), "warning", null, SourceLocation.UNKNOWN);

  private LineageFixtures() {}

  static DataProduct orders(Duration freshness) {
    return DataProduct.builder(ORDERS, new SemVer(1, 2, 0))
        .description("Orders placed in the web shop, one row per order.")
        .owner(new Owner("sales-analytics", "sales-analytics@example.com"))
        .sources(Map.of("raw_orders", new SourceSpec("raw_orders", RAW_ORDERS.toString(), "csv", Map.of(), SourceLocation.UNKNOWN)))
        .inputs(List.of(ProductRef.parse("crm.customers")))
        .sql("SELECT o.order_id, o.customer_id, o.amount FROM raw_orders o JOIN customers c USING (customer_id)")
        .columns(
            List.of(
                new ColumnSpec("order_id", "bigint", false, "Order key", "internal", Map.of(), SourceLocation.UNKNOWN),
                new ColumnSpec("customer_id", "string", false, "Customer key", "internal", Map.of(), SourceLocation.UNKNOWN),
                new ColumnSpec("amount", "decimal(12,2)", true, null, "internal", Map.of(), SourceLocation.UNKNOWN)))
        .primaryKey(List.of("order_id"))
        .constraints(List.of(UNIQUE_KEY, COMPLETE_CUSTOMER, ROW_COUNT))
        .freshness(freshness)
        .file(Path.of("conf/products/sales/orders.conf"))
        .sha256(SHA)
        .build();
  }

  static RunInfo run(Warehouse warehouse, DataProduct product, UUID parent) {
    return new RunInfo(
        RUN_ID,
        product,
        LocalDate.of(2026, 11, 23),
        warehouse.uri(),
        warehouse.table(product.id()).toUri().toString(),
        Instant.parse("2026-11-23T06:00:00Z"),
        parent);
  }

  static List<InputVersion> inputs(Warehouse warehouse) {
    return List.of(
        new InputVersion("crm.customers", InputVersion.PRODUCT, warehouse.table(CUSTOMERS).toUri().toString(), 4L),
        new InputVersion("raw_orders", InputVersion.SOURCE, RAW_ORDERS.toUri().toString(), null));
  }

  static RunOutcome published(Warehouse warehouse) {
    QualityReport report =
        new QualityReport(
            List.of(
                new ConstraintResult(UNIQUE_KEY, Status.PASSED, "1.0", "== 1.0", 3, null),
                new ConstraintResult(COMPLETE_CUSTOMER, Status.PASSED, "1.0", ">= 1.0", 3, null),
                new ConstraintResult(ROW_COUNT, Status.PASSED, "3", ">= 1", 3, null)),
            3);
    return new RunOutcome(7L, 3, report, inputs(warehouse), null, Instant.parse("2026-11-23T06:01:30Z"), null)
        .withColumnLineage(columnLineage(warehouse))
        .withInputMetrics(Map.of("crm.customers", CUSTOMER_METRICS));
  }

  /** As the runner would report it for the product's SQL: order_id and amount from raw_orders, customer_id hashed from crm.customers. */
  static ColumnLineage columnLineage(Warehouse warehouse) {
    InputVersion customers = inputs(warehouse).get(0);
    InputVersion raw = inputs(warehouse).get(1);
    Map<String, List<ColumnSource>> fields = new LinkedHashMap<>();
    fields.put("order_id", List.of(new ColumnSource(raw, "order_id", Use.IDENTITY, false)));
    fields.put("customer_id", List.of(new ColumnSource(customers, "customer_id", Use.TRANSFORMATION, true)));
    fields.put(
        "amount",
        List.of(new ColumnSource(raw, "amount", Use.TRANSFORMATION, false), new ColumnSource(raw, "status", Use.CONDITIONAL, false)));
    return new ColumnLineage(
        fields,
        List.of(
            new ColumnSource(raw, "customer_id", Use.JOIN, false),
            new ColumnSource(customers, "customer_id", Use.JOIN, false),
            new ColumnSource(customers, "customer_id", Use.FILTER, false)));
  }

  /** crm.customers@4 as its publishing run measured it. */
  static final InputMetrics CUSTOMER_METRICS = customerMetrics();

  private static InputMetrics customerMetrics() {
    Map<String, InputMetrics.Column> columns = new LinkedHashMap<>();
    columns.put("customer_id", new InputMetrics.Column(0L, 5L, null, 5.0, null, null));
    columns.put("lifetime_value", new InputMetrics.Column(1L, null, 410.5, 4.0, 12.0, 250.0));
    return new InputMetrics(5L, columns);
  }

  static RunOutcome refused(Warehouse warehouse) {
    QualityReport report =
        new QualityReport(
            List.of(
                new ConstraintResult(UNIQUE_KEY, Status.PASSED, "1.0", "== 1.0", 3, null),
                new ConstraintResult(COMPLETE_CUSTOMER, Status.FAILED, "0.6667", ">= 1.0", 3, QUALITY_ERROR),
                new ConstraintResult(ROW_COUNT, Status.PASSED, "3", ">= 1", 3, null)),
            3);
    return new RunOutcome(6L, 3, report, inputs(warehouse), null, Instant.parse("2026-11-23T06:01:30Z"), QUALITY_ERROR)
        .withColumnLineage(columnLineage(warehouse));
  }

  static Config config(String hocon) {
    return ConfigFactory.parseString(hocon);
  }

  /** The events of a local lineage directory, oldest first: one object each, after any single-file log of earlier releases. */
  static java.util.List<String> events(java.nio.file.Path lineageDir) {
    java.util.List<String> events = new java.util.ArrayList<>();
    for (io.meshwork.lineage.internal.LineageObjects.Stored e : io.meshwork.lineage.internal.LineageObjects.readAll(io.meshwork.core.storage.Storage.location(lineageDir))) {
      events.add(e.json());
    }
    return events;
  }

  /** The events of a local lineage directory as one JSON-lines file beside it (for a validator that reads JSONL). */
  static java.nio.file.Path eventsJsonl(java.nio.file.Path lineageDir) {
    try {
      java.nio.file.Path out = lineageDir.resolveSibling(lineageDir.getFileName() + "-events.jsonl");
      java.nio.file.Files.write(out, events(lineageDir));
      return out;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
