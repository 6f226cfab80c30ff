package io.meshwork.lineage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The orchestrator's parent and root, and the metastore, read from a session's settings. */
class SessionLineageTest {
  private static final String PARENT = "0195f7a2-0000-7000-8000-0000000000a1";
  private static final String ROOT = "0195f7a2-0000-7000-8000-0000000000b2";

  @Test
  void theRootDefaultsToTheParent() {
    SessionLineage s =
        SessionLineage.from(
            Map.of(
                    "spark.openlineage.parentJobNamespace", "airflow-prod",
                    "spark.openlineage.parentJobName", "orders_dag.run_orders",
                    "spark.openlineage.parentRunId", PARENT)
                ::get);

    SessionLineage.RunRef parent = new SessionLineage.RunRef("airflow-prod", "orders_dag.run_orders", UUID.fromString(PARENT));
    assertThat(s.parent()).isEqualTo(parent);
    assertThat(s.root()).isEqualTo(parent);
    assertThat(s.metastoreNamespace()).isNull();
  }

  @Test
  void aGivenRootIsKept() {
    SessionLineage s =
        SessionLineage.from(
            Map.of(
                    "spark.openlineage.parentJobNamespace", "airflow-prod",
                    "spark.openlineage.parentJobName", "orders_dag.run_orders",
                    "spark.openlineage.parentRunId", PARENT,
                    "spark.openlineage.rootParentJobNamespace", "airflow-prod",
                    "spark.openlineage.rootParentJobName", "orders_dag",
                    "spark.openlineage.rootParentRunId", ROOT)
                ::get);

    assertThat(s.root()).isEqualTo(new SessionLineage.RunRef("airflow-prod", "orders_dag", UUID.fromString(ROOT)));
  }

  @Test
  void aPartialOrMalformedParentIsIgnored() {
    assertThat(SessionLineage.from(Map.of("spark.openlineage.parentJobName", "orders_dag.run_orders", "spark.openlineage.parentRunId", PARENT)::get))
        .isEqualTo(SessionLineage.NONE);
    assertThat(
            SessionLineage.from(
                Map.of(
                        "spark.openlineage.parentJobNamespace", "airflow-prod",
                        "spark.openlineage.parentJobName", "orders_dag.run_orders",
                        "spark.openlineage.parentRunId", "not-a-uuid")
                    ::get))
        .isEqualTo(SessionLineage.NONE);
  }

  @Test
  void aHiveMetastoreServiceIsItsHostAndPort() {
    assertThat(
            SessionLineage.from(Map.of("spark.sql.catalogImplementation", "hive", "spark.sql.hive.metastore.uris", "thrift://metastore.internal:9083,thrift://b:9083")::get)
                .metastoreNamespace())
        .isEqualTo("hive://metastore.internal:9083");
    assertThat(SessionLineage.from(Map.of("spark.sql.catalogImplementation", "hive", "spark.sql.warehouse.dir", "file:/data/spark-warehouse/")::get).metastoreNamespace())
        .as("an embedded metastore: the Spark SQL warehouse")
        .isEqualTo("file:/data/spark-warehouse");
    assertThat(SessionLineage.from(Map.of("spark.sql.catalogImplementation", "in-memory")::get).metastoreNamespace()).isNull();
  }

  @Test
  void meshworkNamesItsRunForTheSparkListenerAndStillSeesTheOrchestratorAsItsParent() {
    Map<String, String> airflow =
        Map.of(
            "spark.openlineage.parentJobNamespace", "airflow-prod",
            "spark.openlineage.parentJobName", "orders_dag.run_orders",
            "spark.openlineage.parentRunId", PARENT,
            "spark.openlineage.rootParentJobNamespace", "airflow-prod",
            "spark.openlineage.rootParentJobName", "orders_dag",
            "spark.openlineage.rootParentRunId", ROOT);
    SessionLineage.RunRef runAll = new SessionLineage.RunRef("meshwork", "run-all", UUID.fromString("0195f7a2-0000-7000-8000-0000000000c3"));

    Map<String, String> session = new java.util.HashMap<>(airflow);
    session.putAll(SessionLineage.listenerSettings(airflow::get, runAll));

    assertThat(session)
        .containsEntry("spark.openlineage.parentJobNamespace", "meshwork")
        .containsEntry("spark.openlineage.parentJobName", "run-all")
        .containsEntry("spark.openlineage.parentRunId", runAll.runId().toString())
        .containsEntry("spark.openlineage.rootParentJobName", "orders_dag")
        .containsEntry("spark.openlineage.rootParentRunId", ROOT);
    SessionLineage seen = SessionLineage.from(session::get);
    assertThat(seen.parent()).isEqualTo(new SessionLineage.RunRef("airflow-prod", "orders_dag.run_orders", UUID.fromString(PARENT)));
    assertThat(seen.root()).isEqualTo(new SessionLineage.RunRef("airflow-prod", "orders_dag", UUID.fromString(ROOT)));

    Map<String, String> later = new java.util.HashMap<>(session);
    later.put("spark.openlineage.parentRunId", "0195f7a2-0000-7000-8000-0000000000d4");
    assertThat(SessionLineage.from(later::get).parent().runId())
        .as("parent settings made after Meshwork's name another run: the orchestrator's")
        .isEqualTo(UUID.fromString("0195f7a2-0000-7000-8000-0000000000d4"));

    Map<String, String> alone = SessionLineage.listenerSettings(Map.<String, String>of()::get, runAll);
    assertThat(alone).containsEntry("spark.openlineage.rootParentRunId", runAll.runId().toString());
    assertThat(SessionLineage.from(alone::get).parent()).as("no orchestrator: Meshwork's own run is no parent of itself").isNull();
  }
}
