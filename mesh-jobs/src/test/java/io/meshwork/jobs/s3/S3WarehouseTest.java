package io.meshwork.jobs.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.Mesh;
import io.meshwork.core.catalog.ProductVersion;
import io.meshwork.core.model.ProductId;
import io.meshwork.jobs.TestProject;
import io.meshwork.lineage.LineageGraph;
import io.meshwork.quality.QualityHistory;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mesh on {@code s3a://}: products run through the command line into a bucket of an S3Proxy
 * server on 127.0.0.1, and everything read back (the table, the catalog, lineage, metrics, the
 * audit) comes through Hadoop's S3A filesystem and Delta; what a refused publish leaves is checked
 * by listing the bucket over the S3 API.
 */
@ExtendWith(SharedSpark.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3WarehouseTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ProductId ORDERS = ProductId.parse("sales.orders");
  private static final ProductId TOTALS = ProductId.parse("finance.totals");
  private static final String ORDERS_WITH_READERS =
      TestProject.ORDERS.replace("sla.freshness = 24h", "sla.freshness = 24h\n  access { readers = [analyst] }");

  private final SparkSession spark;
  private Path dir;
  private S3Bucket bucket;

  S3WarehouseTest(SparkSession spark) {
    this.spark = spark;
  }

  @BeforeAll
  void startS3(@TempDir Path tmp) throws Exception {
    dir = tmp;
    bucket = S3Bucket.start(spark, dir.resolve("s3"));
  }

  @AfterAll
  void stopS3() throws Exception {
    bucket.close();
  }

  @Test
  void productsPublishReadAndKeepTheirRecordsOnS3() throws Exception {
    String warehouse = bucket.uri("mesh");
    TestProject project = new TestProject(dir.resolve("demo"))
        .write("conf/products/sales/orders.conf", ORDERS_WITH_READERS)
        .write("conf/products/finance/totals.conf", TestProject.TOTALS)
        .write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\n");

    TestProject.Result first = run(project, warehouse, "run", "--all", "--date", "2026-11-23");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.err().split("without a multi-writer Delta log store", -1)).as("warned once per run").hasSize(2);
    project.write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\nO-3,5.00\n");
    TestProject.Result second = run(project, warehouse, "run", "sales.orders", "--date", "2026-11-24");
    assertThat(second.code()).as(second.err()).isZero();

    // A refused publish leaves the table's log and files exactly as they were, object for object.
    TreeMap<String, String> before = bucket.list("mesh/sales/orders/");
    assertThat(before).containsKey("mesh/sales/orders/v1/_delta_log/00000000000000000001.json");
    project.write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-1,20.00\n");
    TestProject.Result refused = run(project, warehouse, "run", "sales.orders", "--date", "2026-11-25");
    assertThat(refused.code()).as(refused.err()).isEqualTo(3);
    TreeMap<String, String> after = bucket.list("mesh/sales/orders/");
    after.keySet().removeIf(k -> k.startsWith("mesh/sales/orders/_mesh/"));
    before.keySet().removeIf(k -> k.startsWith("mesh/sales/orders/_mesh/"));
    assertThat(after).isEqualTo(before);
    assertThat(bucket.read("mesh/sales/orders/v1/_delta_log/00000000000000000001.json")).contains("\"runDate\\\":\\\"2026-11-24\\\"");

    // Reads by version and as of a time, through the command line and the API.
    JsonNode v0 = JSON.readTree(run(project, warehouse, "read", "sales.orders", "--version", "0", "--json").out());
    assertThat(v0).hasSize(2);
    Mesh mesh = Mesh.open(spark, warehouse);
    assertThat(spark.sparkContext().hadoopConfiguration().get(io.meshwork.core.storage.Storage.FAST_S3A_LIST_FROM))
        .as("Delta lists a log from a version with S3's start-after on an s3a warehouse").isEqualTo("true");
    List<ProductVersion> versions = mesh.read(ORDERS).versions();
    assertThat(versions).extracting(ProductVersion::version).containsExactly(0L, 1L);
    assertThat(mesh.read(ORDERS).asOf(versions.get(0).timestamp()).count()).isEqualTo(2);
    assertThat(mesh.read(ORDERS).asOf(versions.get(1).timestamp()).count()).isEqualTo(3);
    assertThat(mesh.read(TOTALS).latest().first().<Long>getAs("orders")).isEqualTo(2L);
    assertThat(spark.sql("SELECT count(*) FROM sales.orders VERSION AS OF 0").first().getLong(0)).isEqualTo(2);

    // The catalog: every run recorded, the refused one too.
    JsonNode catalog = JSON.readTree(run(project, warehouse, "catalog", "list", "--json").out());
    Map<String, String> status = new TreeMap<>();
    catalog.forEach(e -> status.put(e.get("product").asText(), e.get("status").asText() + " " + e.get("dataVersion").asText()));
    assertThat(status).containsEntry("finance.totals", "certified 0").containsKey("sales.orders");
    assertThat(mesh.catalog().entries(ORDERS)).hasSize(3);

    // Lineage, as event objects in the bucket.
    assertThat(LineageGraph.load(new org.apache.hadoop.fs.Path(mesh.warehouse().meshDir(), "lineage")).upstream(TOTALS.toString(), 1))
        .extracting(io.meshwork.lineage.LineageNode::name).contains("sales.orders");
    assertThat(bucket.list("mesh/_mesh/lineage/events/")).hasSizeGreaterThanOrEqualTo(8); // START and COMPLETE/FAIL of 4 runs

    // Metrics history: one object per verification, and one more per published run recording its
    // outcome (never a rewrite); read back once each, with the outcome.
    assertThat(QualityHistory.of(spark, mesh.warehouse()).runs(ORDERS)).extracting(r -> r.status() + " " + r.outcome())
        .containsExactly("passed published", "passed published", "failed refused");
    assertThat(bucket.list("mesh/_mesh/metrics/sales/orders/")).hasSize(5);

    // The audit: each read a new spool object, moved into the audit table when the log is read.
    int spooled = bucket.list("mesh/_mesh/audit/_spool/").size(); // the reads above, without a role
    Mesh analyst = Mesh.open(spark, warehouse).as("analyst");
    assertThat(analyst.read("sales.orders").latest().count()).isEqualTo(3);
    assertThat(bucket.list("mesh/_mesh/audit/_spool/")).hasSize(spooled + 1);
    List<Row> audit = analyst.auditLog().records().where("principal = 'analyst'").select("principal", "product", "outcome").collectAsList();
    assertThat(audit).hasToString("[[analyst,sales.orders,read]]");
    assertThat(analyst.auditLog().records().count()).isEqualTo(spooled + 1);
    assertThat(bucket.list("mesh/_mesh/audit/_spool/")).isEmpty();

    // Vacuum: an uncommitted data file goes, committed ones stay.
    bucket.client().putObject(bucket.name(), "mesh/sales/orders/v1/part-00000-orphan.snappy.parquet", "not committed");
    TestProject.Result vacuum = run(project, warehouse, "vacuum", "sales.orders", "--json");
    assertThat(vacuum.code()).as(vacuum.err()).isZero();
    assertThat(JSON.readTree(vacuum.out()).get("files").toString()).isEqualTo("[\"part-00000-orphan.snappy.parquet\"]");
    assertThat(bucket.list("mesh/sales/orders/")).doesNotContainKey("mesh/sales/orders/v1/part-00000-orphan.snappy.parquet");
    assertThat(mesh.read(ORDERS).version(0).count()).isEqualTo(2);
  }

  /**
   * Delta lists a log from the version it needs (S3's start-after); past 1,000 log files S3A pages
   * that listing, sending the first page's start-after again with each continuation token, as AWS
   * S3 accepts. The test server must answer it as S3 does (S3Proxy alone refuses it).
   */
  @Test
  void aListingFromAKeyIsPagedAsOnS3() {
    for (int i = 0; i < 5; i++) {
      bucket.client().putObject(bucket.name(), "paged/_delta_log/" + String.format("%020d", i) + ".json", "{}");
    }
    ListObjectsV2Request request =
        new ListObjectsV2Request().withBucketName(bucket.name()).withPrefix("paged/_delta_log/").withStartAfter("paged/_delta_log/00000000000000000000.json").withMaxKeys(2);
    List<String> keys = new ArrayList<>();
    int pages = 0;
    ListObjectsV2Result page;
    do {
      page = bucket.client().listObjectsV2(request);
      page.getObjectSummaries().forEach(o -> keys.add(o.getKey().substring("paged/_delta_log/".length(), "paged/_delta_log/".length() + 20)));
      request.setContinuationToken(page.getNextContinuationToken()); // start-after stays in the request, as S3A sends it
      pages++;
    } while (page.isTruncated());
    assertThat(pages).isGreaterThan(1);
    assertThat(keys).containsExactly("00000000000000000001", "00000000000000000002", "00000000000000000003", "00000000000000000004");
  }

  @Test
  void twoPublishersOfDifferentProductsLoseNoRecord() throws Exception {
    // Two command-line runs at once in this JVM (two threads, each its own Spark session): the
    // same objects a second driver would write, none appended to or rewritten.
    String warehouse = bucket.uri("shared");
    TestProject project = new TestProject(dir.resolve("concurrent"))
        .write("conf/products/sales/orders.conf", ORDERS_WITH_READERS)
        .write("conf/products/sales/returns.conf", ORDERS_WITH_READERS.replace("name = orders", "name = returns").replace("data/orders.csv", "data/returns.csv"))
        .write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\n")
        .write("data/returns.csv", "order_id,amount\nO-1,3.00\n");
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (String date : List.of("2026-11-23", "2026-11-24")) {
        List<Future<TestProject.Result>> runs = new ArrayList<>();
        for (String product : List.of("sales.orders", "sales.returns")) {
          runs.add(threads.submit(() -> {
            TestProject.Result r = run(project, warehouse, "run", product, "--date", date);
            Mesh.open(spark, warehouse).as("analyst").read(product).latest().count();
            return r;
          }));
        }
        for (Future<TestProject.Result> r : runs) {
          assertThat(r.get().code()).as(r.get().err()).isZero();
        }
      }
    } finally {
      threads.shutdownNow();
    }

    Mesh mesh = Mesh.open(spark, warehouse);
    for (String product : List.of("sales.orders", "sales.returns")) {
      ProductId id = ProductId.parse(product);
      assertThat(mesh.catalog().entries(id)).as(product + " catalog rows").hasSize(2);
      assertThat(QualityHistory.of(spark, mesh.warehouse()).runs(id)).as(product + " metrics").hasSize(2);
      assertThat(mesh.read(id).versions()).hasSize(2);
    }
    assertThat(mesh.as("analyst").auditLog().records().count()).isEqualTo(4);
    JsonNode[] completes = bucket.list("shared/_mesh/lineage/events/").keySet().stream()
        .filter(k -> k.contains("-COMPLETE-"))
        .map(k -> readTree(bucket.read(k)))
        .toArray(JsonNode[]::new);
    assertThat(completes).extracting(e -> e.at("/job/name").asText())
        .containsExactlyInAnyOrder("sales.orders", "sales.orders", "sales.returns", "sales.returns");
  }

  private static JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static TestProject.Result run(TestProject project, String warehouse, String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--conf";
    all[args.length + 1] = project.root().resolve("conf").toString();
    all[args.length + 2] = "--warehouse";
    all[args.length + 3] = warehouse;
    return TestProject.execute(all);
  }
}
