package io.meshwork.lineage;

import static io.meshwork.lineage.LineageFixtures.PARENT_RUN_ID;
import static io.meshwork.lineage.LineageFixtures.QUALITY_ERROR;
import static io.meshwork.lineage.LineageFixtures.RAW_ORDERS;
import static io.meshwork.lineage.LineageFixtures.RUN_ID;
import static io.meshwork.lineage.LineageFixtures.SHA;
import static io.meshwork.lineage.LineageFixtures.config;
import static io.meshwork.lineage.LineageFixtures.orders;
import static io.meshwork.lineage.LineageFixtures.published;
import static io.meshwork.lineage.LineageFixtures.refused;
import static io.meshwork.lineage.LineageFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.InputVersion;
import io.meshwork.core.model.Owner;
import io.meshwork.core.spi.RunInfo;
import io.meshwork.core.spi.RunOutcome;
import io.meshwork.core.storage.Warehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file transport and the content of each event, field by field. */
class OpenLineageListenerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PRODUCER = "https://meshwork.io/mesh-lineage";

  @TempDir Path dir;
  private Warehouse warehouse;
  private Path events;

  @BeforeEach
  void setUp() {
    warehouse = Warehouse.at(dir.resolve("warehouse"));
    events = dir.resolve("warehouse/_mesh/lineage/events");
  }

  private OpenLineageListener fileListener() {
    return OpenLineageListener.fromConfig(config("lineage.transport = file"), warehouse);
  }

  @Test
  void startNamesTheJobRunAndOutputAndCarriesTheContractFacets() throws IOException {
    try (OpenLineageListener listener = fileListener()) {
      listener.started(run(warehouse, orders(Duration.ofHours(24)), null));
    }

    List<JsonNode> lines = read(events);
    assertThat(lines).hasSize(1);
    JsonNode start = lines.get(0);
    assertThat(start.get("eventType").asText()).isEqualTo("START");
    assertThat(start.get("eventTime").asText()).isEqualTo("2026-11-23T06:00:00Z");
    assertThat(start.get("producer").asText()).isEqualTo(PRODUCER);
    assertThat(start.at("/run/runId").asText()).isEqualTo(RUN_ID.toString());
    assertThat(start.at("/run/facets/nominalTime/nominalStartTime").asText()).isEqualTo("2026-11-23T00:00:00Z");
    assertThat(start.at("/run/facets/nominalTime/nominalEndTime").asText()).isEqualTo("2026-11-24T00:00:00Z");
    assertThat(names(start.at("/run/facets"))).containsExactly("nominalTime");
    assertThat(start.at("/job/namespace").asText()).isEqualTo("meshwork.sales");
    assertThat(start.at("/job/name").asText()).isEqualTo("sales.orders");
    assertThat(start.at("/job/facets/jobType/processingType").asText()).isEqualTo("BATCH");
    assertThat(start.at("/job/facets/jobType/integration").asText()).isEqualTo("MESHWORK");
    assertThat(start.at("/job/facets/sql/query").asText()).isEqualTo(orders(null).sql());
    assertThat(start.get("inputs")).isEmpty();

    JsonNode output = single(start.get("outputs"));
    assertThat(output.get("namespace").asText()).as("named by storage, as the naming spec says").isEqualTo("file");
    assertThat(output.get("name").asText()).isEqualTo(localPath(warehouse, "sales/orders/v1"));
    assertThat(names(output.get("facets"))).containsExactlyInAnyOrder("dataSource", "symlinks", "schema", "ownership", "documentation", "meshContract");
    assertThat(JSON.writeValueAsString(output.at("/facets/symlinks/identifiers")))
        .isEqualTo("[{\"namespace\":\"" + warehouse.uri() + "\",\"name\":\"sales.orders\",\"type\":\"TABLE\"}]");
    assertThat(output.has("outputFacets")).isFalse();
    JsonNode facets = output.get("facets");
    assertThat(facets.at("/dataSource/name").asText()).isEqualTo(warehouse.uri());
    assertThat(facets.at("/dataSource/uri").asText()).isEqualTo(warehouse.uri());
    assertThat(JSON.writeValueAsString(facets.at("/schema/fields")))
        .isEqualTo(
            "[{\"name\":\"order_id\",\"type\":\"bigint\",\"description\":\"Order key\"},"
                + "{\"name\":\"customer_id\",\"type\":\"string\",\"description\":\"Customer key\"},"
                + "{\"name\":\"amount\",\"type\":\"decimal(12,2)\"}]");
    assertThat(JSON.writeValueAsString(facets.at("/ownership/owners")))
        .isEqualTo("[{\"name\":\"team:sales-analytics\"},{\"name\":\"email:sales-analytics@example.com\"}]");
    assertThat(facets.at("/documentation/description").asText()).isEqualTo("Orders placed in the web shop, one row per order.");
    assertThat(JSON.writeValueAsString(facets.get("meshContract")))
        .isEqualTo(
            "{\"_producer\":\"" + PRODUCER + "\","
                + "\"_schemaURL\":\"https://meshwork.io/spec/facets/1-0-0/MeshContractFacet.json#/$defs/MeshContractFacet\","
                + "\"product\":\"sales.orders\",\"contractVersion\":\"1.2.0\",\"sha256\":\"" + SHA + "\",\"freshnessSla\":\"PT24H\"}");
    assertThat(facets.at("/schema/_schemaURL").asText()).isEqualTo("https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet");
    assertThat(facets.at("/schema/_producer").asText()).isEqualTo(PRODUCER);
  }

  @Test
  void completeCarriesTheVersionInputsAssertionsAndRowCount() throws IOException {
    try (OpenLineageListener listener = fileListener()) {
      RunInfo run = run(warehouse, orders(Duration.ofHours(24)), null);
      listener.started(run);
      listener.finished(run, published(warehouse));
    }

    List<JsonNode> lines = read(events);
    assertThat(lines).extracting(e -> e.get("eventType").asText()).containsExactly("START", "COMPLETE");
    JsonNode complete = lines.get(1);
    assertThat(complete.get("eventTime").asText()).isEqualTo("2026-11-23T06:01:30Z");
    assertThat(complete.at("/run/runId").asText()).isEqualTo(RUN_ID.toString());
    assertThat(names(complete.at("/run/facets"))).containsExactly("nominalTime");

    JsonNode inputs = complete.get("inputs");
    assertThat(inputs).hasSize(2);
    assertThat(inputs.get(0).get("namespace").asText()).isEqualTo("file");
    assertThat(inputs.get(0).get("name").asText()).isEqualTo(localPath(warehouse, "crm/customers/v1"));
    assertThat(JSON.writeValueAsString(inputs.get(0).at("/facets/symlinks/identifiers")))
        .isEqualTo("[{\"namespace\":\"" + warehouse.uri() + "\",\"name\":\"crm.customers\",\"type\":\"TABLE\"}]");
    assertThat(inputs.get(0).at("/facets/version/datasetVersion").asText()).isEqualTo("4");
    assertThat(inputs.get(1).get("namespace").asText()).isEqualTo("file");
    assertThat(inputs.get(1).get("name").asText()).isEqualTo(RAW_ORDERS.toString());
    assertThat(inputs.get(1).at("/facets").has("version")).isFalse();
    assertThat(inputs.get(1).at("/facets").has("symlinks")).as("a raw source is no product").isFalse();
    assertThat(inputs.get(0).at("/inputFacets/dataQualityMetrics/_schemaURL").asText())
        .isEqualTo("https://openlineage.io/spec/facets/1-0-3/DataQualityMetricsInputDatasetFacet.json#/$defs/DataQualityMetricsInputDatasetFacet");
    assertThat(inputs.get(0).at("/inputFacets/dataQualityMetrics/rowCount").asLong()).isEqualTo(5L);
    assertThat(JSON.writeValueAsString(inputs.get(0).at("/inputFacets/dataQualityMetrics/columnMetrics")))
        .isEqualTo(
            "{\"customer_id\":{\"nullCount\":0,\"distinctCount\":5,\"count\":5.0},"
                + "\"lifetime_value\":{\"nullCount\":1,\"sum\":410.5,\"count\":4.0,\"min\":12.0,\"max\":250.0}}");
    assertThat(inputs.get(1).has("inputFacets")).as("a raw source has no metrics").isFalse();

    JsonNode output = single(complete.get("outputs"));
    assertThat(output.get("name").asText()).isEqualTo(localPath(warehouse, "sales/orders/v1"));
    String customers = "{\"namespace\":\"file\",\"name\":\"" + localPath(warehouse, "crm/customers/v1") + "\",\"field\":\"customer_id\",\"transformations\":";
    String raw = "{\"namespace\":\"file\",\"name\":\"" + RAW_ORDERS + "\",\"field\":";
    assertThat(output.at("/facets/columnLineage/_schemaURL").asText())
        .isEqualTo("https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet");
    assertThat(JSON.writeValueAsString(output.at("/facets/columnLineage/fields")))
        .isEqualTo(
            "{\"order_id\":{\"inputFields\":[" + raw + "\"order_id\",\"transformations\":[{\"type\":\"DIRECT\",\"subtype\":\"IDENTITY\"}]}]},"
                + "\"customer_id\":{\"inputFields\":[" + customers + "[{\"type\":\"DIRECT\",\"subtype\":\"TRANSFORMATION\",\"masking\":true}]}]},"
                + "\"amount\":{\"inputFields\":["
                + raw + "\"amount\",\"transformations\":[{\"type\":\"DIRECT\",\"subtype\":\"TRANSFORMATION\"}]},"
                + raw + "\"status\",\"transformations\":[{\"type\":\"INDIRECT\",\"subtype\":\"CONDITIONAL\"}]}]}}");
    assertThat(JSON.writeValueAsString(output.at("/facets/columnLineage/dataset")))
        .as("one input field per input column, with each of its uses")
        .isEqualTo(
            "[" + raw + "\"customer_id\",\"transformations\":[{\"type\":\"INDIRECT\",\"subtype\":\"JOIN\"}]},"
                + customers + "[{\"type\":\"INDIRECT\",\"subtype\":\"JOIN\"},{\"type\":\"INDIRECT\",\"subtype\":\"FILTER\"}]}]");
    assertThat(output.at("/facets/version/datasetVersion").asText()).isEqualTo("7");
    assertThat(output.at("/outputFacets/outputStatistics/rowCount").asLong()).isEqualTo(3L);
    assertThat(output.at("/facets/dataQualityAssertions/_schemaURL").asText())
        .isEqualTo("https://openlineage.io/spec/facets/1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet");
    assertThat(JSON.writeValueAsString(output.at("/facets/dataQualityAssertions/assertions")))
        .isEqualTo(
            "[{\"assertion\":\"unique\",\"success\":true,\"column\":\"order_id\",\"severity\":\"error\",\"name\":\"order keys\",\"expected\":\"== 1.0\",\"actual\":\"1.0\"},"
                + "{\"assertion\":\"complete\",\"success\":true,\"column\":\"customer_id\",\"severity\":\"error\",\"name\":\"complete(customer_id)\",\"expected\":\">= 1.0\",\"actual\":\"1.0\"},"
                + "{\"assertion\":\"row-count\",\"success\":true,\"severity\":\"warn\",\"name\":\"row-count\",\"expected\":\">= 1\",\"actual\":\"3\"}]");
  }

  @Test
  void failCarriesTheErrorMessageAndTheFailedAssertionButNoVersionOrRowCount() throws IOException {
    try (OpenLineageListener listener = fileListener()) {
      listener.finished(run(warehouse, orders(null), null), refused(warehouse));
    }

    JsonNode fail = single(read(events));
    assertThat(fail.get("eventType").asText()).isEqualTo("FAIL");
    assertThat(names(fail.at("/run/facets"))).containsExactlyInAnyOrder("nominalTime", "errorMessage");
    assertThat(fail.at("/run/facets/errorMessage/message").asText()).isEqualTo(QUALITY_ERROR);
    assertThat(fail.at("/run/facets/errorMessage/programmingLanguage").asText()).isEqualTo("JAVA");
    JsonNode output = single(fail.get("outputs"));
    assertThat(output.at("/facets").has("version")).isFalse();
    assertThat(output.at("/facets").has("columnLineage")).as("a refused run wrote no output to derive").isFalse();
    assertThat(output.has("outputFacets")).isFalse();
    JsonNode failed = output.at("/facets/dataQualityAssertions/assertions/1");
    assertThat(JSON.writeValueAsString(failed))
        .isEqualTo(
            "{\"assertion\":\"complete\",\"success\":false,\"column\":\"customer_id\",\"severity\":\"error\",\"name\":\"complete(customer_id)\","
                + "\"description\":\"" + QUALITY_ERROR + "\",\"expected\":\">= 1.0\",\"actual\":\"0.6667\"}");
    assertThat(output.at("/facets/meshContract").has("freshnessSla")).isTrue();
    assertThat(output.at("/facets/meshContract/freshnessSla").isNull()).isTrue();
  }

  @Test
  void aRunThatFailedBeforeVerificationHasNoAssertionsAndNoInputs() throws IOException {
    RunOutcome early = new RunOutcome(null, 0, null, List.of(), null, Instant.parse("2026-11-23T06:00:05Z"), "Source raw_orders not found: /data/landing/orders.csv");
    try (OpenLineageListener listener = fileListener()) {
      listener.finished(run(warehouse, orders(null), null), early);
    }

    JsonNode fail = single(read(events));
    assertThat(fail.get("eventType").asText()).isEqualTo("FAIL");
    assertThat(fail.at("/run/facets/errorMessage/message").asText()).isEqualTo("Source raw_orders not found: /data/landing/orders.csv");
    assertThat(fail.get("inputs")).isEmpty();
    assertThat(names(single(fail.get("outputs")).get("facets")))
        .containsExactlyInAnyOrder("dataSource", "symlinks", "schema", "ownership", "documentation", "meshContract");
  }

  @Test
  void aRunOfRunAllCarriesTheParentRunFacet() throws IOException {
    try (OpenLineageListener listener = fileListener()) {
      listener.started(run(warehouse, orders(null), PARENT_RUN_ID));
    }

    JsonNode parent = single(read(events)).at("/run/facets/parent");
    assertThat(parent.at("/run/runId").asText()).isEqualTo(PARENT_RUN_ID.toString());
    assertThat(parent.at("/job/namespace").asText()).isEqualTo("meshwork");
    assertThat(parent.at("/job/name").asText()).isEqualTo("run-all");
    assertThat(parent.at("/root/run/runId").asText()).isEqualTo(PARENT_RUN_ID.toString());
    assertThat(parent.at("/root/job/name").asText()).isEqualTo("run-all");
  }

  @Test
  void aMajorVersionTableIsNamedByItsOwnPathWithTheProductAsSymlink() throws IOException {
    Warehouse wh = warehouse;
    RunInfo base = run(wh, orders(null), null);
    RunInfo v2 = new RunInfo(base.runId(), base.product(), base.runDate(), base.warehouseUri(),
        Warehouse.uri(new org.apache.hadoop.fs.Path(wh.root(), "sales/orders/v2")), base.startedAt(), null);
    try (OpenLineageListener listener = fileListener()) {
      listener.started(v2);
    }

    JsonNode output = single(single(read(events)).get("outputs"));
    assertThat(output.get("name").asText()).isEqualTo(localPath(wh, "sales/orders/v2"));
    assertThat(output.at("/facets/symlinks/identifiers/0/name").asText()).isEqualTo("sales.orders");
  }

  @Test
  void anOwnerlessUndocumentedProductHasNoOwnershipOrDocumentationFacet() throws IOException {
    DataProduct p = orders(null);
    DataProduct bare =
        p.toBuilder().description(null).owner(Owner.UNKNOWN).sql(null).jobClass("com.example.Orders").freshness(null).access(null)
            .locations(java.util.Map.of()).deprecation(null).build();
    try (OpenLineageListener listener = fileListener()) {
      listener.started(run(warehouse, bare, null));
    }

    JsonNode start = single(read(events));
    assertThat(names(single(start.get("outputs")).get("facets"))).containsExactlyInAnyOrder("dataSource", "symlinks", "schema", "meshContract");
    assertThat(names(start.at("/job/facets"))).containsExactly("jobType");
  }

  @Test
  void theFileDirectoryCanBeConfigured() throws IOException {
    Path custom = dir.resolve("lineage-events");
    try (OpenLineageListener listener =
        OpenLineageListener.fromConfig(config("lineage { transport = file, file.dir = \"" + custom + "\" }"), warehouse)) {
      listener.started(run(warehouse, orders(null), null));
      assertThat(listener.toString()).isEqualTo("OpenLineageListener[" + custom.resolve("events") + "]");
    }

    assertThat(read(custom.resolve("events"))).hasSize(1);
    assertThat(events).doesNotExist();
  }

  @Test
  void transportNoneWritesNothing() {
    try (OpenLineageListener listener = OpenLineageListener.fromConfig(config("lineage.transport = none"), warehouse)) {
      RunInfo run = run(warehouse, orders(null), null);
      listener.started(run);
      listener.finished(run, published(warehouse));
      assertThat(listener.flush()).isZero();
    }

    assertThat(Path.of(warehouse.root().toUri())).doesNotExist();
  }

  @Test
  void lineageNeverFailsTheJob() throws IOException {
    RunInfo good = run(warehouse, orders(null), null);
    RunInfo noProduct = new RunInfo(RUN_ID, null, null, warehouse.uri(), null, null, null);
    RunOutcome badInput = new RunOutcome(7L, 3, null, List.of(new InputVersion(null, InputVersion.PRODUCT, null, 3L)), null, null, null);
    Files.createDirectories(dir.resolve("not-a-dir").getParent());
    Files.writeString(dir.resolve("not-a-dir"), "a file where the lineage directory should be");
    try (OpenLineageListener listener = fileListener();
        OpenLineageListener unwritable =
            OpenLineageListener.fromConfig(config("lineage { transport = file, file.dir = \"" + dir.resolve("not-a-dir") + "\" }"), warehouse)) {
      assertThatCode(
              () -> {
                listener.started(null);
                listener.started(noProduct);
                listener.finished(good, null);
                listener.finished(noProduct, published(warehouse));
                listener.finished(good, badInput);
                unwritable.started(good);
                unwritable.finished(good, published(warehouse));
              })
          .doesNotThrowAnyException();
    }

    assertThat(events).doesNotExist();
  }

  /** The events of a lineage events directory, one object each, in the order they were written. */
  private static List<JsonNode> read(Path eventsDir) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (java.util.stream.Stream<Path> files = Files.list(eventsDir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
        out.add(JSON.readTree(Files.readString(file, StandardCharsets.UTF_8)));
      }
    }
    return out;
  }

  private static JsonNode single(List<JsonNode> nodes) {
    assertThat(nodes).hasSize(1);
    return nodes.get(0);
  }

  private static JsonNode single(JsonNode array) {
    assertThat(array.isArray()).isTrue();
    assertThat(array).hasSize(1);
    return array.get(0);
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    StreamSupport.stream(((Iterable<String>) object::fieldNames).spliterator(), false).forEach(names::add);
    return names;
  }

  /** A table's location as OpenLineage names a local dataset: its absolute path. */
  private static String localPath(Warehouse warehouse, String relative) {
    return new org.apache.hadoop.fs.Path(warehouse.root(), relative).toUri().getPath();
  }
}
