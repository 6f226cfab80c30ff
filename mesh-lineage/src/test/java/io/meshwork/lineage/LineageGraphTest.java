package io.meshwork.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshwork.core.model.ColumnSpec;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.InputVersion;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.Owner;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.SemVer;
import io.meshwork.core.model.SourceLocation;
import io.meshwork.core.spi.RunInfo;
import io.meshwork.core.spi.RunOutcome;
import io.meshwork.core.storage.Warehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queries over a small lineage log written by the real listener:
 *
 * <pre>
 * crm.customers@0 ──► sales.orders@0
 * crm.customers@1 ──► sales.orders@1 ──► sales.revenue_daily@0
 *        │                  │
 *        └──────────────────┴──► features.customer_activity@0 (feature set) ──► model:churn@1
 * crm.customers@1 ──► sales.returns (FAIL: not in the graph)
 * </pre>
 */
class LineageGraphTest {
  @TempDir Path dir;
  private Warehouse warehouse;
  private Path lineage;

  @BeforeEach
  void writeTheLog() throws IOException {
    warehouse = Warehouse.at(dir.resolve("warehouse"));
    lineage = dir.resolve("lineage");
    Path featureContract = dir.resolve("customer_activity.conf");
    Files.writeString(featureContract, "product { domain = features, name = customer_activity, kind = feature-set }\n");
    try (OpenLineageListener listener =
        OpenLineageListener.fromConfig(LineageFixtures.config("lineage { transport = file, file.dir = \"" + lineage + "\" }"), warehouse)) {
      run(listener, product("crm.customers", null), 0L, List.of(source("raw_customers")), null);
      run(listener, product("crm.customers", null), 1L, List.of(source("raw_customers")), null);
      run(listener, product("sales.orders", null), 0L, List.of(input("crm.customers", 0)), null);
      run(listener, product("sales.orders", null), 1L, List.of(input("crm.customers", 1), source("raw_orders")), null);
      run(listener, product("sales.revenue_daily", null), 0L, List.of(input("sales.orders", 1)), null);
      run(listener, product("features.customer_activity", featureContract), 0L, List.of(input("crm.customers", 1), input("sales.orders", 1)), null);
      run(listener, product("sales.returns", null), null, List.of(input("crm.customers", 1)), "Quality gate failed for sales.returns");
    }
    // A training run's COMPLETE event as the ML module writes it: output model:churn, version 1.
    String model =
        "{\"eventType\":\"COMPLETE\",\"eventTime\":\"2026-11-23T07:00:00Z\",\"run\":{\"runId\":\"0195f7a2-0000-7000-8000-0000000000aa\"},"
            + "\"job\":{\"namespace\":\"meshwork.ml\",\"name\":\"churn\"},"
            + "\"inputs\":[{\"namespace\":\"" + warehouse.uri() + "\",\"name\":\"features/customer_activity\",\"facets\":{\"version\":{\"datasetVersion\":\"0\"}}}],"
            + "\"outputs\":[{\"namespace\":\"" + warehouse.uri() + "\",\"name\":\"model:churn\",\"facets\":{\"version\":{\"datasetVersion\":\"1\"}}}],"
            + "\"producer\":\"https://meshwork.io/mesh-lineage\",\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\"}\n";
    Files.writeString(lineage.resolve("events.jsonl"), model + "this line is not JSON\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND); // the single-file log of earlier releases
  }

  @Test
  void upstreamOfAModelReachesTheFeatureSetAndTheProductsWithTheVersionsRead() {
    LineageGraph graph = LineageGraph.load(lineage);

    assertThat(graph.upstream("model:churn", Integer.MAX_VALUE))
        .containsExactly(
            new LineageNode("features.customer_activity", NodeKind.FEATURE_SET, 1, List.of("0"), List.of("crm.customers@1", "sales.orders@1")),
            new LineageNode("crm.customers", NodeKind.PRODUCT, 2, List.of("1"), List.of(raw("raw_customers"))),
            new LineageNode("sales.orders", NodeKind.PRODUCT, 2, List.of("1"), List.of("crm.customers@1", raw("raw_orders"))));
  }

  @Test
  void depthLimitsTheHops() {
    LineageGraph graph = LineageGraph.load(lineage);

    assertThat(graph.upstream("model:churn", 1))
        .containsExactly(new LineageNode("features.customer_activity", NodeKind.FEATURE_SET, 1, List.of("0"), List.of()));
    assertThat(graph.downstream("crm.customers", 1)).extracting(LineageNode::name)
        .containsExactly("features.customer_activity", "sales.orders");
  }

  @Test
  void downstreamOfAProductFollowsEveryVersionAndSkipsFailedRuns() {
    LineageGraph graph = LineageGraph.load(lineage);

    assertThat(graph.downstream("crm.customers", Integer.MAX_VALUE))
        .containsExactly(
            new LineageNode("features.customer_activity", NodeKind.FEATURE_SET, 1, List.of("0"), List.of("crm.customers@1", "sales.orders@1")),
            new LineageNode("sales.orders", NodeKind.PRODUCT, 1, List.of("0", "1"), List.of("crm.customers@0", "crm.customers@1", raw("raw_orders"))),
            new LineageNode("model:churn", NodeKind.MODEL, 2, List.of("1"), List.of("features.customer_activity@0")),
            new LineageNode("sales.revenue_daily", NodeKind.PRODUCT, 2, List.of("0"), List.of("sales.orders@1")));
  }

  @Test
  void aPinnedVersionFollowsOnlyTheRunsThatReadIt() {
    LineageGraph graph = LineageGraph.load(lineage);

    assertThat(graph.downstream("crm.customers@0", Integer.MAX_VALUE))
        .containsExactly(new LineageNode("sales.orders", NodeKind.PRODUCT, 1, List.of("0"), List.of("crm.customers@0")));
    assertThat(graph.upstream("sales.orders@0", Integer.MAX_VALUE))
        .as("raw sources are named, not left out")
        .containsExactly(new LineageNode("crm.customers", NodeKind.PRODUCT, 1, List.of("0"), List.of(raw("raw_customers"))));
  }

  @Test
  void impactListsEverythingDownstreamWithTheVersionsUsed() {
    LineageGraph graph = LineageGraph.load(lineage);

    assertThat(graph.impact("sales.orders"))
        .containsExactly(
            new LineageNode("features.customer_activity", NodeKind.FEATURE_SET, 1, List.of("0"), List.of("sales.orders@1")),
            new LineageNode("sales.revenue_daily", NodeKind.PRODUCT, 1, List.of("0"), List.of("sales.orders@1")),
            new LineageNode("model:churn", NodeKind.MODEL, 2, List.of("1"), List.of("features.customer_activity@0")));
    assertThat(graph.impact("model:churn")).isEmpty();
  }

  @Test
  void nodesAndKindsComeFromTheLog() {
    LineageGraph graph = LineageGraph.load(lineage);

    assertThat(graph.nodes())
        .containsExactly("crm.customers", "features.customer_activity", "model:churn", "sales.orders", "sales.revenue_daily");
    assertThat(graph.kind("features.customer_activity@0")).contains(NodeKind.FEATURE_SET);
    assertThat(graph.kind("sales.orders")).contains(NodeKind.PRODUCT);
    assertThat(graph.kind("model:churn")).contains(NodeKind.MODEL);
    assertThat(graph.kind("sales.returns")).as("only a failed run mentions it").isEmpty();
  }

  @Test
  void theWholeGraphHasRawSourcesAsNodesAndEdgesInTheOrderFirstSeen() {
    LineageGraph graph = LineageGraph.load(lineage);
    String customersCsv = "source:file:" + dir.resolve("raw_customers.csv");
    String ordersCsv = "source:file:" + dir.resolve("raw_orders.csv");

    assertThat(graph.graphNodes())
        .containsExactly(
            new LineageGraph.GraphNode("crm.customers", NodeKind.PRODUCT, "crm.customers"),
            new LineageGraph.GraphNode("features.customer_activity", NodeKind.FEATURE_SET, "features.customer_activity"),
            new LineageGraph.GraphNode("model:churn", NodeKind.MODEL, "model:churn"),
            new LineageGraph.GraphNode("sales.orders", NodeKind.PRODUCT, "sales.orders"),
            new LineageGraph.GraphNode("sales.revenue_daily", NodeKind.PRODUCT, "sales.revenue_daily"),
            new LineageGraph.GraphNode(customersCsv, NodeKind.SOURCE, "raw_customers.csv"),
            new LineageGraph.GraphNode(ordersCsv, NodeKind.SOURCE, "raw_orders.csv"));
    assertThat(graph.edges())
        .as("the failed run of sales.returns adds no edge; the single-file log of earlier releases is read first")
        .containsExactly(
            new LineageGraph.Edge("features.customer_activity", "model:churn"),
            new LineageGraph.Edge(customersCsv, "crm.customers"),
            new LineageGraph.Edge("crm.customers", "sales.orders"),
            new LineageGraph.Edge(ordersCsv, "sales.orders"),
            new LineageGraph.Edge("sales.orders", "sales.revenue_daily"),
            new LineageGraph.Edge("crm.customers", "features.customer_activity"),
            new LineageGraph.Edge("sales.orders", "features.customer_activity"));
    assertThat(graph.events()).as("seven runs that ended (one failed) and the training run").isEqualTo(8);
  }

  @Test
  void theLastQualityOfAProductIsItsNewestVerifiedRunCompletedOrFailed() throws IOException {
    Path log = dir.resolve("quality-log");
    Files.createDirectories(log);
    Files.writeString(
        log.resolve("events.jsonl"),
        qualityEvent("COMPLETE", "2026-11-23T06:00:00Z", "a1", true)
            + qualityEvent("FAIL", "2026-11-24T06:00:00Z", "a2", false)
            + qualityEvent("COMPLETE", "2026-11-22T06:00:00Z", "a3", true), // older, read last
        StandardCharsets.UTF_8);
    LineageGraph graph = LineageGraph.load(log);

    LineageGraph.RunQuality last = graph.lastQuality("sales.orders").orElseThrow();
    assertThat(last.eventType()).isEqualTo("FAIL");
    assertThat(last.eventTime()).isEqualTo("2026-11-24T06:00:00Z");
    assertThat(last.assertions())
        .containsExactly(new LineageGraph.Assertion("unique(order_id)", "isUnique", "order_id", false, "error", "1.0", "0.5", "2 duplicate keys"));
    assertThat(graph.lastQuality("crm.customers")).isEmpty();
    assertThat(graph.edges()).as("only the completed runs link their input").containsExactly(new LineageGraph.Edge("crm.customers", "sales.orders"));
  }

  private static String qualityEvent(String type, String time, String runId, boolean success) {
    return "{\"eventType\":\"" + type + "\",\"eventTime\":\"" + time + "\",\"run\":{\"runId\":\"" + runId + "\"},"
        + "\"job\":{\"namespace\":\"meshwork\",\"name\":\"sales.orders\"},"
        + "\"inputs\":[{\"namespace\":\"s3://bucket\",\"name\":\"mesh/crm/customers/v1\",\"facets\":{\"symlinks\":{\"identifiers\":[{\"namespace\":\"meshwork\",\"name\":\"crm.customers\",\"type\":\"TABLE\"}]}}}],"
        + "\"outputs\":[{\"namespace\":\"s3://bucket\",\"name\":\"mesh/sales/orders/v1\",\"facets\":{"
        + "\"symlinks\":{\"identifiers\":[{\"namespace\":\"meshwork\",\"name\":\"sales.orders\",\"type\":\"TABLE\"}]},"
        + "\"dataQualityAssertions\":{\"assertions\":[{\"name\":\"unique(order_id)\",\"assertion\":\"isUnique\",\"column\":\"order_id\",\"success\":" + success
        + ",\"severity\":\"error\",\"expected\":\"1.0\",\"actual\":\"" + (success ? "1.0" : "0.5") + "\",\"description\":\"" + (success ? "all unique" : "2 duplicate keys") + "\"}]}}}]}\n";
  }

  @Test
  void unknownNodesVersionsAndDepthsAreUsageErrors() {
    LineageGraph graph = LineageGraph.load(lineage);

    assertThatThrownBy(() -> graph.upstream("sales.orderz", 1))
        .isInstanceOf(MeshException.class)
        .hasMessage("No lineage for sales.orderz in " + lineage + ": no completed run produced or read it (known nodes: crm.customers, "
            + "features.customer_activity, model:churn, sales.orders, sales.revenue_daily)");
    assertThatThrownBy(() -> graph.downstream("sales.orders@7", 1))
        .hasMessage("No lineage for sales.orders@7 in " + lineage + ": no completed run produced or read that version (versions in the log: 0, 1)");
    assertThatThrownBy(() -> graph.upstream("sales.orders", 0)).hasMessage("lineage depth must be at least 1 but was 0");
  }

  @Test
  void aMissingDirectoryIsAnEmptyGraph() {
    LineageGraph graph = LineageGraph.load(dir.resolve("nowhere"));

    assertThat(graph.nodes()).isEmpty();
    assertThatThrownBy(() -> graph.impact("crm.customers"))
        .hasMessage("No lineage for crm.customers in " + dir.resolve("nowhere") + ": no completed run produced or read it (known nodes: none)");
  }

  @Test
  void eachContractMajorsTableHasItsOwnVersions() {
    // sales.orders major 2 publishes to its own table, whose first version is 0 again; finance.totals reads it.
    DataProduct v2 =
        DataProduct.builder(ProductId.parse("sales.orders"), new SemVer(2, 0, 0))
            .columns(List.of(new ColumnSpec("id", "int", false, "Id", "internal", Map.of(), SourceLocation.UNKNOWN)))
            .sha256(LineageFixtures.SHA)
            .build();
    DataProduct totals = product("finance.totals", null);
    InputVersion ordersV2 =
        new InputVersion("sales.orders", InputVersion.PRODUCT, warehouse.table(v2.id(), 2).toUri().toString(), 0L);
    try (OpenLineageListener listener =
        OpenLineageListener.fromConfig(LineageFixtures.config("lineage { transport = file, file.dir = \"" + lineage + "\" }"), warehouse)) {
      RunInfo info =
          new RunInfo(
              UUID.randomUUID(), v2, LocalDate.of(2026, 11, 24), warehouse.uri(), warehouse.table(v2).toUri().toString(),
              Instant.parse("2026-11-24T06:00:00Z"), null);
      listener.finished(info, new RunOutcome(0L, 3, null, List.of(input("crm.customers", 1)), null, Instant.parse("2026-11-24T06:01:00Z"), null));
      run(listener, totals, 0L, List.of(ordersV2), null);
    }
    LineageGraph graph = LineageGraph.load(lineage);

    assertThat(graph.upstream("finance.totals", 1))
        .containsExactly(new LineageNode("sales.orders", NodeKind.PRODUCT, 1, List.of("v2:0"), List.of()));
    assertThat(graph.downstream("sales.orders@v2:0", 1)).extracting(LineageNode::name).containsExactly("finance.totals");
    assertThat(graph.downstream("sales.orders@0", 1)).as("major 1's version 0, which nothing read, is another vertex").isEmpty();
  }

  // ---------------------------------------------------------------- fixtures

  private static DataProduct product(String name, Path file) {
    return DataProduct.builder(ProductId.parse(name), new SemVer(1, 0, 0))
        .description("A product.")
        .owner(new Owner("team", "team@example.com"))
        .sql("SELECT 1 AS id")
        .columns(List.of(new ColumnSpec("id", "int", false, "Id", "internal", Map.of(), SourceLocation.UNKNOWN)))
        .primaryKey(List.of("id"))
        .file(file)
        .sha256(LineageFixtures.SHA)
        .build();
  }

  private InputVersion input(String product, long version) {
    return new InputVersion(product, InputVersion.PRODUCT, warehouse.table(ProductId.parse(product)).toUri().toString(), version);
  }

  /** How a query names a raw source the run read: the OpenLineage namespace and name joined. */
  private String raw(String name) {
    return "file:" + dir.resolve(name + ".csv");
  }

  private InputVersion source(String name) {
    return new InputVersion(name, InputVersion.SOURCE, dir.resolve(name + ".csv").toUri().toString(), null);
  }

  private void run(OpenLineageListener listener, DataProduct product, Long version, List<InputVersion> inputs, String error) {
    RunInfo info =
        new RunInfo(
            UUID.randomUUID(), product, LocalDate.of(2026, 11, 23), warehouse.uri(), warehouse.table(product.id()).toUri().toString(),
            Instant.parse("2026-11-23T06:00:00Z"), null);
    listener.started(info);
    listener.finished(info, new RunOutcome(version, 3, null, new ArrayList<>(inputs), null, Instant.parse("2026-11-23T06:01:00Z"), error));
  }
}
