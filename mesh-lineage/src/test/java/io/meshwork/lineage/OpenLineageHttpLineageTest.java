package io.meshwork.lineage;

import static io.meshwork.lineage.LineageFixtures.config;
import static io.meshwork.lineage.LineageFixtures.orders;
import static io.meshwork.lineage.LineageFixtures.published;
import static io.meshwork.lineage.LineageFixtures.refused;
import static io.meshwork.lineage.LineageFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.meshwork.core.spi.RunInfo;
import io.meshwork.core.storage.Warehouse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP transport against a real JDK HTTP server on 127.0.0.1, and its spool when the server is down. */
class OpenLineageHttpLineageTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Warehouse warehouse;
  private Path spool;
  private HttpServer server;
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<String> paths = new CopyOnWriteArrayList<>();
  /** Requests still to answer with 500 before answering 201 again. */
  private final AtomicInteger refuse = new AtomicInteger();

  @BeforeEach
  void startServer() throws IOException {
    warehouse = Warehouse.at(dir.resolve("warehouse"));
    spool = dir.resolve("warehouse/_mesh/lineage/spool");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int status = refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 201;
          if (status == 201) {
            paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Content-Type"));
            bodies.add(body);
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private String serverUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private OpenLineageListener httpListener(String url) {
    return OpenLineageListener.fromConfig(config("lineage { transport = http, http.url = \"" + url + "\", http.timeout = 2s }"), warehouse);
  }

  @Test
  void startAndCompleteArePostedToTheEndpoint() throws IOException {
    RunInfo run = run(warehouse, orders(Duration.ofHours(24)), null);
    try (OpenLineageListener listener = httpListener(serverUrl())) {
      listener.started(run);
      listener.finished(run, published(warehouse));
    }

    assertThat(paths).containsExactly("POST /api/v1/lineage application/json; charset=UTF-8", "POST /api/v1/lineage application/json; charset=UTF-8");
    assertThat(bodies).hasSize(2);
    JsonNode start = JSON.readTree(bodies.get(0));
    JsonNode complete = JSON.readTree(bodies.get(1));
    assertThat(start.get("eventType").asText()).isEqualTo("START");
    assertThat(complete.get("eventType").asText()).isEqualTo("COMPLETE");
    assertThat(complete.at("/run/runId").asText()).isEqualTo(run.runId().toString());
    assertThat(complete.at("/job/name").asText()).isEqualTo("sales.orders");
    assertThat(complete.at("/outputs/0/facets/version/datasetVersion").asText()).isEqualTo("7");
    assertThat(spooled(spool)).isEmpty();
  }

  @Test
  void eventsAreSpooledWhileTheEndpointIsDownAndFlushSendsThemUnchanged() throws IOException {
    RunInfo run = run(warehouse, orders(null), null);
    try (OpenLineageListener down = httpListener("http://127.0.0.1:" + closedPort())) {
      down.started(run);
      down.finished(run, refused(warehouse));
      assertThat(down.flush()).isZero();
    }

    List<String> spooled = spooled(spool);
    assertThat(spooled).hasSize(2);
    assertThat(spooled).extracting(l -> JSON.readTree(l).get("eventType").asText()).containsExactly("START", "FAIL");
    assertThat(bodies).isEmpty();

    try (OpenLineageListener back = httpListener(serverUrl())) {
      assertThat(back.flush()).isEqualTo(2);
      assertThat(back.flush()).isZero();
    }

    assertThat(spooled(spool)).isEmpty();
    assertThat(bodies).hasSize(2);
    assertThat(trees(bodies)).isEqualTo(trees(spooled));
    // Resent as written: the explicit null of a contract without a freshness SLA survives.
    assertThat(JSON.readTree(bodies.get(1)).at("/outputs/0/facets/meshContract").has("freshnessSla")).isTrue();
  }

  @Test
  void aRefusedEventIsSpooledAndFlushKeepsWhatIsStillRefused() throws IOException {
    RunInfo run = run(warehouse, orders(null), null);
    try (OpenLineageListener listener = httpListener(serverUrl())) {
      refuse.set(1);
      listener.started(run);
      listener.finished(run, published(warehouse));
      assertThat(bodies).extracting(b -> JSON.readTree(b).get("eventType").asText()).containsExactly("COMPLETE");
      assertThat(spooled(spool)).hasSize(1);

      listener.finished(run(warehouse, orders(null), null), refused(warehouse));
      refuse.set(1);
      assertThat(listener.flush()).isZero();
      assertThat(spooled(spool)).hasSize(1);

      assertThat(listener.flush()).isEqualTo(1);
    }

    assertThat(spooled(spool)).isEmpty();
    assertThat(bodies).extracting(b -> JSON.readTree(b).get("eventType").asText()).containsExactly("COMPLETE", "FAIL", "START");
  }

  /** The spooled events, one object each, oldest first; empty when there is no spool. */
  private static List<String> spooled(Path spoolDir) throws IOException {
    if (!Files.isDirectory(spoolDir)) {
      return List.of();
    }
    try (java.util.stream.Stream<Path> files = Files.list(spoolDir)) {
      List<String> out = new java.util.ArrayList<>();
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
        out.add(Files.readString(file, StandardCharsets.UTF_8).strip());
      }
      return out;
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static List<JsonNode> trees(List<String> lines) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : lines) {
      out.add(JSON.readTree(line));
    }
    return out;
  }
}
