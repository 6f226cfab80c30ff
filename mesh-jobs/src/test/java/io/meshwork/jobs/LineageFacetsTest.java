package io.meshwork.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.upper;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.meshwork.core.Mesh;
import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.model.ProductId;
import io.meshwork.lineage.OpenLineageListener;
import io.meshwork.quality.DeequQualityGate;
import io.meshwork.testing.SchemaValidation;
import io.meshwork.testing.SharedSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The columnLineage facet of a SQL product's output and the dataQualityMetrics facet of its
 * product input, from real runs of a SQL product and the same product as a Java job (Deequ gate, metrics history, file lineage); the events validate
 * against the official schemas.
 */
@ExtendWith(SharedSpark.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LineageFacetsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String CUSTOMERS =
      """
      product {
        domain = crm, name = customers, version = "1.0.0"
        description = "Customers."
        owner { team = crm, email = "crm@example.com" }
        inputs.sources { raw_customers { path = "data/customers.csv", format = csv } }
        sql = "SELECT CAST(customer_id AS STRING) AS customer_id, region FROM raw_customers"
        schema {
          columns = [
            { name = customer_id, type = string, nullable = false, description = "Id", classification = internal }
            { name = region, type = string, nullable = true, description = "Region", classification = internal }
          ]
          primary-key = [customer_id]
        }
        quality.constraints = [
          { check = unique, columns = [customer_id] }
          { check = complete, column = region, min-fraction = 0.5 }
          { check = distinct-count, columns = [region], min = 1 }
        ]
      }
      """;
  static final String TOTALS =
      """
      product {
        domain = sales, name = totals, version = "1.0.0"
        description = "Order totals per customer."
        owner { team = sales, email = "sales@example.com" }
        inputs {
          sources { raw_orders { path = "data/orders.csv", format = csv } }
          products = [ crm.customers ]
        }
        sql = \"\"\"SELECT c.customer_id, upper(c.region) AS region, SUM(o.amount) AS total, COUNT(*) AS orders
                 FROM raw_orders o JOIN customers c ON o.customer_id = c.customer_id
                 WHERE o.amount > 0
                 GROUP BY c.customer_id, c.region\"\"\"
        schema {
          columns = [
            { name = customer_id, type = string, nullable = false, description = "Id", classification = internal }
            { name = region, type = string, nullable = true, description = "Region", classification = internal }
            { name = total, type = double, nullable = true, description = "Sum of amounts", classification = internal }
            { name = orders, type = bigint, nullable = false, description = "Orders", classification = internal }
          ]
          primary-key = [customer_id]
        }
        quality.constraints = [ { check = unique, columns = [customer_id] } ]
      }
      """;

  /** sales.totals again, as a Java job on the Datasets its context hands out. */
  static final String TOTALS_JOB =
      TOTALS.replace("name = totals", "name = totals_job")
          .replaceAll("(?s)sql = \"\"\".*?\"\"\"", java.util.regex.Matcher.quoteReplacement("job = \"" + TotalsJob.class.getName() + "\""));

  public static final class TotalsJob implements DataProductJob {
    public TotalsJob() {}

    @Override
    public Dataset<Row> build(JobContext ctx) {
      Dataset<Row> orders = ctx.source("raw_orders");
      Dataset<Row> customers = ctx.product("crm.customers");
      return orders
          .join(customers, orders.col("customer_id").equalTo(customers.col("customer_id")))
          .where(orders.col("amount").gt(0))
          .groupBy(customers.col("customer_id"), customers.col("region"))
          .agg(upper(customers.col("region")).as("region_upper"), sum(orders.col("amount")).as("total"), count(lit(1)).as("orders"))
          .select(col("customer_id"), col("region_upper").as("region"), col("total"), col("orders"));
    }
  }

  private Path project;
  private Mesh mesh;
  private RunReport customers;
  private List<JsonNode> events;

  @BeforeAll
  void runBoth(SparkSession spark, @TempDir Path dir) throws IOException {
    project = dir;
    write("conf/products/crm/customers.conf", CUSTOMERS);
    write("conf/products/sales/totals.conf", TOTALS);
    write("conf/products/sales/totals_job.conf", TOTALS_JOB);
    write("data/customers.csv", "customer_id,region\nC1,north\nC2,south\nC3,\nC4,north\n");
    write("data/orders.csv", "order_id,customer_id,amount\n1,C1,10.5\n2,C1,4.5\n3,C2,7.0\n4,C4,-1.0\n");
    mesh = Mesh.open(spark, project.resolve("warehouse"));
    ContractRepository contracts = new ContractRepository(project.resolve("conf"));
    try (OpenLineageListener lineage = OpenLineageListener.fromConfig(ConfigFactory.empty(), mesh.warehouse())) {
      ProductRunner runner = new ProductRunner(spark, contracts, mesh, new DeequQualityGate(), lineage);
      customers = runner.run(ProductId.parse("crm.customers"), LocalDate.of(2026, 1, 1));
      runner.run(ProductId.parse("sales.totals"), LocalDate.of(2026, 1, 1));
      runner.run(ProductId.parse("sales.totals_job"), LocalDate.of(2026, 1, 1));
    }
    events = new ArrayList<>();
    for (String line : TestProject.lineageEvents(Path.of(mesh.warehouse().meshDir().toUri()).resolve("lineage"))) {
      events.add(JSON.readTree(line));
    }
  }

  private Path eventsFile() {
    Path lineage = Path.of(mesh.warehouse().meshDir().toUri()).resolve("lineage");
    return TestProject.lineageJsonl(lineage, lineage.resolve("all-events.jsonl.txt"));
  }

  private JsonNode complete(String job) {
    return events.stream()
        .filter(e -> e.get("eventType").asText().equals("COMPLETE") && e.at("/job/name").asText().equals(job))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theOutputOfASqlProductCarriesTheColumnLineageOfEveryColumn() throws IOException {
    JsonNode facet = complete("sales.totals").at("/outputs/0/facets/columnLineage");
    String customers = mesh.warehouse().table(new io.meshwork.core.model.ProductId("crm", "customers")).toUri().getPath();
    String orders = project.resolve("data/orders.csv").toAbsolutePath().normalize().toString();

    assertThat(facet.get("_schemaURL").asText())
        .isEqualTo("https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet");
    assertThat(JSON.writeValueAsString(facet.get("fields")))
        .isEqualTo(
            "{\"customer_id\":{\"inputFields\":[" + field("file", customers, "customer_id", "DIRECT", "IDENTITY") + "]},"
                + "\"region\":{\"inputFields\":[" + field("file", customers, "region", "DIRECT", "TRANSFORMATION") + "]},"
                + "\"total\":{\"inputFields\":[" + field("file", orders, "amount", "DIRECT", "AGGREGATION") + "]},"
                + "\"orders\":{\"inputFields\":[]}}");
    assertThat(JSON.writeValueAsString(facet.get("dataset")))
        .isEqualTo(
            "[" + field("file", orders, "customer_id", "INDIRECT", "JOIN") + ","
                + field("file", customers, "customer_id", "INDIRECT", "JOIN", "INDIRECT", "GROUP_BY") + ","
                + field("file", orders, "amount", "INDIRECT", "FILTER") + ","
                + field("file", customers, "region", "INDIRECT", "GROUP_BY") + "]");
  }

  @Test
  void aJavaJobGetsTheSameColumnLineageFromTheDatasetsItWasHanded() {
    JsonNode sql = complete("sales.totals").at("/outputs/0/facets/columnLineage");
    JsonNode java = complete("sales.totals_job").at("/outputs/0/facets/columnLineage");

    assertThat(java.get("fields")).isEqualTo(sql.get("fields"));
    assertThat(java.get("dataset")).isEqualTo(sql.get("dataset"));
  }

  @Test
  void theProductInputCarriesTheMetricsItsPublishingRunRecorded() throws IOException {
    JsonNode inputs = complete("sales.totals").get("inputs");
    JsonNode product = inputs.get(1);
    assertThat(product.get("namespace").asText()).isEqualTo("file");
    assertThat(product.get("name").asText()).isEqualTo(mesh.warehouse().table(new io.meshwork.core.model.ProductId("crm", "customers")).toUri().getPath());
    assertThat(product.at("/facets/symlinks/identifiers/0/name").asText()).isEqualTo("crm.customers");
    assertThat(product.at("/facets/version/datasetVersion").asText()).isEqualTo(Long.toString(customers.dataVersion()));
    JsonNode metrics = product.at("/inputFacets/dataQualityMetrics");

    assertThat(metrics.get("rowCount").asLong()).isEqualTo(customers.rows()).isEqualTo(4);
    assertThat(metrics.get("_schemaURL").asText())
        .isEqualTo("https://openlineage.io/spec/facets/1-0-3/DataQualityMetricsInputDatasetFacet.json#/$defs/DataQualityMetricsInputDatasetFacet");
    assertThat(JSON.writeValueAsString(metrics.get("columnMetrics")))
        .isEqualTo("{\"region\":{\"nullCount\":1,\"distinctCount\":2,\"count\":3.0}}");
    // A raw source has no metrics history.
    assertThat(inputs.get(0).get("namespace").asText()).isEqualTo("file");
    assertThat(inputs.get(0).has("inputFacets")).isFalse();
  }

  @Test
  void everyEmittedEventValidates() {
    SchemaValidation.Report report = SchemaValidation.openLineageEvents(eventsFile());

    assertThat(report.summary()).as(report.toString()).isEqualTo("6 valid, 0 invalid, 6 events checked");
  }

  /** An input field as openlineage-java writes it, with one or more (type, subtype) transformations. */
  private static String field(String namespace, String name, String field, String... typeSubtype) {
    StringBuilder t = new StringBuilder();
    for (int i = 0; i < typeSubtype.length; i += 2) {
      t.append(i == 0 ? "" : ",").append("{\"type\":\"").append(typeSubtype[i]).append("\",\"subtype\":\"").append(typeSubtype[i + 1]).append("\"}");
    }
    return "{\"namespace\":\"" + namespace + "\",\"name\":\"" + name + "\",\"field\":\"" + field + "\",\"transformations\":[" + t + "]}";
  }

  private void write(String relative, String text) {
    try {
      Path p = project.resolve(relative);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
