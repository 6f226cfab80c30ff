package io.meshwork.quality;

import static io.meshwork.quality.TestProducts.error;
import static io.meshwork.quality.TestProducts.product;
import static io.meshwork.quality.TestProducts.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.model.ConstraintResult.Status;
import io.meshwork.core.model.ConstraintResult;
import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.QualityReport;
import io.meshwork.core.model.SemVer;
import io.meshwork.core.publish.PublishOutcome;
import io.meshwork.core.publish.VerificationContext;
import io.meshwork.core.storage.Storage;
import io.meshwork.testing.SharedSpark;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Metrics history (every verification, passed or failed) and anomaly detection over it. */
@ExtendWith(SharedSpark.class)
class HistoryAndAnomalyTest {
  private static final ProductId ORDERS = new ProductId("sales", "orders");
  private static final LocalDate DAY1 = LocalDate.of(2026, 1, 1);
  private static final StructType SCHEMA = new StructType().add("order_id", DataTypes.IntegerType).add("amount", DataTypes.createDecimalType(10, 2));

  @TempDir Path metrics;
  private final DeequQualityGate gate = new DeequQualityGate();

  private static Dataset<Row> rows(SparkSession spark, int n, int nullAmounts) {
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      rows.add(RowFactory.create(i, i <= nullAmounts ? null : BigDecimal.valueOf(i * 10L, 0)));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  private VerificationContext day(int n, long version) {
    return new VerificationContext(ORDERS, new SemVer(1, 0, 0), DAY1.plusDays(n - 1), UUID.nameUUIDFromBytes(new byte[] {(byte) n}), version, null, Storage.location(metrics));
  }

  private static final ConstraintSpec VOLUME =
      spec("anomaly", List.of(), "error", "volume", "metric", "row-count", "strategy", "relative-rate-of-change",
          "max-rate-decrease", 0.5, "max-rate-increase", 2.0);

  @Test
  void everyVerificationIsKeptWithItsTagsAndMetricsIncludingFailedOnes(SparkSession spark) {
    DataProduct product = product(error("complete", List.of("amount")), error("row-count", List.of(), "min", 1));

    assertThat(gate.verify(product, rows(spark, 10, 0), day(1, 0)).passed()).isTrue();
    assertThat(gate.verify(product, rows(spark, 12, 0), day(2, 1)).passed()).isTrue();
    assertThat(gate.verify(product, rows(spark, 8, 2), day(3, 2)).passed()).isFalse();

    List<QualityRun> runs = QualityHistory.at(spark, metrics).runs(ORDERS);

    assertThat(runs).extracting(QualityRun::runDate).containsExactly(DAY1, DAY1.plusDays(1), DAY1.plusDays(2));
    assertThat(runs).extracting(QualityRun::dataVersion).containsExactly(0L, 1L, 2L);
    assertThat(runs).extracting(QualityRun::status).containsExactly("passed", "passed", "failed");
    assertThat(runs).extracting(r -> r.metrics().get("row-count")).containsExactly(10.0, 12.0, 8.0);
    assertThat(runs).extracting(r -> r.metrics().get("completeness(amount)")).containsExactly(1.0, 1.0, 0.75);
    assertThat(runs.get(0).runId()).isEqualTo(UUID.nameUUIDFromBytes(new byte[] {1}).toString());
    assertThat(runs.get(0).contractVersion()).isEqualTo("1.0.0");
    assertThat(runs.get(0).product()).isEqualTo(ORDERS);
    assertThat(QualityHistory.at(spark, metrics).runs(new ProductId("crm", "customers"))).isEmpty();
  }

  @Test
  void eachVerificationIsANewFileAndTheSingleFileOfEarlierReleasesStillReads(SparkSession spark) throws java.io.IOException {
    DataProduct product = product(error("row-count", List.of(), "min", 1));
    gate.verify(product, rows(spark, 10, 0), day(1, 0));
    gate.verify(product, rows(spark, 12, 0), day(2, 1));
    List<Path> files;
    try (var list = Files.list(metrics.resolve("sales/orders"))) {
      files = list.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).hasSize(2).allMatch(f -> f.getFileName().toString().matches("\\d{13}-[0-9a-f]{8}\\.json"));

    // The first run as an earlier release kept it: the whole history in metrics.json.
    Files.move(files.get(0), metrics.resolve("sales/orders/metrics.json"));
    assertThat(QualityHistory.at(spark, metrics).runs(ORDERS)).extracting(r -> r.metrics().get("row-count")).containsExactly(10.0, 12.0);
  }

  @Test
  void aSharpDropInRowCountAfterThreeRunsFailsTheGate(SparkSession spark) {
    DataProduct product = product(VOLUME);

    for (int day = 1; day <= 3; day++) {
      QualityReport report = gate.verify(product, rows(spark, 10, 0), day(day, day - 1));
      assertThat(report.passed()).as("day %d", day).isTrue();
    }
    QualityReport drop = gate.verify(product, rows(spark, 4, 0), day(4, 3));

    assertThat(drop.passed()).isFalse();
    ConstraintResult r = drop.results().get(0);
    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.observed()).isEqualTo("4");
    assertThat(r.threshold()).isEqualTo("between 5 and 20 (relative-rate-of-change from 10 on run date 2026-01-03)");
    assertThat(r.message())
        .isEqualTo("row-count must be between 5 and 20 (relative-rate-of-change from 10 on run date 2026-01-03) but was 4 on 4 rows [level=error, check=volume]");
    // the failed run is kept, but never becomes the baseline: the next day is still compared with 10
    assertThat(QualityHistory.at(spark, metrics).runs(ORDERS)).extracting(QualityRun::status).containsExactly("passed", "passed", "passed", "failed");
    assertThat(gate.verify(product, rows(spark, 9, 0), day(5, 3)).results().get(0).threshold())
        .isEqualTo("between 5 and 20 (relative-rate-of-change from 10 on run date 2026-01-03)");
  }

  @Test
  void aRunThatLostAPublishConflictIsKeptWithItsOutcomeButNeverBecomesTheBaseline(SparkSession spark) {
    DataProduct product = product(VOLUME);
    assertThat(gate.verify(product, rows(spark, 10, 0), day(1, 0)).passed()).isTrue();
    gate.settle(product, day(1, 0), PublishOutcome.PUBLISHED, 0L);
    // day 2 passes with 18 rows, but another writer commits first
    assertThat(gate.verify(product, rows(spark, 18, 0), day(2, 1)).passed()).isTrue();
    gate.settle(product, day(2, 1), PublishOutcome.CONFLICT, null);

    ConstraintResult r = gate.verify(product, rows(spark, 9, 0), day(3, 1)).results().get(0);

    assertThat(r.threshold()).isEqualTo("between 5 and 20 (relative-rate-of-change from 10 on run date 2026-01-01)");
    List<QualityRun> runs = QualityHistory.at(spark, metrics).runs(ORDERS);
    assertThat(runs).extracting(QualityRun::outcome).containsExactly("published", "conflict", "published");
    assertThat(runs).extracting(QualityRun::dataVersion).containsExactly(0L, null, 1L);
  }

  @Test
  void theFirstRunHasNoHistoryAndPassesSayingSo(SparkSession spark) {
    ConstraintResult r = gate.verify(product(VOLUME), rows(spark, 10, 0), day(1, 0)).results().get(0);

    assertThat(r.status()).isEqualTo(Status.PASSED);
    assertThat(r.observed()).isEqualTo("10");
    assertThat(r.threshold()).isEqualTo("no anomaly (relative-rate-of-change; not checked: 0 of 1 earlier run date in the history)");
  }

  @Test
  void absoluteChangeOfCompletenessWarns(SparkSession spark) {
    ConstraintSpec drift =
        spec("anomaly", List.of(), "warning", null, "metric", "completeness(amount)", "strategy", "absolute-change", "max-rate-decrease", -0.1);
    DataProduct product = product(drift);
    gate.verify(product, rows(spark, 10, 0), day(1, 0));

    QualityReport report = gate.verify(product, rows(spark, 10, 3), day(2, 1));

    assertThat(report.passed()).isTrue();
    assertThat(report.results().get(0).message())
        .isEqualTo("completeness(amount) must be >= 0.9 (absolute-change from 1.0 on run date 2026-01-01) but was 0.7 on 10 rows [level=warning]");
  }

  @Test
  void onlineNormalOverTheHistoryOfAMean(SparkSession spark) {
    ConstraintSpec mean =
        spec("anomaly", List.of(), "error", null, "metric", "mean(amount)", "strategy", "online-normal",
            "lower-deviation-factor", 1.0, "upper-deviation-factor", 1.0);
    DataProduct product = product(mean);
    for (int day = 1; day <= 3; day++) {
      gate.verify(product, rows(spark, 10 + day, 0), day(day, day - 1)); // means 60, 65, 70
    }

    // Deequ's running mean and stddev include the point under test: 66.25 ± 4.1458 over 60, 65, 70, 70
    ConstraintResult normal = gate.verify(product, rows(spark, 13, 0), day(4, 3)).results().get(0);
    ConstraintResult outlier = gate.verify(product, rows(spark, 100, 0), day(5, 4)).results().get(0);

    assertThat(normal.status()).isEqualTo(Status.PASSED);
    assertThat(normal.threshold()).isEqualTo("between 62.1042 and 70.3958 (online-normal over 3 earlier run dates and this run)");
    assertThat(outlier.status()).isEqualTo(Status.FAILED);
    assertThat(outlier.message())
        .isEqualTo("mean(amount) must be between -21.5392 and 329.5392 (online-normal over 4 earlier run dates and this run) but was 505.0 on 100 rows [level=error]");
  }

  @Test
  void everyKindReachesTheResultWithAContext(SparkSession spark) {
    List<ConstraintSpec> all =
        List.of(
            error("complete", List.of("order_id")),
            error("unique", List.of("order_id")),
            error("row-count", List.of(), "min", 1),
            error("range", List.of("amount"), "min", 0, "max", 100),
            error("allowed-values", List.of("order_id"), "values", List.of("1", "2", "3")),
            error("pattern", List.of("code"), "regex", "^A[0-9]+$"),
            error("non-negative", List.of("amount")),
            error("max-length", List.of("code"), "max", 5),
            error("compliance", List.of(), "predicate", "amount > 0"),
            error("mean", List.of("amount"), "min", 0),
            error("stddev", List.of("amount"), "max", 100),
            error("sum", List.of("amount"), "max", 1000),
            error("distinct-count", List.of("order_id"), "min", 3),
            error("references", List.of("order_id"), "product", "sales.orders", "ref-column", "order_id"),
            error("freshness", List.of("ts"), "max-age", "1d"),
            error("anomaly", List.of(), "metric", "mean(amount)", "strategy", "absolute-change", "max-rate-increase", 5),
            error("complete", List.of("order_id")));
    Dataset<Row> data =
        rows(spark, 3, 0)
            .withColumn("code", org.apache.spark.sql.functions.expr("concat('A', order_id)"))
            .withColumn("ts", org.apache.spark.sql.functions.expr("TIMESTAMP'2026-01-01 12:00:00'"));
    VerificationContext context = new VerificationContext(ORDERS, null, DAY1, null, null, ref -> data, Storage.location(metrics));

    QualityReport report = gate.verify(product(all.toArray(ConstraintSpec[]::new)), data, context);

    assertThat(report.results()).extracting(ConstraintResult::constraint).containsExactlyElementsOf(all);
    assertThat(report.results()).extracting(ConstraintResult::status)
        .containsExactly(
            Status.PASSED, Status.PASSED, Status.PASSED, Status.PASSED, Status.PASSED, Status.PASSED, Status.PASSED, Status.PASSED,
            Status.PASSED, Status.PASSED, Status.PASSED, Status.PASSED, Status.PASSED, Status.PASSED, Status.PASSED, Status.PASSED,
            Status.PASSED);
    assertThat(report.results().get(14).observed()).isEqualTo("12h old (newest 2026-01-01T12:00:00Z)");
    assertThat(report.results().get(13).observed()).isEqualTo("1.0");
    assertThat(report.results().get(15).observed()).isEqualTo("20.0");
  }

  @Test
  void invalidAnomalyDeclarationsAreReported(SparkSession spark) {
    QualityReport report =
        gate.verify(
            product(
                error("anomaly", List.of(), "metric", "median(amount)", "strategy", "online-normal"),
                error("anomaly", List.of(), "metric", "row-count", "strategy", "holt-winters"),
                error("anomaly", List.of(), "metric", "row-count", "strategy", "absolute-change")),
            rows(spark, 3, 0),
            day(1, 0));

    assertThat(report.results()).extracting(ConstraintResult::message)
        .containsExactly(
            "anomaly cannot be verified: 'metric' must be row-count or one of completeness, distinct-count, max-length, maximum, mean, minimum, stddev, sum "
                + "of a column, such as completeness(amount), got 'median(amount)' [level=error]",
            "anomaly cannot be verified: 'strategy' must be one of relative-rate-of-change, absolute-change, online-normal, got 'holt-winters' [level=error]",
            "anomaly cannot be verified: strategy absolute-change needs 'max-rate-decrease' and/or 'max-rate-increase' [level=error]");
  }
}
