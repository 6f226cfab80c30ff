package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.Mesh;
import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ExitCode;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.QualityReport;
import io.meshwork.core.publish.PublishOutcome;
import io.meshwork.core.publish.QualityGate;
import io.meshwork.core.publish.VerificationContext;
import io.meshwork.core.spi.RunListener;
import io.meshwork.core.storage.WrittenStatistics;
import io.meshwork.quality.DeequQualityGate;
import io.meshwork.quality.QualityHistory;
import io.meshwork.quality.QualityRun;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The metrics history records what became of each run: published, refused by the gate, or lost to a concurrent writer. */
@ExtendWith(SharedSpark.class)
class RunOutcomeHistoryTest {
  private static final ProductId ORDERS = ProductId.parse("sales.orders");
  private static final LocalDate DAY1 = LocalDate.of(2026, 3, 1);

  /** The real gate; every verification that passes waits until both runs have passed, so both then race to commit. */
  private static final class RacingGate implements QualityGate {
    private final DeequQualityGate gate = new DeequQualityGate();
    private final CyclicBarrier bothVerified = new CyclicBarrier(2);

    @Override
    public QualityReport verify(DataProduct product, Dataset<Row> data) {
      throw new UnsupportedOperationException("runs verify in context");
    }

    @Override
    public QualityReport verify(DataProduct product, Dataset<Row> data, VerificationContext context) {
      return race(gate.verify(product, data, context));
    }

    @Override
    public QualityReport verify(DataProduct product, Dataset<Row> data, WrittenStatistics statistics, VerificationContext context) {
      return race(gate.verify(product, data, statistics, context));
    }

    @Override
    public void settle(DataProduct product, VerificationContext context, PublishOutcome outcome, Long dataVersion) {
      gate.settle(product, context, outcome, dataVersion);
    }

    private QualityReport race(QualityReport report) {
      try {
        bothVerified.await(120, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("the other run never verified", e);
      }
      return report;
    }
  }

  @Test
  void concurrentRunsLeaveOneHistoryEntryPerOutcome(SparkSession spark, @TempDir Path dir) throws Exception {
    TestProject project = new TestProject(dir)
        .write("conf/products/sales/orders.conf", TestProject.ORDERS)
        .write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,4.00\n");
    assertThat(project.mesh("run", "sales.orders", "--date", DAY1.toString()).code()).isZero();

    Mesh mesh = Mesh.open(spark, project.warehouse());
    ContractRepository contracts = new ContractRepository(project.file("conf"));
    RacingGate gate = new RacingGate();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<RunReport>> runs = new ArrayList<>();
    try {
      for (LocalDate day : List.of(DAY1.plusDays(1), DAY1.plusDays(2))) {
        runs.add(pool.submit(() -> new ProductRunner(spark, contracts, mesh, gate, RunListener.NONE).run(ORDERS, day)));
      }
      List<Integer> codes = new ArrayList<>();
      for (Future<RunReport> run : runs) {
        try {
          codes.add(run.get(300, TimeUnit.SECONDS).exitCode().code());
        } catch (java.util.concurrent.ExecutionException e) {
          codes.add(ExitCodes.of((MeshException) e.getCause()).code());
        }
      }
      assertThat(codes).containsExactlyInAnyOrder(ExitCode.OK.code(), ExitCode.CONFLICT.code());
    } finally {
      pool.shutdownNow();
    }
    project.write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,-4.00\n");
    assertThat(project.mesh("run", "sales.orders", "--date", DAY1.plusDays(3).toString()).code()).isEqualTo(ExitCode.QUALITY.code());

    List<QualityRun> history = QualityHistory.of(spark, mesh.warehouse()).runs(ORDERS);
    assertThat(history).extracting(QualityRun::outcome).containsExactlyInAnyOrder("published", "published", "conflict", "refused");
    QualityRun winner = history.stream().filter(r -> r.published() && !r.runDate().equals(DAY1)).findFirst().orElseThrow();
    QualityRun loser = history.stream().filter(r -> r.outcome().equals("conflict")).findFirst().orElseThrow();
    assertThat(winner.dataVersion()).isEqualTo(1L);
    assertThat(loser.dataVersion()).as("a losing run created no version").isNull();
    assertThat(loser.passed()).isTrue();
    assertThat(loser.runDate()).isNotEqualTo(winner.runDate());
    assertThat(mesh.read("sales.orders").latestVersion()).isEqualTo(1L);

    TestProject.Result json = project.mesh("quality", "history", "sales.orders", "--json");
    assertThat(json.code()).as(json.err()).isZero();
    JsonNode entries = new ObjectMapper().readTree(json.out());
    assertThat(entries.findValuesAsText("outcome")).containsExactlyInAnyOrder("published", "published", "conflict", "refused");
  }
}
