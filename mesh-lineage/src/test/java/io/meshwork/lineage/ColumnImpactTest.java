package io.meshwork.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.model.ColumnSpec;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.InputVersion;
import io.meshwork.core.model.Owner;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.SemVer;
import io.meshwork.core.model.SourceLocation;
import io.meshwork.core.spi.ColumnLineage;
import io.meshwork.core.spi.ColumnSource;
import io.meshwork.core.spi.RunInfo;
import io.meshwork.core.spi.RunOutcome;
import io.meshwork.core.storage.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Column impact over a log written by the real listener, with column lineage:
 *
 * <pre>
 * crm.customers@0 (customer_id, segment, country)
 *   ├─► features.customer_segments@0  (segment_code from segment)   ─► model:churn@1 (score from segment_code)
 *   ├─► sales.by_country@0            (country, customers from customer_id; never segment)
 *   └─► sales.unknown@0               (no column lineage)            ─► sales.unknown_daily@0 (n from id)
 * </pre>
 */
class ColumnImpactTest {
  @TempDir Path dir;
  private Warehouse warehouse;
  private Path lineage;

  @BeforeEach
  void writeTheLog() throws IOException {
    warehouse = Warehouse.at(dir.resolve("warehouse"));
    lineage = dir.resolve("lineage");
    Path featureContract = dir.resolve("customer_segments.conf");
    Files.writeString(featureContract, "product { domain = features, name = customer_segments, kind = feature-set }\n");
    InputVersion customers = input("crm.customers", 0);
    InputVersion features = input("features.customer_segments", 0);
    InputVersion unknown = input("sales.unknown", 0);
    try (OpenLineageListener listener =
        OpenLineageListener.fromConfig(LineageFixtures.config("lineage { transport = file, file.dir = \"" + lineage + "\" }"), warehouse)) {
      run(listener, product("crm.customers", null), List.of(), null);
      run(listener, product("features.customer_segments", featureContract), List.of(customers),
          lineage(Map.of("customer_id", List.of(use(customers, "customer_id")), "segment_code", List.of(use(customers, "segment")))));
      run(listener, product("sales.by_country", null), List.of(customers),
          lineage(Map.of("country", List.of(use(customers, "country")), "customers", List.of(use(customers, "customer_id")))));
      run(listener, product("sales.unknown", null), List.of(customers), null);
      run(listener, product("sales.unknown_daily", null), List.of(unknown), lineage(Map.of("n", List.of(use(unknown, "id")))));
    }
    // A training run as the ML module writes it, with column lineage: score from the feature segment_code.
    String ns = warehouse.uri().toString();
    String model =
        "{\"eventType\":\"COMPLETE\",\"eventTime\":\"2026-11-23T07:00:00Z\",\"run\":{\"runId\":\"0195f7a2-0000-7000-8000-0000000000ab\"},"
            + "\"job\":{\"namespace\":\"meshwork.ml\",\"name\":\"churn\"},"
            + "\"inputs\":[" + datasetOf(features) + "],"
            + "\"outputs\":[{\"namespace\":\"" + ns + "\",\"name\":\"model:churn\",\"facets\":{\"version\":{\"datasetVersion\":\"1\"},"
            + "\"columnLineage\":{\"fields\":{\"score\":{\"inputFields\":[" + fieldOf(features, "segment_code") + "]}}}}}],"
            + "\"producer\":\"https://meshwork.io/mesh-lineage\",\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\"}\n";
    Files.writeString(lineage.resolve("model.jsonl"), model);
  }

  @Test
  void aColumnIsFollowedThroughThreeHopsAndConsumersThatNeverReadItAreUnaffected() {
    LineageGraph graph = LineageGraph.load(lineage);

    assertThat(graph.columnImpact("crm.customers", "segment")).extracting(r -> r.node().name() + "=" + r.reads() + " " + r.node().inputs())
        .containsExactly(
            "features.customer_segments=yes [crm.customers@0]",
            "sales.by_country=no [crm.customers@0]",
            "sales.unknown=may [crm.customers@0]",
            "model:churn=yes [features.customer_segments@0]",
            "sales.unknown_daily=may [sales.unknown@0]");
  }

  @Test
  void aColumnReadOnlyOneHopAwayStopsThere() {
    LineageGraph graph = LineageGraph.load(lineage);

    // customer_id reaches the feature set, whose customer_id the model does not use.
    assertThat(graph.columnImpact("crm.customers", "customer_id")).extracting(r -> r.node().name() + "=" + r.reads())
        .containsExactly("features.customer_segments=yes", "sales.by_country=yes", "sales.unknown=may", "model:churn=no", "sales.unknown_daily=may");
    assertThat(graph.columnImpact("features.customer_segments", "segment_code")).extracting(r -> r.node().name() + "=" + r.reads())
        .containsExactly("model:churn=yes");
  }

  // ---------------------------------------------------------------- fixtures

  /** An input dataset as the ML module names it: by storage, with the product's symlinks facet. */
  private String datasetOf(InputVersion in) {
    String[] id = datasetId(in);
    return "{\"namespace\":\"" + id[0] + "\",\"name\":\"" + id[1] + "\",\"facets\":{\"version\":{\"datasetVersion\":\"" + in.version()
        + "\"},\"symlinks\":" + id[2] + "}}";
  }

  private String fieldOf(InputVersion in, String field) {
    String[] id = datasetId(in);
    return "{\"namespace\":\"" + id[0] + "\",\"name\":\"" + id[1] + "\",\"field\":\"" + field + "\"}";
  }

  /** The dataset the listener names for an input product: read back from the log it wrote. */
  private String[] datasetId(InputVersion in) {
    try {
      for (String line : LineageFixtures.events(lineage)) {
        com.fasterxml.jackson.databind.JsonNode event = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
        for (com.fasterxml.jackson.databind.JsonNode out : event.path("outputs")) {
          if (in.name().equals(out.path("facets").path("meshContract").path("product").asText())) {
            return new String[] {out.path("namespace").asText(), out.path("name").asText(), out.path("facets").path("symlinks").toString()};
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new AssertionError("no output " + in.name() + " in the log");
  }

  private static ColumnSource use(InputVersion in, String field) {
    return new ColumnSource(in, field, ColumnSource.Use.IDENTITY, false);
  }

  private static ColumnLineage lineage(Map<String, List<ColumnSource>> fields) {
    return new ColumnLineage(new LinkedHashMap<>(fields), List.of());
  }

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

  private void run(OpenLineageListener listener, DataProduct product, List<InputVersion> inputs, ColumnLineage columns) {
    RunInfo info =
        new RunInfo(
            UUID.randomUUID(), product, LocalDate.of(2026, 11, 23), warehouse.uri(), warehouse.table(product.id()).toUri().toString(),
            Instant.parse("2026-11-23T06:00:00Z"), null);
    listener.started(info);
    listener.finished(info, new RunOutcome(0L, 3, null, new ArrayList<>(inputs), null, Instant.parse("2026-11-23T06:01:00Z"), null)
        .withColumnLineage(columns));
  }
}
