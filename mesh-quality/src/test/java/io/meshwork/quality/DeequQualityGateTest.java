package io.meshwork.quality;

import static io.meshwork.quality.TestProducts.error;
import static io.meshwork.quality.TestProducts.product;
import static io.meshwork.quality.TestProducts.spec;
import static io.meshwork.quality.TestProducts.warning;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshwork.core.model.ConstraintResult.Status;
import io.meshwork.core.model.ConstraintResult;
import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.QualityGateException;
import io.meshwork.core.model.QualityReport;
import io.meshwork.core.storage.WrittenStatistics;
import io.meshwork.core.storage.internal.DeltaStagedWrite;
import io.meshwork.testing.SharedSpark;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(SharedSpark.class)
class DeequQualityGateTest {
  private static final StructType ORDERS =
      new StructType()
          .add("order_id", DataTypes.IntegerType)
          .add("amount", DataTypes.createDecimalType(10, 2))
          .add("status", DataTypes.StringType)
          .add("email", DataTypes.StringType);

  private static Dataset<Row> good;
  private static Dataset<Row> bad;
  private static Dataset<Row> empty;
  private final DeequQualityGate gate = new DeequQualityGate();

  @BeforeAll
  static void data(SparkSession spark) {
    good =
        orders(
            spark,
            row(1, "10.00", "NEW", "a@x.io"),
            row(2, "20.00", "PAID", "b@x.io"),
            row(3, "30.00", "PAID", "c@x.io"),
            row(4, "40.00", "SHIPPED", null),
            row(5, "50.00", "NEW", "e@x.io"));
    bad =
        orders(
            spark,
            row(1, "10.00", "NEW", "a@x.io"),
            row(2, "-5.00", "PAID", "not-an-email"),
            row(3, null, "LOST", "c@x.io"),
            row(3, "-1.00", "PAID", "d@x.io"),
            row(4, "120.00", "NEW", "toolongaddress@example.com"));
    empty = orders(spark);
  }

  /** Every check kind, declared so that {@code good} passes and {@code bad} fails with this message. */
  static Stream<Arguments> checks() {
    return Stream.of(
        Arguments.of(
            error("complete", List.of("amount")),
            "completeness(amount) must be >= 1.0 but was 0.8 on 5 rows [level=error] (examples: order_id=3)"),
        Arguments.of(
            error("complete", List.of("amount"), "min-fraction", 0.9),
            "completeness(amount) must be >= 0.9 but was 0.8 on 5 rows [level=error] (examples: order_id=3)"),
        Arguments.of(
            error("unique", List.of("order_id")),
            "uniqueness(order_id) must be == 1.0 but was 0.6 on 5 rows [level=error] (examples: 3)"),
        Arguments.of(
            error("range", List.of("amount"), "min", 0, "max", 100),
            "range(amount) must be between 0.0 and 100.0 but was -5.0 to 120.0 on 5 rows [level=error] (examples: -5.00, -1.00, 120.00)"),
        Arguments.of(
            error("range", List.of("amount"), "max", 100),
            "maximum(amount) must be <= 100.0 but was 120.0 on 5 rows [level=error] (examples: 120.00)"),
        Arguments.of(
            spec("range", List.of("amount"), "error", "amounts", "min", 0),
            "minimum(amount) must be >= 0.0 but was -5.0 on 5 rows [level=error, check=amounts] (examples: -5.00, -1.00)"),
        Arguments.of(
            error("allowed-values", List.of("status"), "values", List.of("NEW", "PAID", "SHIPPED")),
            "allowed-values(status) must be >= 1.0 but was 0.8 on 5 rows [level=error] (examples: 'LOST')"),
        Arguments.of(
            error("pattern", List.of("email"), "regex", "^[^@]+@[^@]+$"),
            "pattern(email) must be >= 1.0 but was 0.8 on 5 rows [level=error] (examples: 'not-an-email')"),
        Arguments.of(
            error("non-negative", List.of("amount")),
            "minimum(amount) must be >= 0.0 but was -5.0 on 5 rows [level=error] (examples: -5.00, -1.00)"),
        Arguments.of(
            error("max-length", List.of("email"), "max", 20),
            "max-length(email) must be <= 20 but was 26 on 5 rows [level=error] (examples: 'toolongaddress@example.com')"),
        Arguments.of(
            spec("compliance", List.of(), "error", "amount cap", "predicate", "amount <= 100"),
            "compliance(amount <= 100) must be >= 1.0 but was 0.8 on 5 rows [level=error, check=amount cap] (examples: order_id=4)"),
        Arguments.of(
            error("mean", List.of("amount"), "min", 25, "max", 30),
            "mean(amount) must be between 25.0 and 30.0 but was 31.0 on 5 rows [level=error]"),
        Arguments.of(
            error("stddev", List.of("amount"), "max", 20),
            "stddev(amount) must be <= 20.0 but was 51.6769 on 5 rows [level=error]"),
        Arguments.of(
            error("sum", List.of("amount"), "min", 150),
            "sum(amount) must be >= 150.0 but was 124.0 on 5 rows [level=error]"),
        Arguments.of(
            error("distinct-count", List.of("order_id"), "min", 5),
            "distinct-count(order_id) must be >= 5 but was 4 on 5 rows [level=error]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("checks")
  void eachCheckPassesOnGoodData(ConstraintSpec constraint, String unused) {
    QualityReport report = gate.verify(product(constraint), good);

    assertThat(report.rows()).isEqualTo(5);
    assertThat(report.results()).singleElement().satisfies(r -> {
      assertThat(r.status()).isEqualTo(Status.PASSED);
      assertThat(r.message()).isNull();
      assertThat(r.rows()).isEqualTo(5);
    });
    assertThat(report.passed()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("checks")
  void eachCheckFailsOnBadDataWithExactMessage(ConstraintSpec constraint, String message) {
    QualityReport report = gate.verify(product(constraint), bad);

    ConstraintResult result = report.results().get(0);
    assertThat(result.status()).isEqualTo(Status.FAILED);
    assertThat(result.message()).isEqualTo(message);
    assertThat(report.passed()).isFalse();
  }

  /** Given the statistics Delta wrote for the staged files, the gate gives the very same verdicts. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("checks")
  void eachCheckGivenTheWrittenStatisticsFailsWithTheSameMessage(ConstraintSpec constraint, String message, @TempDir Path dir) {
    DeltaStagedWrite write = DeltaStagedWrite.begin(bad.sparkSession(), io.meshwork.core.storage.Storage.location(dir.resolve("orders")));
    write.stage(bad, DeltaStagedWrite.Mode.OVERWRITE, ORDERS, List.of(), null, Map.of(), null);
    try {
      QualityReport report = gate.verify(product(constraint), write.readStaged(ORDERS), write.stagedStatistics().orElseThrow());

      assertThat(report.rows()).isEqualTo(5);
      assertThat(report.results().get(0).message()).isEqualTo(message);
    } finally {
      write.abort();
    }
  }

  @Test
  void metricsTheStatisticsGiveAreNotComputedAgain() {
    // Hand the verification only the first row, with statistics of all five: the row count and
    // completeness come from the statistics; uniqueness needs a scan and so sees the one row.
    WrittenStatistics statistics = new WrittenStatistics(5, Map.of("amount", 1L), Map.of(), Map.of());
    QualityReport report =
        gate.verify(
            product(error("complete", List.of("amount")), error("row-count", List.of(), "min", 5), error("unique", List.of("order_id"))),
            bad.orderBy("order_id").limit(1), statistics);

    assertThat(report.rows()).isEqualTo(5);
    assertThat(report.results()).extracting(ConstraintResult::observed).containsExactly("0.8", "5", "1.0");
  }

  @Test
  void resultCarriesObservedThresholdAndRows() {
    ConstraintResult result = gate.verify(product(error("complete", List.of("amount"))), bad).results().get(0);

    assertThat(result.observed()).isEqualTo("0.8");
    assertThat(result.threshold()).isEqualTo(">= 1.0");
    assertThat(result.rows()).isEqualTo(5);
  }

  @Test
  void rowCountWithinBounds() {
    assertThat(gate.verify(product(error("row-count", List.of(), "min", 1, "max", 5)), good).passed()).isTrue();

    ConstraintResult result = gate.verify(product(error("row-count", List.of(), "min", 1, "max", 4)), good).results().get(0);

    assertThat(result.status()).isEqualTo(Status.FAILED);
    assertThat(result.message()).isEqualTo("row-count must be between 1 and 4 but was 5 on 5 rows [level=error]");
    assertThat(result.threshold()).isEqualTo("between 1 and 4");
  }

  @Test
  void rowCountOnEmptyData() {
    QualityReport report = gate.verify(product(error("row-count", List.of(), "min", 1)), empty);

    assertThat(report.rows()).isZero();
    assertThat(report.results().get(0).message()).isEqualTo("row-count must be >= 1 but was 0 on 0 rows [level=error]");
    assertThat(report.results().get(0).observed()).isEqualTo("0");
  }

  @Test
  void warningLevelWarnsAndTheReportStillPasses() {
    ConstraintSpec amounts = spec("range", List.of("amount"), ConstraintSpec.WARNING, "non-negative amounts", "min", 0);

    QualityReport report = gate.verify(product(amounts), bad);

    ConstraintResult result = report.results().get(0);
    assertThat(result.status()).isEqualTo(Status.WARNED);
    assertThat(result.message())
        .isEqualTo("minimum(amount) must be >= 0.0 but was -5.0 on 5 rows [level=warning, check=non-negative amounts] (examples: -5.00, -1.00)");
    assertThat(report.passed()).isTrue();
    assertThat(report.failures()).isEmpty();
    assertThat(report.count(Status.WARNED)).isEqualTo(1);
  }

  @Test
  void errorsAndWarningsInOneRun() {
    QualityReport report =
        gate.verify(
            product(
                warning("unique", List.of("order_id")),
                error("complete", List.of("amount")),
                warning("complete", List.of("status")),
                error("unique", List.of("order_id"))),
            bad);

    assertThat(report.results()).extracting(ConstraintResult::status)
        .containsExactly(Status.WARNED, Status.FAILED, Status.PASSED, Status.FAILED);
    assertThat(report.results().get(0).message())
        .isEqualTo("uniqueness(order_id) must be == 1.0 but was 0.6 on 5 rows [level=warning] (examples: 3)");
    assertThat(report.passed()).isFalse();
  }

  @Test
  void everyKindYieldsOneResultPerConstraintInContractOrder() {
    List<ConstraintSpec> all =
        List.of(
            error("complete", List.of("order_id")),
            error("unique", List.of("order_id")),
            error("row-count", List.of(), "min", 1),
            error("range", List.of("amount"), "min", 0, "max", 100),
            error("allowed-values", List.of("status"), "values", List.of("NEW", "PAID", "SHIPPED")),
            error("pattern", List.of("email"), "regex", "@"),
            error("non-negative", List.of("amount")),
            error("max-length", List.of("status"), "max", 10),
            error("compliance", List.of("amount"), "predicate", "amount > 0"),
            error("mean", List.of("amount"), "min", 0),
            error("stddev", List.of("amount"), "max", 100),
            error("sum", List.of("amount"), "max", 1000),
            error("distinct-count", List.of("status"), "min", 2),
            warning("references", List.of("customer_id"), "product", "crm.customers"),
            warning("freshness", List.of("order_ts"), "max-age", "1d"),
            error("anomaly", List.of("amount")),
            // duplicates are separate constraints and must not collapse into one
            error("complete", List.of("order_id")));

    QualityReport report = gate.verify(product(all.toArray(ConstraintSpec[]::new)), good);

    assertThat(report.results()).extracting(ConstraintResult::constraint).containsExactlyElementsOf(all);
    assertThat(report.results().subList(0, 13)).allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.PASSED));
    assertThat(report.results().get(16).status()).isEqualTo(Status.PASSED);
    assertThat(report.results()).extracting(ConstraintResult::observed)
        .containsExactly("1.0", "1.0", "5", "10.0 to 50.0", "1.0", "1.0", "10.0", "7", "1.0", "30.0", "14.1421", "150.0", "3", null, null, null, "1.0");
    assertThat(report.results().subList(13, 16)).extracting(ConstraintResult::status)
        .containsExactly(Status.WARNED, Status.WARNED, Status.FAILED);
    assertThat(report.rows()).isEqualTo(5);
  }

  @Test
  void checksThatNeedContextAreReportedNotPassed() {
    QualityReport report =
        gate.verify(
            product(
                error("references", List.of("customer_id"), "product", "crm.customers"),
                warning("freshness", List.of("order_ts"), "max-age", "1d"),
                spec("anomaly", List.of("amount"), "error", "amount drift")),
            good);

    assertThat(report.results()).extracting(ConstraintResult::status).containsExactly(Status.FAILED, Status.WARNED, Status.FAILED);
    assertThat(report.results()).extracting(ConstraintResult::message)
        .containsExactly(
            "references(customer_id) cannot be verified: check 'references' needs a verification context (run date, certified products, metrics history) and none was given [level=error]",
            "freshness(order_ts) cannot be verified: check 'freshness' needs a verification context (run date, certified products, metrics history) and none was given [level=warning]",
            "anomaly(amount) cannot be verified: check 'anomaly' needs a verification context (run date, certified products, metrics history) and none was given [level=error, check=amount drift]");
  }

  @Test
  void multiColumnUnique(SparkSession spark) {
    StructType lines = new StructType().add("order_id", DataTypes.IntegerType).add("line", DataTypes.IntegerType);
    Dataset<Row> distinct = spark.createDataFrame(List.of(RowFactory.create(1, 1), RowFactory.create(1, 2), RowFactory.create(2, 1)), lines);
    Dataset<Row> duplicated =
        spark.createDataFrame(
            List.of(RowFactory.create(1, 1), RowFactory.create(1, 2), RowFactory.create(2, 1), RowFactory.create(2, 1)), lines);
    ConstraintSpec key = error("unique", List.of("order_id", "line"));

    assertThat(gate.verify(product(key), distinct).passed()).isTrue();
    assertThat(gate.verify(product(key), duplicated).results().get(0).message())
        .isEqualTo("uniqueness(order_id, line) must be == 1.0 but was 0.5 on 4 rows [level=error] (examples: (2, 1))");
  }

  @Test
  void overNoRowsRowLevelChecksHoldAndMeanIsUndefined() {
    QualityReport report =
        gate.verify(
            product(
                error("complete", List.of("amount")),
                error("unique", List.of("order_id")),
                error("range", List.of("amount"), "min", 0),
                error("sum", List.of("amount"), "max", 10),
                error("mean", List.of("amount"), "min", 0)),
            empty);

    assertThat(report.results()).extracting(ConstraintResult::status)
        .containsExactly(Status.PASSED, Status.PASSED, Status.PASSED, Status.PASSED, Status.FAILED);
    assertThat(report.results().get(3).observed()).isEqualTo("0.0");
    assertThat(report.results().get(4).message())
        .isEqualTo("mean(amount) must be >= 0.0 but was undefined (no non-null values) on 0 rows [level=error]");
  }

  @Test
  void nullsAreLeftToCompleteness(SparkSession spark) {
    Dataset<Row> withNulls = orders(spark, row(1, null, null, null), row(2, "5.00", "NEW", "a@x.io"));

    QualityReport report =
        gate.verify(
            product(
                error("range", List.of("amount"), "min", 0, "max", 10),
                error("pattern", List.of("email"), "regex", "@"),
                error("allowed-values", List.of("status"), "values", List.of("NEW")),
                error("compliance", List.of(), "predicate", "amount > 0"),
                error("max-length", List.of("email"), "max", 10),
                error("non-negative", List.of("amount"))),
            withNulls);

    assertThat(report.results()).allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.PASSED));
  }

  @Test
  void constraintsThatCannotBeEvaluatedAsDeclaredFailWithTheReasonAndTheOthersStillRun() {
    QualityReport report =
        gate.verify(
            product(
                error("complete", List.of("amount")),
                error("uniq", List.of("order_id")),
                error("complete", List.of("customer_id")),
                error("pattern", List.of("email"), "regex", "[a-"),
                error("compliance", List.of(), "predicate", "amount >"),
                error("range", List.of("status"), "min", 0),
                warning("range", List.of("amount")),
                error("unique", List.of("order_id"))),
            bad);

    assertThat(report.results()).extracting(ConstraintResult::status)
        .containsExactly(Status.FAILED, Status.FAILED, Status.FAILED, Status.FAILED, Status.FAILED, Status.FAILED, Status.WARNED, Status.FAILED);
    List<String> messages = report.results().stream().map(ConstraintResult::message).toList();
    assertThat(messages.get(0)).startsWith("completeness(amount) must be >= 1.0 but was 0.8");
    assertThat(messages.get(1))
        .isEqualTo(
            "uniq(order_id) cannot be verified: unknown check 'uniq' (known: complete, unique, row-count, range, allowed-values, "
                + "pattern, non-negative, max-length, compliance, mean, stddev, sum, distinct-count, references, freshness, anomaly) [level=error]");
    assertThat(messages.get(2))
        .isEqualTo("complete(customer_id) cannot be verified: no column 'customer_id' in the data (columns: order_id, amount, status, email) [level=error]");
    assertThat(messages.get(3))
        .isEqualTo("pattern(email) cannot be verified: 'regex' is not a valid regular expression: Illegal character range near index 3 [level=error]");
    assertThat(messages.get(4)).startsWith("compliance cannot be verified: 'predicate' is not a valid Spark SQL condition on this data: ");
    assertThat(messages.get(5)).isEqualTo("range(status) cannot be verified: column 'status' is string, not numeric [level=error]");
    assertThat(messages.get(6)).isEqualTo("range(amount) cannot be verified: it needs 'min' and/or 'max' [level=warning]");
    assertThat(messages.get(7)).startsWith("uniqueness(order_id) must be == 1.0 but was 0.6");
  }

  @Test
  void dataThatCannotBeScannedStopsTheGate() {
    ConstraintSpec throwing = error("compliance", List.of(), "predicate", "raise_error('bad row') IS NULL");

    assertThatThrownBy(() -> gate.verify(product(error("complete", List.of("amount")), throwing), good))
        .isInstanceOf(QualityGateException.class)
        .hasMessage("Quality gate could not verify sales.orders (contract 1.0.0): the data could not be scanned: bad row");
  }

  @Test
  void deequsOwnWordingNeverReachesTheUser() {
    ConstraintSpec[] all = checks().map(a -> (ConstraintSpec) a.get()[0]).toArray(ConstraintSpec[]::new);

    QualityReport report = gate.verify(product(all), bad);

    assertThat(report.results()).hasSize(all.length);
    assertThat(report.failures()).hasSize(all.length);
    assertThat(report.results()).allSatisfy(r -> assertThat(r.message()).doesNotContain("constraint requirement").doesNotContain("Value:"));
  }

  private static Row row(Integer id, String amount, String status, String email) {
    return RowFactory.create(id, amount == null ? null : new BigDecimal(amount), status, email);
  }

  private static Dataset<Row> orders(SparkSession spark, Row... rows) {
    return spark.createDataFrame(List.of(rows), ORDERS);
  }
}
