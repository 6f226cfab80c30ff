package io.meshwork.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mesh lineage ...} over a lineage log under the warehouse; no Spark needed. */
class LineageCommandTest {
  @TempDir Path project;
  private Path warehouse;
  private String ns;

  record Result(int code, String out, String err) {}

  @BeforeEach
  void writeLog() throws IOException {
    warehouse = project.resolve("warehouse");
    ns = warehouse.toUri().toString().replaceAll("/$", "");
    Files.createDirectories(project.resolve("conf"));
    Path log = warehouse.resolve("_mesh/lineage/events.jsonl");
    Files.createDirectories(log.getParent());
    Files.write(
        log,
        List.of(
            event("r1", "crm/customers", "3", List.of()),
            event("r2", "sales/orders", "5", List.of("crm/customers@3")),
            event("r3", "model:churn", "1", List.of("sales/orders@5"))),
        StandardCharsets.UTF_8);
  }

  private String event(String run, String output, String version, List<String> inputs) {
    StringBuilder in = new StringBuilder();
    for (String input : inputs) {
      String[] i = input.split("@");
      in.append(in.length() == 0 ? "" : ",")
          .append("{\"namespace\":\"").append(ns).append("\",\"name\":\"").append(i[0])
          .append("\",\"facets\":{\"version\":{\"datasetVersion\":\"").append(i[1]).append("\"}}}");
    }
    return "{\"eventType\":\"COMPLETE\",\"run\":{\"runId\":\"" + run + "\"},\"job\":{\"namespace\":\"meshwork.x\",\"name\":\"x\"},\"inputs\":["
        + in + "],\"outputs\":[{\"namespace\":\"" + ns + "\",\"name\":\"" + output + "\",\"facets\":{\"version\":{\"datasetVersion\":\"" + version + "\"}}}]}";
  }

  private Result lineage(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(new String[] {"--conf", project.resolve("conf").toString(), "--warehouse", warehouse.toString()}, 0, all, args.length, 4);
    Cli.Result r = Cli.run(new LineageCommand(), all);
    return new Result(r.code(), r.out(), r.err());
  }

  @Test
  void upstreamAnswersFromALogWrittenBeforeDatasetsWereNamedByStorage() throws IOException {
    // Five events of run --all on the sample project, as the earlier release wrote them (products
    // in the warehouse namespace as <domain>/<name>); kept as mesh-lineage's test resource.
    Path old = Path.of(System.getProperty("mesh.project.root", "..")).resolve("mesh-lineage/src/test/resources/lineage-log-0.1/events.jsonl");
    Files.copy(old, warehouse.resolve("_mesh/lineage/events.jsonl"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    Result r = lineage("upstream", "features.customer_activity");

    // Raw sources are named as the runs read them (the log was written in another checkout), not left as '-'.
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().toList())
        .containsExactly(
            "upstream of features.customer_activity, from " + warehouse.resolve("_mesh/lineage") + ":",
            "depth  node           kind     versions  read",
            "-----  -------------  -------  --------  -------------------------------------------------------------------",
            "1      crm.customers  product  0         file:/work/wt/lineage/sample-data/crm/customers.csv",
            "1      sales.orders   product  0         crm.customers@0, file:/work/wt/lineage/sample-data/sales/orders.csv");
  }

  @Test
  void upstreamOfAModelAsATable() {
    Result r = lineage("upstream", "model:churn");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().toList())
        .containsExactly(
            "upstream of model:churn, from " + warehouse.resolve("_mesh/lineage") + ":",
            "depth  node           kind     versions  read",
            "-----  -------------  -------  --------  ---------------",
            "1      sales.orders   product  5         crm.customers@3",
            "2      crm.customers  product  3         -");
  }

  @Test
  void downstreamWithDepthAsJson() throws Exception {
    Result r = lineage("downstream", "crm.customers@3", "--depth", "1", "--json");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("query").asText()).isEqualTo("downstream");
    assertThat(json.get("node").asText()).isEqualTo("crm.customers@3");
    assertThat(json.get("depth").asInt()).isEqualTo(1);
    assertThat(json.get("nodes")).hasSize(1);
    assertThat(json.get("nodes").get(0).toString())
        .isEqualTo("{\"name\":\"sales.orders\",\"kind\":\"product\",\"depth\":1,\"versions\":[\"5\"],\"inputs\":[\"crm.customers@3\"]}");
  }

  @Test
  void impactNamesTheModelAndTheVersionsItRead() throws Exception {
    Result r = lineage("impact", "crm.customers", "--json");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode nodes = new ObjectMapper().readTree(r.out()).get("nodes");
    assertThat(nodes.toString())
        .isEqualTo(
            "[{\"name\":\"sales.orders\",\"kind\":\"product\",\"depth\":1,\"versions\":[\"5\"],\"inputs\":[\"crm.customers@3\"]},"
                + "{\"name\":\"model:churn\",\"kind\":\"model\",\"depth\":2,\"versions\":[\"1\"],\"inputs\":[\"sales.orders@5\"]}]");
  }

  @Test
  void impactOfAColumnSaysWhoMayReadItWhenColumnLineageIsUnknown() throws Exception {
    Result r = lineage("impact", "crm.customers.country");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().toList())
        .containsExactly(
            "impact of column country of crm.customers, from " + warehouse.resolve("_mesh/lineage") + ":",
            "depth  node          kind     versions  read             reads country",
            "-----  ------------  -------  --------  ---------------  ------------------------------------",
            "1      sales.orders  product  5         crm.customers@3  may read it (column lineage unknown)",
            "2      model:churn   model    1         sales.orders@5   may read it (column lineage unknown)");
    JsonNode json = new ObjectMapper().readTree(lineage("impact", "crm.customers.country", "--json").out());
    assertThat(json.get("column").asText()).isEqualTo("country");
    assertThat(json.get("nodes").get(0).get("reads").asText()).isEqualTo("may");
  }

  @Test
  void anUnknownNodeExitsTwo() {
    Result r = lineage("upstream", "sales.orderz");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().trim())
        .isEqualTo("No lineage for sales.orderz in " + warehouse.resolve("_mesh/lineage")
            + ": no completed run produced or read it (known nodes: crm.customers, model:churn, sales.orders)");
  }

  @Test
  void flushResendsTheSpoolToTheHttpEndpoint() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/v1/lineage",
        exchange -> {
          received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(201, -1);
          exchange.close();
        });
    server.start();
    try {
      Files.writeString(
          project.resolve("conf/mesh.conf"),
          "lineage { transport = http, http.url = \"http://127.0.0.1:" + server.getAddress().getPort() + "\" }\n");
      Path spool = warehouse.resolve("_mesh/lineage/spool.jsonl");
      Files.writeString(spool, "{\"eventType\":\"COMPLETE\",\"n\":1}\n{\"eventType\":\"COMPLETE\",\"n\":2}\n");

      Result r = lineage("flush");

      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out().trim())
          .isEqualTo("Sent 2 spooled lineage events (transport: http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/lineage (spool " + warehouse.resolve("_mesh/lineage/spool") + "))");
      assertThat(received).containsExactly("{\"eventType\":\"COMPLETE\",\"n\":1}", "{\"eventType\":\"COMPLETE\",\"n\":2}");
      assertThat(spool).doesNotExist();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void flushWithTheFileTransportSendsNothing() {
    Result r = lineage("flush");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().trim()).isEqualTo("Sent 0 spooled lineage events (transport: " + warehouse.resolve("_mesh/lineage/events") + ")");
  }
}
