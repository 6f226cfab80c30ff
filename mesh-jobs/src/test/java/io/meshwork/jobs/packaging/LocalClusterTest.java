package io.meshwork.jobs.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.bench.internal.LocalS3;
import io.meshwork.core.Mesh;
import io.meshwork.core.catalog.CatalogEntry;
import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.model.ProductId;
import io.meshwork.jobs.cli.MeshCli;
import io.meshwork.testing.SharedSpark;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same jar on a real Spark cluster: {@code bin/local-cluster start} (a standalone master and one
 * worker from Spark's Maven jars), {@code bin/spark-submit} of the shaded jar (the sample's jobs in
 * the tools jar, with {@code --jars}) with {@code run --all}
 * on the sample project into an {@code s3a://} warehouse (S3Proxy on 127.0.0.1, executors writing to
 * it), then every product table compared row for row with a local run, and the
 * cluster stopped with nothing left running. Runs after {@code package} (tags "packaged", "cluster").
 */
@Tag("packaged")
@Tag("cluster")
@ExtendWith(SharedSpark.class)
@Timeout(value = 12, unit = TimeUnit.MINUTES) // ~2.5 min on an idle 2-core machine
class LocalClusterTest {
  private static final Path ROOT = Path.of(System.getProperty("mesh.project.root")).toAbsolutePath().normalize();
  private static final String RUN_DATE = "2026-11-23";

  @TempDir static Path tmp;
  private static Path clusterDir;
  private static String masterUrl;
  private static LocalS3 s3;

  record Exec(int code, String out, String err) {}

  @BeforeAll
  static void startCluster() throws Exception {
    s3 = LocalS3.start(io.meshwork.testing.LocalSpark.session(), tmp.resolve("s3"));
    clusterDir = tmp.resolve("cluster");
    Exec start = exec(List.of(ROOT.resolve("bin/local-cluster").toString(), "start", "--workers", "1"), 180);
    assertThat(start.code()).as(start.err()).isZero();
    masterUrl = start.out().lines().filter(l -> l.startsWith("Spark master")).map(l -> l.replaceFirst("Spark master\\s+", "")).findFirst().orElseThrow();
    assertThat(masterUrl).matches("spark://127\\.0\\.0\\.1:\\d+");
    assertThat(start.out()).containsPattern("Web UI\\s+http://127\\.0\\.0\\.1:\\d+");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (s3 != null) {
      s3.close();
    }
    Exec stop = exec(List.of(ROOT.resolve("bin/local-cluster").toString(), "stop"), 60);
    assertThat(stop.code()).as(stop.err()).isZero();
    assertThat(stop.out()).startsWith("local-cluster: stopped 2 process(es)");
    assertThat(exec(List.of(ROOT.resolve("bin/local-cluster").toString(), "status"), 30).code()).isEqualTo(1);
    assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(clusterDir.toString())).toList())
        .as("processes of the cluster still running")
        .isEmpty();
  }

  @Test
  void runAllOnTheClusterPublishesTheSameTablesAsALocalRun(SparkSession spark) throws Exception {
    long t0 = System.nanoTime();
    int appsBefore = applications();
    Path jar = Path.of(System.getProperty("mesh.shaded.jar"));
    // The cluster's warehouse is a bucket of S3Proxy on 127.0.0.1: driver and executors write to it over s3a.
    // The sample's Java jobs are in the tools jar, passed like a domain's jar (the shaded jar is the library's).
    String clusterWarehouse = s3.uri("warehouse");
    String jars = s3aJars() + "," + Path.of(System.getProperty("mesh.tools.jar"));
    List<String> submitS3 = new ArrayList<>(List.of(ROOT.resolve("bin/spark-submit").toString(), "--master", masterUrl, "--conf", "spark.executor.memory=768m", "--jars", jars));
    s3.hadoopSettings().forEach((k, v) -> submitS3.addAll(List.of("--conf", "spark.hadoop." + k + "=" + v)));
    Exec submit =
        exec(
            concat(submitS3, List.of(
                jar.toString(), "run", "--all", "--date", RUN_DATE, "--warehouse", clusterWarehouse, "--conf", ROOT.resolve("conf").toString())),
            300);
    // The sample's sales.returns is refused by its quality gate on purpose: exit 3, the rest published.
    assertThat(submit.code()).as(submit.err()).isEqualTo(3);
    assertThat(submit.out()).containsPattern("sales\\.returns\\s+failed").containsPattern("sales\\.orders\\s+certified\\s+0\\s+20");
    assertThat(applications()).as("the worker ran an executor for the application").isEqualTo(appsBefore + 1);

    long t1 = System.nanoTime();
    Path localWarehouse = tmp.resolve("local-warehouse");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int local =
        MeshCli.execute(
            new PrintWriter(out), new PrintWriter(err), "run", "--all", "--date", RUN_DATE,
            "--warehouse", localWarehouse.toString(), "--conf", ROOT.resolve("conf").toString());
    assertThat(local).as(err.toString()).isEqualTo(3);

    long t2 = System.nanoTime();
    Mesh onCluster = Mesh.open(spark, clusterWarehouse);
    Mesh onLaptop = Mesh.open(spark, localWarehouse);
    int products = new ContractRepository(ROOT.resolve("conf")).list().size();
    assertThat(statuses(onCluster)).isEqualTo(statuses(onLaptop)).hasSize(products);
    List<String> certified =
        onLaptop.catalog().list().stream().filter(CatalogEntry::certified).map(CatalogEntry::product).toList();
    assertThat(certified).hasSize(products - 1).doesNotContain("sales.returns");
    for (String product : certified) {
      ProductId id = ProductId.parse(product);
      assertThat(onCluster.read(id).latestVersion()).as(product).isEqualTo(onLaptop.read(id).latestVersion());
      List<String> clusterRows = rows(onCluster, id);
      assertThat(clusterRows).as(product).isNotEmpty().isEqualTo(rows(onLaptop, id));
    }
    System.err.printf(
        "LocalClusterTest: spark-submit %.0f s, local run %.0f s, comparison %.0f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9, (System.nanoTime() - t2) / 1e9);

    // Access holds on the cluster too: Spark SQL through spark-submit with the shaded jar masks an
    // analyst's pii (the executors compute the masks), refuses a role that is not a reader, and audits the read.
    List<String> sql = concat(submitS3, List.of(
        jar.toString(), "sql", "SELECT customer_id, full_name, email FROM crm.customers ORDER BY customer_id", "--json", "--limit", "1000",
        "--warehouse", clusterWarehouse, "--conf", ROOT.resolve("conf").toString(), "--role"));
    Exec analyst = exec(concat(sql, "analyst"), 300);
    assertThat(analyst.code()).as(analyst.err()).isZero();
    List<Row> clear = onLaptop.as("data-science").read("crm.customers").latest().select("full_name", "email").collectAsList();
    assertThat(clear).isNotEmpty();
    for (Row r : clear) {
      assertThat(analyst.out()).doesNotContain("\"" + r.getString(0) + "\"", "\"" + r.getString(1) + "\"");
    }
    assertThat(analyst.out()).containsPattern("\"full_name\" : \"[0-9a-f]{64}\"");
    Exec marketing = exec(concat(sql, "marketing"), 300);
    assertThat(marketing.code()).as(marketing.err()).isEqualTo(4);
    assertThat(marketing.err()).contains("Read of crm.customers refused for role 'marketing'");
    assertThat(onCluster.auditLog().records()
        .where("via = 'sql' AND product = 'crm.customers' AND principal = 'analyst' AND outcome = 'read'").count()).isEqualTo(1);
  }

  /**
   * Production for a domain repository: spark-submit of Meshwork's shaded jar with the domain's own
   * jar in {@code --jars} (generated and built by {@link GeneratedDomains}), running its Java job on
   * the cluster with its {@code conf/} (and the central governance it points at).
   */
  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES) // builds the generated repositories when DomainRepositoriesTest has not
  void aGeneratedDomainRepositorysProductRunsOnTheClusterWithItsJar(SparkSession spark) throws Exception {
    GeneratedDomains domains = GeneratedDomains.get();
    long t0 = System.nanoTime();
    int appsBefore = applications();
    Path jar = Path.of(System.getProperty("mesh.shaded.jar"));
    Path warehouse = tmp.resolve("domain-warehouse");
    Exec submit =
        exec(
            List.of(
                ROOT.resolve("bin/spark-submit").toString(), "--master", masterUrl, "--conf", "spark.executor.memory=768m",
                "--jars", domains.jar(domains.hr).toString(),
                jar.toString(), "run", "hr.sample_records", "--date", RUN_DATE, "--warehouse", warehouse.toString(),
                "--conf", domains.hr.resolve("conf").toString()),
            300);
    assertThat(submit.code()).as(submit.out() + submit.err()).isZero();
    assertThat(submit.out()).contains("Published hr.sample_records (contract 0.1.0) as data version 0");
    assertThat(applications()).as("the worker ran an executor for the application").isEqualTo(appsBefore + 1);
    // The central governance applied on the cluster too: its placeholder rule warned.
    assertThat(submit.err()).contains("policy metadata.placeholder");
    Mesh mesh = Mesh.open(spark, warehouse);
    List<String> rows = rows(mesh, ProductId.parse("hr.sample_records"));
    assertThat(rows).hasSize(5);
    assertThat(mesh.catalog().list()).extracting(CatalogEntry::product, CatalogEntry::status).containsExactly(org.assertj.core.groups.Tuple.tuple("hr.sample_records", "certified"));
    System.err.printf("LocalClusterTest: spark-submit of a generated domain's product %.0f s%n", (System.nanoTime() - t0) / 1e9);
  }

  /** The applications the worker has run executors for. */
  private static int applications() throws IOException {
    Path work = clusterDir.resolve("work/worker-1");
    if (!Files.isDirectory(work)) {
      return 0;
    }
    try (Stream<Path> apps = Files.list(work)) {
      return (int) apps.filter(p -> p.getFileName().toString().startsWith("app-")).count();
    }
  }

  private static List<String> concat(List<String> command, String last) {
    return concat(command, List.of(last));
  }

  private static List<String> concat(List<String> command, List<String> more) {
    List<String> all = new ArrayList<>(command);
    all.addAll(more);
    return all;
  }

  /** hadoop-aws and the AWS SDK bundle from this JVM's classpath (Maven's), for the driver and executors of a spark-submit. */
  private static String s3aJars() {
    List<String> jars = Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(e -> { String name = Path.of(e).getFileName().toString(); return name.startsWith("hadoop-aws-") || name.startsWith("aws-java-sdk-bundle-"); })
        .toList();
    assertThat(jars).as("hadoop-aws and aws-java-sdk-bundle on the test classpath").hasSize(2);
    return String.join(",", jars);
  }

  private static Map<String, String> statuses(Mesh mesh) {
    return mesh.catalog().list().stream().collect(Collectors.toMap(CatalogEntry::product, e -> e.status() + " v" + e.dataVersion() + " " + e.rows()));
  }

  private static List<String> rows(Mesh mesh, ProductId id) {
    List<String> rows = new ArrayList<>(mesh.read(id).latest().collectAsList().stream().map(Row::toString).toList());
    rows.sort(null);
    return rows;
  }

  /** Runs a command with the cluster's state in the test's temp dir, waiting at most {@code seconds}. */
  private static Exec exec(List<String> command, long seconds) throws IOException, InterruptedException {
    Path log = Files.createTempFile(tmp, "exec", ".out");
    Path errLog = Files.createTempFile(tmp, "exec", ".err");
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectOutput(log.toFile()).redirectError(errLog.toFile());
    pb.environment().put("LOCAL_CLUSTER_DIR", clusterDir.toString());
    pb.environment().put("SPARK_SUBMIT_OPTS", "-XX:TieredStopAtLevel=1"); // the driver JVM, C1 only as the test JVMs
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish in " + seconds + " s; stderr: " + Files.readString(errLog));
    }
    return new Exec(p.exitValue(), Files.readString(log), Files.readString(errLog));
  }
}
