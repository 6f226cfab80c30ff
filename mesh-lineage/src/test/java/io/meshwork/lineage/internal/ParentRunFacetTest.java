package io.meshwork.lineage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.model.ColumnSpec;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.SemVer;
import io.meshwork.core.model.SourceLocation;
import io.meshwork.core.spi.RunInfo;
import io.meshwork.core.spi.RunOutcome;
import io.meshwork.core.storage.Warehouse;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code parent} facet of every Meshwork run event under an orchestrator that passes its run as
 * Airflow's OpenLineage provider does, with and without {@code run --all} in between.
 */
class ParentRunFacetTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final URI PRODUCER = URI.create("https://meshwork.io/mesh-lineage");
  private static final UUID TASK_RUN = UUID.fromString("0195f7a2-0000-7000-8000-0000000000a1");
  private static final UUID DAG_RUN = UUID.fromString("0195f7a2-0000-7000-8000-0000000000b2");
  private static final UUID RUN_ALL = UUID.fromString("0195f7a2-0000-7000-8000-0000000000c3");
  /** What Airflow's SparkSubmitOperator passes with OpenLineage's macros. */
  private static final Map<String, String> AIRFLOW =
      Map.of(
          "spark.openlineage.parentJobNamespace", "airflow-prod",
          "spark.openlineage.parentJobName", "mesh_daily.run_sales",
          "spark.openlineage.parentRunId", TASK_RUN.toString(),
          "spark.openlineage.rootParentJobNamespace", "airflow-prod",
          "spark.openlineage.rootParentJobName", "mesh_daily",
          "spark.openlineage.rootParentRunId", DAG_RUN.toString());

  @TempDir Path dir;

  @Test
  void aProductRunIsAChildOfTheOrchestratorTaskUnderItsDag() throws Exception {
    Warehouse warehouse = Warehouse.at(dir);
    RunEvents events = new RunEvents(PRODUCER, warehouse, SessionLineage.from(AIRFLOW::get));
    RunInfo run = run(warehouse, null);

    for (OpenLineage.RunEvent event : List.of(events.start(run), events.finish(run, outcome()))) {
      JsonNode parent = json(event).at("/run/facets/parent");
      assertThat(parent.at("/job/namespace").asText()).isEqualTo("airflow-prod");
      assertThat(parent.at("/job/name").asText()).isEqualTo("mesh_daily.run_sales");
      assertThat(parent.at("/run/runId").asText()).isEqualTo(TASK_RUN.toString());
      assertThat(parent.at("/root/job/namespace").asText()).isEqualTo("airflow-prod");
      assertThat(parent.at("/root/job/name").asText()).isEqualTo("mesh_daily");
      assertThat(parent.at("/root/run/runId").asText()).isEqualTo(DAG_RUN.toString());
    }
  }

  @Test
  void runAllIsTheParentOfItsProductsAndTheOrchestratorsChildWithTheRootPassedThrough() throws Exception {
    Warehouse warehouse = Warehouse.at(dir);
    RunEvents events = new RunEvents(PRODUCER, warehouse, SessionLineage.from(AIRFLOW::get));

    JsonNode product = json(events.start(run(warehouse, RUN_ALL))).at("/run/facets/parent");
    assertThat(product.at("/job/namespace").asText()).isEqualTo("meshwork");
    assertThat(product.at("/job/name").asText()).isEqualTo("run-all");
    assertThat(product.at("/run/runId").asText()).isEqualTo(RUN_ALL.toString());
    assertThat(product.at("/root/job/name").asText()).isEqualTo("mesh_daily");
    assertThat(product.at("/root/run/runId").asText()).isEqualTo(DAG_RUN.toString());

    for (OpenLineage.RunEvent event : List.of(events.runAllStart(RUN_ALL, Instant.EPOCH), events.runAllFinish(RUN_ALL, Instant.EPOCH, null))) {
      JsonNode runAll = json(event);
      assertThat(runAll.at("/job/namespace").asText()).isEqualTo("meshwork");
      assertThat(runAll.at("/job/name").asText()).isEqualTo("run-all");
      assertThat(runAll.at("/run/runId").asText()).isEqualTo(RUN_ALL.toString());
      assertThat(runAll.at("/run/facets/parent/job/name").asText()).isEqualTo("mesh_daily.run_sales");
      assertThat(runAll.at("/run/facets/parent/run/runId").asText()).isEqualTo(TASK_RUN.toString());
      assertThat(runAll.at("/run/facets/parent/root/run/runId").asText()).isEqualTo(DAG_RUN.toString());
    }
    JsonNode failed = json(events.runAllFinish(RUN_ALL, Instant.EPOCH, "not published: sales.returns failed"));
    assertThat(failed.get("eventType").asText()).isEqualTo("FAIL");
    assertThat(failed.at("/run/facets/errorMessage/message").asText()).isEqualTo("not published: sales.returns failed");
  }

  @Test
  void withoutAnOrchestratorRunAllIsItsProductsRootAndHasNoParent() throws Exception {
    Warehouse warehouse = Warehouse.at(dir);
    RunEvents events = new RunEvents(PRODUCER, warehouse, SessionLineage.NONE);

    JsonNode product = json(events.start(run(warehouse, RUN_ALL))).at("/run/facets/parent");
    assertThat(product.at("/root/job/name").asText()).isEqualTo("run-all");
    assertThat(product.at("/root/run/runId").asText()).isEqualTo(RUN_ALL.toString());
    assertThat(json(events.runAllStart(RUN_ALL, Instant.EPOCH)).at("/run/facets").has("parent")).isFalse();
    assertThat(json(events.start(run(warehouse, null))).at("/run/facets").has("parent")).isFalse();
  }

  @Test
  void withAHiveMetastoreAProductAlsoHasItsTableNameThereAsSymlink() throws Exception {
    Warehouse warehouse = Warehouse.at(dir);
    SessionLineage hive = SessionLineage.from(Map.of("spark.sql.catalogImplementation", "hive", "spark.sql.hive.metastore.uris", "thrift://metastore:9083")::get);
    JsonNode symlinks = json(new RunEvents(PRODUCER, warehouse, hive).start(run(warehouse, null))).at("/outputs/0/facets/symlinks/identifiers");

    assertThat(JSON.writeValueAsString(symlinks))
        .isEqualTo(
            "[{\"namespace\":\"" + warehouse.uri() + "\",\"name\":\"sales.orders\",\"type\":\"TABLE\"},"
                + "{\"namespace\":\"hive://metastore:9083\",\"name\":\"sales.orders\",\"type\":\"TABLE\"}]");
  }

  private static RunInfo run(Warehouse warehouse, UUID runAll) {
    DataProduct product =
        DataProduct.builder(new ProductId("sales", "orders"), new SemVer(1, 0, 0))
            .columns(List.of(new ColumnSpec("order_id", "bigint", false, null, "internal", Map.of(), SourceLocation.UNKNOWN)))
            .build();
    return new RunInfo(
        UUID.randomUUID(), product, LocalDate.of(2026, 11, 23), warehouse.uri(), warehouse.table(product.id()).toUri().toString(), Instant.EPOCH, runAll);
  }

  private static RunOutcome outcome() {
    return new RunOutcome(0L, 3, null, List.of(), null, Instant.EPOCH, null);
  }

  private static JsonNode json(OpenLineage.RunEvent event) throws Exception {
    return JSON.readTree(OpenLineageClientUtils.toJson(event));
  }
}
