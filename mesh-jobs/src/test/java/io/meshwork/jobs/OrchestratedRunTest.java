package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meshwork under an orchestrator: the session carries the parent and root run as Airflow's
 * OpenLineage provider passes them ({@code --conf spark.openlineage.parent*} on spark-submit), and
 * every run event of {@code run --all} and {@code run} hangs under them.
 */
@ExtendWith(SharedSpark.class)
class OrchestratedRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TASK_RUN = "0195f7a2-0000-7000-8000-0000000000a1";
  private static final String DAG_RUN = "0195f7a2-0000-7000-8000-0000000000b2";
  private static final Map<String, String> AIRFLOW =
      Map.of(
          "spark.openlineage.parentJobNamespace", "airflow-prod",
          "spark.openlineage.parentJobName", "mesh_daily.run_mesh",
          "spark.openlineage.parentRunId", TASK_RUN,
          "spark.openlineage.rootParentJobNamespace", "airflow-prod",
          "spark.openlineage.rootParentJobName", "mesh_daily",
          "spark.openlineage.rootParentRunId", DAG_RUN);

  @Test
  void everyRunEventHasTheOrchestratorsRunAsParentOrRoot(SparkSession spark, @TempDir Path dir) throws Exception {
    TestProject project = new TestProject(dir)
        .write("conf/products/sales/orders.conf", TestProject.ORDERS)
        .write("conf/products/finance/totals.conf", TestProject.TOTALS)
        .write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\n");
    // The session the command line will get (the thread's active one, else the shared one), as spark-submit --conf would set it.
    SparkSession session = SparkSession.builder().getOrCreate();
    AIRFLOW.forEach(session.conf()::set);
    TestProject.Result all;
    TestProject.Result one;
    try {
      all = project.mesh("run", "--all", "--date", "2026-11-23");
      one = project.mesh("run", "finance.totals", "--date", "2026-11-24");
    } finally {
      AIRFLOW.keySet().forEach(session.conf()::unset);
    }
    assertThat(all.code()).as(all.err()).isZero();
    assertThat(one.code()).as(one.err()).isZero();

    List<JsonNode> events = new ArrayList<>();
    for (String line : TestProject.lineageEvents(project.warehouse().resolve("_mesh/lineage"))) {
      events.add(JSON.readTree(line));
    }
    // run --all: START, the two products' START and COMPLETE, COMPLETE; then run finance.totals.
    assertThat(events).hasSize(8);
    List<JsonNode> runAll = events.stream().filter(e -> e.at("/job/name").asText().equals("run-all")).toList();
    assertThat(runAll).extracting(e -> e.get("eventType").asText()).containsExactly("START", "COMPLETE");
    String runAllId = runAll.get(0).at("/run/runId").asText();
    for (JsonNode e : runAll) {
      assertThat(e.at("/job/namespace").asText()).isEqualTo("meshwork");
      assertThat(parent(e)).isEqualTo("airflow-prod/mesh_daily.run_mesh/" + TASK_RUN + " root airflow-prod/mesh_daily/" + DAG_RUN);
    }
    List<JsonNode> products = events.stream().filter(e -> !e.at("/job/name").asText().equals("run-all")).toList();
    assertThat(products.subList(0, 4)).allSatisfy(e -> assertThat(parent(e)).isEqualTo("meshwork/run-all/" + runAllId + " root airflow-prod/mesh_daily/" + DAG_RUN));
    assertThat(products.subList(4, 6)).extracting(e -> e.at("/job/name").asText() + " " + e.get("eventType").asText())
        .containsExactly("finance.totals START", "finance.totals COMPLETE");
    assertThat(products.subList(4, 6)).allSatisfy(e -> assertThat(parent(e)).isEqualTo("airflow-prod/mesh_daily.run_mesh/" + TASK_RUN + " root airflow-prod/mesh_daily/" + DAG_RUN));
    assertThat(UUID.fromString(runAllId)).isNotEqualTo(UUID.fromString(TASK_RUN));

    // The product datasets are named by storage, with the product as symlink.
    JsonNode totals = events.get(7);
    assertThat(totals.at("/outputs/0/namespace").asText()).isEqualTo("file");
    assertThat(totals.at("/outputs/0/name").asText()).isEqualTo(project.warehouse().toAbsolutePath().resolve("finance/totals/v1").toString());
    assertThat(totals.at("/outputs/0/facets/symlinks/identifiers/0/name").asText()).isEqualTo("finance.totals");
    assertThat(totals.at("/inputs/0/name").asText()).isEqualTo(project.warehouse().toAbsolutePath().resolve("sales/orders/v1").toString());
    assertThat(totals.at("/inputs/0/facets/symlinks/identifiers/0/name").asText()).isEqualTo("sales.orders");

    // lineage upstream still speaks of products.
    TestProject.Result upstream = project.mesh("lineage", "upstream", "finance.totals");
    assertThat(upstream.code()).as(upstream.err()).isZero();
    assertThat(upstream.out()).containsPattern("1\\s+sales\\.orders\\s+product\\s+0");
  }

  private static String parent(JsonNode event) {
    JsonNode p = event.at("/run/facets/parent");
    return p.at("/job/namespace").asText() + "/" + p.at("/job/name").asText() + "/" + p.at("/run/runId").asText()
        + " root " + p.at("/root/job/namespace").asText() + "/" + p.at("/root/job/name").asText() + "/" + p.at("/root/run/runId").asText();
  }
}
