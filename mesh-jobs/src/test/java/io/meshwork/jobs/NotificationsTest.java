package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.meshwork.core.Mesh;
import io.meshwork.core.catalog.CatalogEntry;
import io.meshwork.testing.SharedSpark;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The owning team hears of a refused publish and an SLA breach through its webhook; an undelivered notification waits for the next run. */
@ExtendWith(SharedSpark.class)
class NotificationsTest {
  private HttpServer server;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger attempts = new AtomicInteger();
  private volatile int status = 503;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", exchange -> {
      attempts.incrementAndGet();
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (status / 100 == 2) {
        received.add(new ObjectMapper().readTree(new String(body, StandardCharsets.UTF_8)));
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

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  private static List<Path> spooled(Path warehouse) throws IOException {
    Path dir = warehouse.resolve("_mesh/notifications");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
    }
  }

  @Test
  void aRefusedPublishIsSpooledWhileTheWebhookIsDownResentByTheNextRunAndAnSlaBreachIsTold(SparkSession spark, @TempDir Path dir) throws Exception {
    TestProject project = new TestProject(dir)
        .write("conf/mesh.conf", "mesh.notify.teams.sales-data.webhook = \"" + url() + "\"\n")
        .write("conf/products/sales/orders.conf", TestProject.ORDERS.replace("sla.freshness = 24h", "sla.freshness = 1h"))
        .write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,-20.00\n");

    TestProject.Result refused = project.mesh("run", "sales.orders");
    assertThat(refused.code()).as(refused.err()).isEqualTo(3);
    assertThat(attempts.get()).isEqualTo(1);
    assertThat(received).isEmpty();
    assertThat(refused.err()).contains("notification to sales-data not delivered (HTTP 503");
    List<Path> waiting = spooled(project.warehouse());
    assertThat(waiting).hasSize(1);
    JsonNode spooled = new ObjectMapper().readTree(Files.readString(waiting.get(0)));
    assertThat(spooled.get("webhook").asText()).isEqualTo(url());
    assertThat(spooled.at("/payload/event").asText()).isEqualTo("publish-refused");

    status = 200;
    TestProject.Result again = project.mesh("run", "sales.orders");
    assertThat(again.code()).isEqualTo(3);
    assertThat(received).hasSize(2);
    assertThat(spooled(project.warehouse())).isEmpty();
    String firstMessage = refused.err().lines().filter(l -> l.startsWith("Quality gate failed")).findFirst().orElseThrow();
    JsonNode first = received.get(0);
    assertThat(first.get("event").asText()).isEqualTo("publish-refused");
    assertThat(first.get("product").asText()).isEqualTo("sales.orders");
    assertThat(first.get("team").asText()).isEqualTo("sales-data");
    assertThat(first.get("exitCode").asInt()).isEqualTo(3);
    assertThat(first.get("message").asText()).isEqualTo(firstMessage);
    assertThat(Instant.parse(first.get("at").asText())).isBefore(Instant.parse(received.get(1).get("at").asText()));

    Instant yesterday = Instant.now().minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Mesh.open(spark, project.warehouse()).catalog().record(
        new CatalogEntry("sales.orders", "sales", "orders", 0L, "1.0.0", "sales-data", "certified", 2, yesterday, "run-0", LocalDate.now(), 4, 0, 0,
            null, "Orders.", "/tmp/x"));
    TestProject.Result sla = project.mesh("sla", "check", "sales.orders");
    assertThat(sla.code()).isEqualTo(6);
    assertThat(received).hasSize(3);
    JsonNode breach = received.get(2);
    assertThat(breach.get("event").asText()).isEqualTo("sla-breached");
    assertThat(breach.get("exitCode").asInt()).isEqualTo(6);
    assertThat(breach.get("message").asText()).startsWith("sales.orders: SLA breached: last published at " + yesterday).endsWith("older than its sla.freshness 1h");
  }

  @Test
  void anUndeliverableNotificationNeverFailsAndEachNotificationIsItsOwnSpoolFileResentInOrder(@TempDir Path dir) throws Exception {
    Path warehouse = dir.resolve("warehouse");
    status = 503;
    com.typesafe.config.Config config = com.typesafe.config.ConfigFactory.parseString(
        "mesh.notify.teams.crm-data.webhook = \"" + url() + "\"\nmesh.notify.timeout = 2s");
    List<String> warnings = new CopyOnWriteArrayList<>();
    Notifier notifier = Notifier.fromConfig(config, io.meshwork.core.storage.Warehouse.at(warehouse)).onWarning(warnings::add);
    notifier.notify(Notifier.PUBLISH_CONFLICT, io.meshwork.core.model.ProductId.parse("crm.customers"), "crm-data", 5, "Publish conflict for crm.customers: one");
    notifier.notify(Notifier.PUBLISH_CONFLICT, io.meshwork.core.model.ProductId.parse("crm.customers"), "crm-data", 5, "Publish conflict for crm.customers: two");
    notifier.notify(Notifier.PUBLISH_REFUSED, io.meshwork.core.model.ProductId.parse("crm.customers"), "team-without-webhook", 3, "ignored");
    assertThat(spooled(warehouse)).hasSize(2);
    assertThat(warnings).hasSize(2).allMatch(w -> w.contains("notification to crm-data not delivered"));

    status = 204;
    notifier.retrySpooled();
    assertThat(received).extracting(n -> n.get("message").asText())
        .containsExactly("Publish conflict for crm.customers: one", "Publish conflict for crm.customers: two");
    assertThat(received).allMatch(n -> n.get("event").asText().equals("publish-conflict") && n.get("exitCode").asInt() == 5);
    assertThat(spooled(warehouse)).isEmpty();
  }
}
