package io.meshwork.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshwork.core.model.ProductId;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedSpark.class)
class CatalogTest {
  private static final ProductId ORDERS = ProductId.parse("sales.orders");
  private static final ProductId CUSTOMERS = ProductId.parse("crm.customers");

  private final SparkSession spark;

  CatalogTest(SparkSession spark) {
    this.spark = spark;
  }

  @Test
  void anAbsentCatalogIsEmpty(@TempDir Path dir) {
    Catalog catalog = new Catalog(spark, Warehouse.at(dir));

    assertThat(catalog.list()).isEmpty();
    assertThat(catalog.last(ORDERS)).isEmpty();
    assertThat(catalog.lastCertified(ORDERS)).isEmpty();
    assertThat(catalog.entries(ORDERS)).isEmpty();
    assertThat(catalog.location()).isEqualTo("file:" + dir.toAbsolutePath().resolve("_mesh/catalog"));
  }

  @Test
  void listsTheLastRunOfEachProductAndKeepsEveryRun(@TempDir Path dir) {
    Catalog catalog = new Catalog(spark, Warehouse.at(dir));
    CatalogEntry orders0 = certified(ORDERS, 0, "2026-11-23T10:00:00.123456Z", "run-1", 5);
    CatalogEntry orders1 = certified(ORDERS, 1, "2026-11-24T10:00:00Z", "run-2", 7);
    CatalogEntry ordersFailed =
        new CatalogEntry(
            "sales.orders", "sales", "orders", 1L, "1.0.0", "sales-team", "failed", 6,
            Instant.parse("2026-11-25T10:00:00Z"), "run-3", LocalDate.parse("2026-11-25"), 3, 1, 0,
            "Quality gate failed for sales.orders (contract 1.0.0): unique(order_id)", "Orders", "/w/sales/orders");
    CatalogEntry customers0 = certified(CUSTOMERS, 0, "2026-11-24T09:00:00Z", "run-4", 3);

    catalog.record(orders0);
    catalog.record(ordersFailed); // recorded before an older run: publishedAt, not insertion, orders them
    catalog.record(customers0);
    catalog.record(orders1);

    assertThat(catalog.list()).containsExactly(customers0, ordersFailed);
    assertThat(catalog.last(ORDERS)).contains(ordersFailed);
    assertThat(catalog.lastCertified(ORDERS)).contains(orders1);
    assertThat(catalog.entries(ORDERS)).containsExactly(ordersFailed, orders1, orders0);
    assertThat(catalog.entries(CUSTOMERS)).containsExactly(customers0);
    assertThat(catalog.last(ProductId.parse("sales.returns"))).isEmpty();
    assertThat(catalog.entries(ProductId.parse("sales.returns"))).isEmpty();
  }

  @Test
  void runsPublishedAtTheSameInstantAreOrderedByInsertion(@TempDir Path dir) {
    Catalog catalog = new Catalog(spark, Warehouse.at(dir));
    CatalogEntry first = certified(ORDERS, 0, "2026-11-23T10:00:00Z", "run-1", 5);
    CatalogEntry second = certified(ORDERS, 1, "2026-11-23T10:00:00Z", "run-2", 6);

    catalog.record(first);
    catalog.record(second);

    assertThat(catalog.list()).containsExactly(second);
    assertThat(catalog.last(ORDERS)).contains(second);
    assertThat(catalog.entries(ORDERS)).containsExactly(second, first);
  }

  @Test
  void keepsNullsAndAStableSqlQueryableSchema(@TempDir Path dir) {
    Catalog catalog = new Catalog(spark, Warehouse.at(dir));
    CatalogEntry failedFirstRun =
        new CatalogEntry(
            "sales.orders", "sales", "orders", null, "1.0.0", null, "failed", 0, Instant.parse("2026-11-23T10:00:00Z"),
            "run-1", null, 0, 0, 0, "Schema check failed", null, "/w/sales/orders");

    catalog.record(failedFirstRun);

    assertThat(catalog.list()).containsExactly(failedFirstRun);
    assertThat(catalog.lastCertified(ORDERS)).isEmpty();
    List<String> columns =
        Arrays.stream(spark.read().format("delta").load(catalog.location()).schema().fields())
            .map(f -> f.name() + " " + f.dataType().simpleString())
            .toList();
    assertThat(columns)
        .containsExactly(
            "product string", "domain string", "name string", "data_version bigint", "contract_version string",
            "owner string", "status string", "rows bigint", "published_at timestamp", "run_id string",
            "run_date date", "constraints_passed int", "constraints_failed int", "constraints_warned int",
            "message string", "description string", "table_location string", "recorded_at timestamp", "rows_added bigint");
    assertThat(
            spark.sql("SELECT status, cast(published_at AS string) FROM delta.`" + catalog.location() + "`")
                .collectAsList()
                .toString())
        .isEqualTo("[[failed,2026-11-23 10:00:00]]");
  }

  @Test
  void refusesAnUnknownStatus() {
    assertThatThrownBy(
            () ->
                new CatalogEntry(
                    "sales.orders", "sales", "orders", 0L, "1.0.0", "t", "ok", 1, Instant.EPOCH, "r", null, 0, 0, 0,
                    null, null, "/w"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status must be 'certified' or 'failed' but was 'ok'");
  }

  private static CatalogEntry certified(ProductId id, long version, String at, String runId, long rows) {
    Instant publishedAt = Instant.parse(at);
    return new CatalogEntry(
        id.toString(), id.domain(), id.name(), version, "1.0.0", id.domain() + "-team", "certified", rows, publishedAt,
        runId, LocalDate.parse(at.substring(0, 10)), 4, 0, 1, null, "The " + id.name(), "/w/" + id.domain() + "/" + id.name());
  }
}
