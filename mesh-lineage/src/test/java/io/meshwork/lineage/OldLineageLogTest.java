package io.meshwork.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.model.ColumnSpec;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.InputVersion;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.SemVer;
import io.meshwork.core.model.SourceLocation;
import io.meshwork.core.spi.RunInfo;
import io.meshwork.core.spi.RunOutcome;
import io.meshwork.core.storage.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lineage log written before datasets were named by storage location (products in the warehouse
 * namespace as {@code <domain>/<name>}) still answers, alone and with newer events appended.
 * The resource is five events of {@code run --all} on the sample project, as that code wrote them.
 */
class OldLineageLogTest {
  private static final Path OLD_LOG = Path.of("src/test/resources/lineage-log-0.1/events.jsonl");
  /** The raw sources the old log's runs read, as queries name them. */
  private static final String CUSTOMERS_CSV = "file:/work/wt/lineage/sample-data/crm/customers.csv";
  private static final String ORDERS_CSV = "file:/work/wt/lineage/sample-data/sales/orders.csv";

  @TempDir Path dir;

  @Test
  void anOldLogAnswersUpstreamAndImpact() throws Exception {
    Path lineage = dir.resolve("lineage");
    Files.createDirectories(lineage);
    Files.copy(OLD_LOG, lineage.resolve("events.jsonl"));
    LineageGraph graph = LineageGraph.load(lineage);

    assertThat(graph.upstream("features.customer_activity", Integer.MAX_VALUE))
        .containsExactly(
            new LineageNode("crm.customers", NodeKind.PRODUCT, 1, List.of("0"), List.of(CUSTOMERS_CSV)),
            new LineageNode("sales.orders", NodeKind.PRODUCT, 1, List.of("0"), List.of("crm.customers@0", ORDERS_CSV)));
    assertThat(graph.kind("features.customer_activity")).contains(NodeKind.FEATURE_SET);
    assertThat(graph.impact("crm.customers")).extracting(LineageNode::name)
        .containsExactly("features.customer_activity", "sales.orders", "sales.revenue_daily");
  }

  @Test
  void newEventsJoinTheOldOnesByTheProductsSymlink() throws Exception {
    Path lineage = dir.resolve("lineage");
    Files.createDirectories(lineage);
    Files.copy(OLD_LOG, lineage.resolve("events.jsonl"));
    // The old events name the warehouse file:///tmp/lin-old/wh; a new run there reads sales.orders@0.
    Warehouse warehouse = Warehouse.at(Path.of("/tmp/lin-old/wh"));
    DataProduct weekly =
        DataProduct.builder(new ProductId("sales", "revenue_weekly"), new SemVer(1, 0, 0))
            .columns(List.of(new ColumnSpec("week", "date", false, null, "internal", Map.of(), SourceLocation.UNKNOWN)))
            .build();
    RunInfo run =
        new RunInfo(
            UUID.randomUUID(), weekly, LocalDate.of(2026, 11, 30), warehouse.uri(), warehouse.table(weekly.id()).toUri().toString(), Instant.EPOCH, null);
    InputVersion orders = new InputVersion("sales.orders", InputVersion.PRODUCT, warehouse.table(new ProductId("sales", "orders")).toUri().toString(), 0L);
    try (OpenLineageListener listener = OpenLineageListener.fromConfig(LineageFixtures.config("lineage.file.dir = \"" + lineage + "\""), warehouse)) {
      listener.finished(run, new RunOutcome(0L, 4, null, List.of(orders), null, Instant.EPOCH, null));
    }
    LineageGraph graph = LineageGraph.load(lineage);

    assertThat(graph.upstream("sales.revenue_weekly", Integer.MAX_VALUE))
        .containsExactly(
            new LineageNode("sales.orders", NodeKind.PRODUCT, 1, List.of("0"), List.of("crm.customers@0", ORDERS_CSV)),
            new LineageNode("crm.customers", NodeKind.PRODUCT, 2, List.of("0"), List.of(CUSTOMERS_CSV)));
    assertThat(graph.downstream("sales.orders@0", 1)).extracting(LineageNode::name)
        .containsExactly("features.customer_activity", "sales.revenue_daily", "sales.revenue_weekly");
  }
}
