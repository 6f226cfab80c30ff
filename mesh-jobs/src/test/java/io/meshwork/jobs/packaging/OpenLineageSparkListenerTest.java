package io.meshwork.jobs.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.jobs.TestProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar side by side with the real openlineage-spark listener (its own, unrelocated
 * openlineage-java on the same classpath), under an orchestrator's parent run, through
 * {@code bin/spark-submit} on {@code local[2]} with the listener's file transport: the listener's
 * application run is a child of Meshwork's {@code run --all} run, which is a child of the
 * orchestrator's; a dataset both name (a raw source, a product table) has the same name in both.
 * Runs after {@code package} (tag "packaged").
 */
@Tag("packaged")
@Timeout(value = 10, unit = TimeUnit.MINUTES) // ~3.5 min on a busy 2-core machine
class OpenLineageSparkListenerTest {
  private static final Path ROOT = Path.of(System.getProperty("mesh.project.root")).toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TASK_RUN = "0195f7a2-0000-7000-8000-0000000000a1";

  @Test
  void theListenersApplicationRunIsAChildOfMeshworksRunAndBothNameDatasetsAlike(@TempDir Path dir) throws Exception {
    TestProject project = new TestProject(dir)
        .write("conf/products/sales/orders.conf", TestProject.ORDERS)
        .write("conf/products/finance/totals.conf", TestProject.TOTALS)
        .write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\n");
    Path listenerEvents = dir.resolve("listener.jsonl");
    Path listenerJar = Path.of(System.getProperty("mesh.openlineage.spark.jar"));
    assertThat(listenerJar).isRegularFile();

    List<String> command =
        List.of(
            ROOT.resolve("bin/spark-submit").toString(), "--master", "local[2]", "--jars", listenerJar.toString(),
            "--conf", "spark.extraListeners=io.openlineage.spark.agent.OpenLineageSparkListener",
            "--conf", "spark.openlineage.transport.type=file",
            "--conf", "spark.openlineage.transport.location=" + listenerEvents,
            "--conf", "spark.openlineage.namespace=spark-jobs",
            "--conf", "spark.openlineage.parentJobNamespace=airflow-prod",
            "--conf", "spark.openlineage.parentJobName=mesh_daily.run_mesh",
            "--conf", "spark.openlineage.parentRunId=" + TASK_RUN,
            Path.of(System.getProperty("mesh.shaded.jar")).toString(),
            "run", "--all", "--date", "2026-11-23", "--warehouse", project.warehouse().toString(), "--conf", dir.resolve("conf").toString());
    Path out = dir.resolve("submit.out");
    Path err = dir.resolve("submit.err");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("SPARK_SUBMIT_OPTS", "-XX:TieredStopAtLevel=1"); // the driver JVM, C1 only as the test JVMs
    Process p = pb.start();
    if (!p.waitFor(8, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("spark-submit did not finish; stderr: " + Files.readString(err));
    }
    assertThat(p.exitValue()).as(Files.readString(err)).isZero();

    List<JsonNode> meshwork = new ArrayList<>();
    for (String event : TestProject.lineageEvents(project.warehouse().resolve("_mesh/lineage"))) {
      meshwork.add(JSON.readTree(event));
    }
    List<JsonNode> listener = read(listenerEvents);
    JsonNode runAll = meshwork.stream().filter(e -> e.at("/job/name").asText().equals("run-all")).findFirst().orElseThrow();
    String runAllId = runAll.at("/run/runId").asText();
    assertThat(runAll.at("/run/facets/parent/run/runId").asText()).as("Meshwork's run is the orchestrator's child").isEqualTo(TASK_RUN);
    assertThat(runAll.at("/run/facets/parent/job/name").asText()).isEqualTo("mesh_daily.run_mesh");

    // The listener's application run (job = the app name, no dot) and the jobs under it.
    JsonNode application =
        listener.stream().filter(e -> e.at("/job/namespace").asText().equals("spark-jobs") && !e.at("/job/name").asText().contains("."))
            .findFirst().orElseThrow();
    assertThat(application.at("/run/facets/parent/job/namespace").asText()).isEqualTo("meshwork");
    assertThat(application.at("/run/facets/parent/job/name").asText()).isEqualTo("run-all");
    assertThat(application.at("/run/facets/parent/run/runId").asText()).as("a child of Meshwork's run --all").isEqualTo(runAllId);
    String applicationRun = application.at("/run/runId").asText();
    List<JsonNode> jobs = listener.stream().filter(e -> e.at("/job/name").asText().contains(".")).toList();
    assertThat(jobs).isNotEmpty().allSatisfy(e -> assertThat(e.at("/run/facets/parent/run/runId").asText()).isEqualTo(applicationRun));

    // A dataset both describe has the same name in both: the raw source, and any product table.
    Set<String> meshworkNames = new HashSet<>();
    for (JsonNode e : meshwork) {
      e.get("inputs").forEach(d -> meshworkNames.add(d.get("namespace").asText() + " " + d.get("name").asText()));
      e.get("outputs").forEach(d -> meshworkNames.add(d.get("namespace").asText() + " " + d.get("name").asText()));
    }
    String source = "file " + dir.resolve("data/orders.csv").toAbsolutePath().normalize();
    assertThat(meshworkNames).contains(source);
    Set<String> listenerNames = new HashSet<>();
    for (JsonNode e : listener) {
      e.path("inputs").forEach(d -> listenerNames.add(d.get("namespace").asText() + " " + d.get("name").asText()));
      e.path("outputs").forEach(d -> listenerNames.add(d.get("namespace").asText() + " " + d.get("name").asText()));
    }
    assertThat(listenerNames).contains(source);
    String tables = "file " + project.warehouse().toAbsolutePath().normalize() + "/";
    assertThat(listenerNames.stream().filter(n -> n.startsWith(tables) && !n.startsWith(tables + "_mesh/")))
        .as("product tables the listener names, named as Meshwork names them")
        .allSatisfy(n -> assertThat(meshworkNames).contains(n));
  }

  private static List<JsonNode> read(Path file) throws IOException {
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        events.add(JSON.readTree(line));
      }
    }
    return events;
  }
}
