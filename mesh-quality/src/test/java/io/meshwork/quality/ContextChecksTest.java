package io.meshwork.quality;

import static io.meshwork.quality.TestProducts.error;
import static io.meshwork.quality.TestProducts.product;
import static io.meshwork.quality.TestProducts.spec;
import static io.meshwork.quality.TestProducts.warning;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.model.ConstraintResult.Status;
import io.meshwork.core.model.ConstraintResult;
import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.NotFoundException;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.ProductRef;
import io.meshwork.core.model.QualityReport;
import io.meshwork.core.publish.QualityGate;
import io.meshwork.core.publish.VerificationContext;
import io.meshwork.testing.SharedSpark;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** references and freshness, which need a verification context. */
@ExtendWith(SharedSpark.class)
class ContextChecksTest {
  private static final LocalDate RUN_DATE = LocalDate.of(2026, 1, 10);
  private static final StructType ORDERS =
      new StructType()
          .add("order_id", DataTypes.IntegerType)
          .add("customer_id", DataTypes.StringType)
          .add("order_ts", DataTypes.TimestampType)
          .add("order_date", DataTypes.DateType);

  private static Dataset<Row> orders;
  private static Dataset<Row> customers;
  private final DeequQualityGate gate = new DeequQualityGate();
  private final List<ProductRef> read = new ArrayList<>();

  @BeforeAll
  static void data(SparkSession spark) {
    orders =
        spark.createDataFrame(
            List.of(
                order(1, "C1", "2026-01-10T08:00:00Z"),
                order(2, "C2", "2026-01-09T22:30:00Z"),
                order(3, "C9", "2026-01-09T12:00:00Z"),
                order(4, null, "2026-01-08T00:00:00Z"),
                order(5, "C7", "2026-01-10T01:00:00Z")),
            ORDERS);
    customers =
        spark.createDataFrame(
            List.of(RowFactory.create("C1"), RowFactory.create("C2"), RowFactory.create("C2"), RowFactory.create((Object) null)),
            new StructType().add("id", DataTypes.StringType));
  }

  private VerificationContext context(Function<ProductRef, Dataset<Row>> reader) {
    return new VerificationContext(new ProductId("sales", "orders"), null, RUN_DATE, null, null, reader, null);
  }

  private VerificationContext context() {
    return context(ref -> {
      read.add(ref);
      return customers;
    });
  }

  private ConstraintResult one(ConstraintSpec constraint, VerificationContext context) {
    QualityReport report = gate.verify(product(constraint), orders, context);
    assertThat(report.results()).hasSize(1);
    return report.results().get(0);
  }

  @Test
  void referencesFailsWithTheFractionAndTheMissingValues() {
    ConstraintResult r = one(error("references", List.of("customer_id"), "product", "crm.customers", "ref-column", "id"), context());

    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.observed()).isEqualTo("0.5");
    assertThat(r.threshold()).isEqualTo(">= 1.0");
    assertThat(r.message())
        .isEqualTo("references(customer_id) must be >= 1.0 but was 0.5 on 5 rows [level=error] (examples not found in crm.customers.id: 'C7', 'C9')");
    assertThat(read).containsExactly(ProductRef.parse("crm.customers"));
  }

  @Test
  void referencesPassesWithinMinFractionAndReadsAPinnedVersion() {
    ConstraintResult r =
        one(error("references", List.of("customer_id"), "product", "crm.customers@7", "ref-column", "id", "min-fraction", 0.5), context());

    assertThat(r.status()).isEqualTo(Status.PASSED);
    assertThat(r.observed()).isEqualTo("0.5");
    assertThat(r.message()).isNull();
    assertThat(read).containsExactly(ProductRef.parse("crm.customers@7"));
  }

  @Test
  void referencesToAProductThatCannotBeReadOrHasNoSuchColumn() {
    VerificationContext missing = context(ref -> {
      throw new NotFoundException("crm.customers has no certified version yet in warehouse /w");
    });

    assertThat(one(warning("references", List.of("customer_id"), "product", "crm.customers", "ref-column", "id"), missing).message())
        .isEqualTo(
            "references(customer_id) cannot be verified: the referenced product cannot be read: "
                + "crm.customers has no certified version yet in warehouse /w [level=warning]");
    assertThat(one(error("references", List.of("customer_id"), "product", "crm.customers", "ref-column", "customer_id"), context()).message())
        .isEqualTo("references(customer_id) cannot be verified: in crm.customers: no column 'customer_id' in the data (columns: id) [level=error]");
  }

  @Test
  void freshnessPassesWhenTheNewestValueIsWithinMaxAgeOfTheEndOfTheRunDate() {
    ConstraintResult r = one(error("freshness", List.of("order_ts"), "max-age", "24h"), context());

    assertThat(r.status()).isEqualTo(Status.PASSED);
    assertThat(r.observed()).isEqualTo("16h old (newest 2026-01-10T08:00:00Z)");
    assertThat(r.threshold()).isEqualTo("at most 24h old at the end of run date 2026-01-10");
  }

  @Test
  void freshnessFailsWithAgeAndNewestValue() {
    VerificationContext later = new VerificationContext(new ProductId("sales", "orders"), null, RUN_DATE.plusDays(2), null, null, null, null);

    ConstraintResult r = one(spec("freshness", List.of("order_ts"), "error", "orders arrive daily", "max-age", "1d"), later);

    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.message())
        .isEqualTo(
            "freshness(order_ts) must be at most 1d old at the end of run date 2026-01-12 but was 2d 16h old "
                + "(newest 2026-01-10T08:00:00Z) on 5 rows [level=error, check=orders arrive daily]");
  }

  @Test
  void freshnessOfADateColumnCountsFromItsMidnight() {
    ConstraintResult fresh = one(error("freshness", List.of("order_date"), "max-age", "1d"), context());
    VerificationContext later = new VerificationContext(new ProductId("sales", "orders"), null, RUN_DATE.plusDays(1), null, null, null, null);
    ConstraintResult stale = one(warning("freshness", List.of("order_date"), "max-age", "1d"), later);

    assertThat(fresh.status()).isEqualTo(Status.PASSED);
    assertThat(fresh.observed()).isEqualTo("1d old (newest 2026-01-10T00:00:00Z)");
    assertThat(stale.status()).isEqualTo(Status.WARNED);
    assertThat(stale.message())
        .isEqualTo("freshness(order_date) must be at most 1d old at the end of run date 2026-01-11 but was 2d old (newest 2026-01-10T00:00:00Z) on 5 rows [level=warning]");
  }

  @Test
  void freshnessOverNoValuesOrOfANonTimeColumnFails(SparkSession spark) {
    Dataset<Row> none = spark.createDataFrame(List.of(), ORDERS);
    QualityReport report = gate.verify(product(error("freshness", List.of("order_ts"), "max-age", "1d")), none, context());

    assertThat(report.results().get(0).message())
        .isEqualTo("freshness(order_ts) must be at most 1d old at the end of run date 2026-01-10 but was undefined (no non-null values) on 0 rows [level=error]");
    assertThat(one(error("freshness", List.of("customer_id"), "max-age", "1d"), context()).message())
        .isEqualTo("freshness(customer_id) cannot be verified: column 'customer_id' is string, not a timestamp or date [level=error]");
  }

  @Test
  void withoutAContextTheContextChecksAreReportedNotPassed() {
    QualityReport report =
        gate.verify(
            product(
                error("references", List.of("customer_id"), "product", "crm.customers", "ref-column", "id"),
                warning("freshness", List.of("order_ts"), "max-age", "1d"),
                spec("anomaly", List.of(), "error", "volume", "metric", "row-count", "strategy", "online-normal")),
            orders);

    assertThat(report.results()).extracting(ConstraintResult::status).containsExactly(Status.FAILED, Status.WARNED, Status.FAILED);
    assertThat(report.results().get(0).message())
        .isEqualTo(
            "references(customer_id) cannot be verified: check 'references' needs a verification context "
                + "(run date, certified products, metrics history) and none was given [level=error]");
  }

  @Test
  void aGateBoundToAContextUsesItInTheTwoArgumentVerify() {
    QualityGate bound = gate.withContext(context());

    QualityReport report = bound.verify(product(error("freshness", List.of("order_ts"), "max-age", "24h")), orders);

    assertThat(report.passed()).isTrue();
  }

  private static Row order(int id, String customer, String ts) {
    Instant at = Instant.parse(ts);
    return RowFactory.create(id, customer, Timestamp.from(at), Date.valueOf(at.atZone(java.time.ZoneOffset.UTC).toLocalDate()));
  }
}
