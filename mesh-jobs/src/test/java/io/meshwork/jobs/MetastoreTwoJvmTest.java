package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.model.ProductId;
import io.meshwork.core.storage.Warehouse;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Products published with a Hive metastore as the catalog are read by a second, separate Spark
 * application that knows nothing of Meshwork: plain Spark and Delta, no Meshwork class on its
 * classpath, no session extension, only the metastore. Spark's embedded Derby metastore admits one
 * JVM at a time, so every step is its own JVM, one after the other.
 */
class MetastoreTwoJvmTest {
  private static final String SECRET =
      TestProject.ORDERS.replace("name = orders", "name = secret").replace("sla.freshness = 24h", "sla.freshness = 24h\n  access { readers = [analyst] }");

  @TempDir Path dir;

  private List<String> hive() {
    return List.of(
        "-Dspark.sql.catalogImplementation=hive",
        "-Dspark.hadoop.javax.jdo.option.ConnectionURL=jdbc:derby:;databaseName=" + dir.resolve("metastore_db") + ";create=true",
        "-Dspark.sql.warehouse.dir=" + dir.resolve("hive-warehouse"),
        "-Dderby.system.home=" + dir);
  }

  private TestProject.Result mesh(TestProject project, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--conf", project.root().resolve("conf").toString(), "--warehouse", project.warehouse().toString()));
    return TestProject.executeInChildJvm(project.root(), hive(), all.toArray(String[]::new));
  }

  @Test
  void aPlainSparkApplicationReadsPublishedVersionsThroughTheMetastoreAlone() throws Exception {
    TestProject prod = new TestProject(Files.createDirectories(dir.resolve("prod")))
        .write("conf/products/sales/orders.conf", TestProject.ORDERS)
        .write("conf/products/sales/secret.conf", SECRET)
        .write("data/orders.csv", "order_id,amount\nO-1,10.00\nO-2,20.00\n");

    TestProject.Result first = mesh(prod, "run", "--all");
    assertThat(first.code()).as(first.err()).isZero();

    prod.write("data/orders.csv", "order_id,amount\nO-1,10.00\nO-2,20.00\nO-3,30.00\n");
    TestProject.Result second = mesh(prod, "run", "sales.orders");
    assertThat(second.code()).as(second.err()).isZero();

    // A development warehouse publishing the same product under the same names is refused before it commits.
    TestProject dev = new TestProject(Files.createDirectories(dir.resolve("dev")))
        .write("conf/products/sales/orders.conf", TestProject.ORDERS)
        .write("data/orders.csv", "order_id,amount\nO-9,99.00\n");
    TestProject.Result hijack = mesh(dev, "run", "sales.orders");
    Warehouse devWarehouse = Warehouse.at(dev.warehouse());
    Warehouse prodWarehouse = Warehouse.at(prod.warehouse());
    ProductId orders = ProductId.parse("sales.orders");
    assertThat(hijack.code()).as(hijack.out() + hijack.err()).isEqualTo(2);
    assertThat(hijack.err())
        .contains("sales.orders is registered at " + Warehouse.display(prodWarehouse.table(orders, 1)))
        .contains(Warehouse.display(devWarehouse.table(orders, 1)))
        .contains("mesh.metastore.database-prefix");
    assertThat(Warehouse.hasCommit(devWarehouse.table(orders, 1))).as("nothing published").isFalse();

    List<String> read = plainSpark(
        "SELECT count(*) FROM sales.orders VERSION AS OF 0",
        "SELECT count(*) FROM sales.orders VERSION AS OF 1",
        "SELECT sum(amount) FROM sales.orders",
        "SHOW TABLES IN sales");

    assertThat(read).containsExactly(
        "meshwork classes: none",
        "SELECT count(*) FROM sales.orders VERSION AS OF 0 -> 2",
        "SELECT count(*) FROM sales.orders VERSION AS OF 1 -> 3",
        "SELECT sum(amount) FROM sales.orders -> 60.00",
        // sales.secret has an access block: not registered (mesh.metastore.register-restricted = false)
        "SHOW TABLES IN sales -> sales,orders,false | sales,orders_v1,false");
  }

  /** Runs the queries in a new JVM holding Spark, Delta and Hive only, and returns what it printed. */
  private List<String> plainSpark(String... queries) throws Exception {
    Path source = dir.resolve("PlainSparkReader.java");
    Files.writeString(source, """
        import java.util.stream.Collectors;
        import org.apache.spark.sql.Row;
        import org.apache.spark.sql.SparkSession;

        public class PlainSparkReader {
          public static void main(String[] args) {
            String meshwork;
            try {
              Class.forName("io.meshwork.core.Mesh");
              meshwork = "present";
            } catch (ClassNotFoundException e) {
              meshwork = "none";
            }
            System.out.println("meshwork classes: " + meshwork);
            SparkSession spark = SparkSession.builder().master("local[1]").appName("not-meshwork")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .enableHiveSupport()
                .getOrCreate();
            spark.sparkContext().setLogLevel("ERROR");
            for (String q : args) {
              String rows = spark.sql(q).collectAsList().stream()
                  .map(r -> java.util.stream.IntStream.range(0, r.length()).mapToObj(i -> String.valueOf(r.get(i))).collect(Collectors.joining(",")))
                  .sorted().collect(Collectors.joining(" | "));
              System.out.println(q + " -> " + rows);
            }
            spark.stop();
          }
        }
        """);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (flag.startsWith("--add-opens") || flag.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || flag.startsWith("-XX:TieredStopAtLevel") || flag.startsWith("-Djdk.reflect")) {
        command.add(flag);
      }
    }
    command.addAll(hive());
    command.addAll(List.of("-cp", withoutMeshwork(), source.toString()));
    command.addAll(Arrays.asList(queries));
    Path out = dir.resolve("plain.out");
    Path err = dir.resolve("plain.err");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the plain Spark reader did not end within 180 s; stderr: " + Files.readString(err));
    }
    assertThat(p.exitValue()).as(Files.readString(err)).isZero();
    return Files.readAllLines(out).stream().filter(l -> l.startsWith("meshwork classes") || l.contains(" -> ")).toList();
  }

  /** This test's classpath without Meshwork's modules (their classes directories and jars). */
  private static String withoutMeshwork() throws IOException {
    List<String> entries = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      entries.addAll(expand(e));
    }
    return entries.stream()
        .filter(e -> !e.matches(".*[/\\\\]mesh-(core|jobs|quality|lineage)[/\\\\].*") && !Path.of(e).getFileName().toString().startsWith("mesh-"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** A classpath entry, or the entries of a manifest-only jar (as surefire may start tests with). */
  private static List<String> expand(String entry) throws IOException {
    if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
      return List.of(entry);
    }
    try (JarFile jar = new JarFile(entry)) {
      String classPath = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes().getValue("Class-Path");
      if (classPath == null || jar.getEntry("org/apache/maven/surefire") == null && !entry.contains("surefire")) {
        return List.of(entry);
      }
      List<String> expanded = new ArrayList<>();
      for (String url : classPath.trim().split("\\s+")) {
        expanded.add(Path.of(java.net.URI.create(url)).toString());
      }
      return expanded;
    }
  }
}
