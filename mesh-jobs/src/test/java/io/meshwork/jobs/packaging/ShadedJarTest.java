package io.meshwork.jobs.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The application jar a cluster runs ({@code mesh-jobs-<v>-all.jar}): runnable, self-contained
 * for everything Meshwork brings, and free of what the cluster brings (Spark, Scala, Hadoop), so
 * the cluster's own versions are the only ones loaded; like the library jar ({@code mesh-jobs-<v>.jar}),
 * free of the benchmarks, TPC-H and the examples, which the tools jar ({@code -tools.jar}) holds.
 * Runs after {@code package} (tag "packaged").
 */
@Tag("packaged")
class ShadedJarTest {
  private static JarFile jar;
  private static Set<String> entries;

  @BeforeAll
  static void open() throws IOException {
    Path path = Path.of(System.getProperty("mesh.shaded.jar"));
    assertThat(path).as("the shaded jar, built by mvn package").isRegularFile();
    jar = new JarFile(path.toFile());
    entries = jar.stream().map(JarEntry::getName).collect(Collectors.toCollection(TreeSet::new));
  }

  @AfterAll
  static void close() throws IOException {
    jar.close();
  }

  @Test
  void hasTheMeshCommandLineAsMainClass() throws IOException {
    assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("io.meshwork.jobs.cli.MeshCli");
    assertThat(entries).contains("io/meshwork/jobs/cli/MeshCli.class", "io/meshwork/core/publish/Publisher.class");
  }

  @Test
  void carriesDeltaDeequConfigOpenLineagePicocliAndMustache() {
    assertThat(entries)
        .contains(
            "io/delta/tables/DeltaTable.class",
            "org/apache/spark/sql/delta/DeltaLog.class",
            "io/delta/storage/LogStore.class",
            "com/amazon/deequ/VerificationSuite.class",
            "breeze/linalg/DenseVector.class",
            "com/typesafe/config/ConfigFactory.class",
            "io/meshwork/shaded/io/openlineage/client/OpenLineage.class",
            "io/meshwork/shaded/io/openlineage/client/transports/HttpTransport.class",
            "picocli/CommandLine.class",
            "com/github/mustachejava/DefaultMustacheFactory.class",
            "io/meshwork/jobs/docs/page.mustache");
    // Relocated: an openlineage-spark listener on the same classpath brings its own io.openlineage.client.
    assertThat(entries).noneMatch(e -> e.startsWith("io/openlineage/"));
  }

  @Test
  void carriesNoSparkScalaOrHadoopClasses() throws IOException {
    assertThat(entries).noneMatch(e -> e.startsWith("scala/")).noneMatch(e -> e.startsWith("org/apache/hadoop/"));
    // Delta and Deequ put some of their own classes in org.apache.spark packages: what must not be
    // here is any class that a Spark or Scala artifact itself holds.
    Set<String> clusterClasses = new TreeSet<>();
    for (Path provided : classpath("classpath-compile.txt")) {
      String p = provided.toString();
      if (p.contains("/org/apache/spark/") || p.contains("/org/scala-lang/")) {
        clusterClasses.addAll(classesOf(provided));
      }
    }
    assertThat(clusterClasses).as("classes of the Spark and Scala jars").hasSizeGreaterThan(10_000);
    assertThat(entries.stream().filter(clusterClasses::contains).limit(20).toList()).isEmpty();
  }

  @Test
  void mergesEveryServiceFileOfTheBundledJars() throws IOException {
    List<String> missing = new ArrayList<>();
    int services = 0;
    for (Path bundled : classpath("classpath-runtime.txt")) {
      if (!Files.isRegularFile(bundled) || isProvidedByTheCluster(bundled)) {
        continue;
      }
      try (JarFile dependency = new JarFile(bundled.toFile())) {
        for (Enumeration<JarEntry> e = dependency.entries(); e.hasMoreElements(); ) {
          JarEntry entry = e.nextElement();
          if (!entry.isDirectory() && entry.getName().startsWith("META-INF/services/")) {
            services++;
            Set<String> merged = providers(jar, relocated(entry.getName()));
            for (String provider : providers(dependency, entry.getName())) {
              if (!merged.contains(relocated(provider))) {
                missing.add(entry.getName() + ": " + provider + " (from " + bundled.getFileName() + ")");
              }
            }
          }
        }
      }
    }
    assertThat(services).as("service files in the bundled jars").isGreaterThanOrEqualTo(5);
    assertThat(missing).isEmpty();
    assertThat(providers(jar, "META-INF/services/org.apache.spark.sql.sources.DataSourceRegister"))
        .contains("org.apache.spark.sql.delta.sources.DeltaDataSource");
    assertThat(providers(jar, "META-INF/services/io.meshwork.shaded.io.openlineage.client.transports.TransportBuilder"))
        .contains(
            "io.meshwork.shaded.io.openlineage.client.transports.HttpTransportBuilder",
            "io.meshwork.shaded.io.openlineage.client.transports.FileTransportBuilder",
            "io.meshwork.shaded.io.openlineage.client.transports.ConsoleTransportBuilder");
    // The data docs' lineage layout: ELK finds its layered algorithm through this service file.
    assertThat(providers(jar, "META-INF/services/org.eclipse.elk.core.data.ILayoutMetaDataProvider"))
        .contains("org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider", "org.eclipse.elk.core.labels.LabelManagementOptions");
  }

  @Test
  void theLibraryJarHoldsNeitherBenchmarksNorTpchNorExamplesAndTheToolsJarHoldsThem() throws Exception {
    Set<String> library = entriesOf(Path.of(System.getProperty("mesh.library.jar")));
    Set<String> tools = entriesOf(Path.of(System.getProperty("mesh.tools.jar")));
    assertThat(library).contains("io/meshwork/jobs/cli/MeshCli.class", "io/meshwork/jobs/cli/CliSupport.class", "io/meshwork/jobs/governance/OwnerTeamMatchesDomain.class");
    for (Set<String> shipped : List.of(library, entries)) {
      assertThat(shipped.stream().filter(ShadedJarTest::isTool).limit(10).toList()).isEmpty();
      assertThat(shipped).noneMatch(e -> e.startsWith("io/trino/"));
      // nor under another name (a class file left behind in target/classes by a move: build with clean)
      assertThat(shipped).noneMatch(e -> e.matches("io/meshwork/.*/([A-Za-z]+Bench|Tpch|LocalS3|DemoCommand|MlDemo|ChurnModel)(\\$.*)?\\.class"));
    }
    // Every class of the tools tree compiled into target/classes is in the tools jar, and nothing else is.
    Path classes = Path.of(System.getProperty("mesh.library.jar")).resolveSibling("classes");
    Set<String> compiled;
    try (var walk = Files.walk(classes)) {
      compiled = walk.filter(Files::isRegularFile).map(p -> classes.relativize(p).toString().replace('\\', '/')).filter(ShadedJarTest::isTool)
          .collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(compiled).contains(
        "io/meshwork/bench/BenchCommand.class", "io/meshwork/bench/internal/Tpch.class", "io/meshwork/bench/internal/LocalS3.class",
        "io/meshwork/examples/demo/DemoCommand.class", "io/meshwork/examples/ml/ChurnModel.class", "io/meshwork/examples/supply_chain/Shipments.class");
    Set<String> toolClasses = tools.stream().filter(e -> e.endsWith(".class")).collect(Collectors.toCollection(TreeSet::new));
    assertThat(toolClasses).isEqualTo(compiled);
    // The library's service files name only classes the library holds.
    try (JarFile lib = new JarFile(System.getProperty("mesh.library.jar"))) {
      for (String service : library.stream().filter(e -> e.startsWith("META-INF/services/") && !e.endsWith("/")).toList()) {
        assertThat(providers(lib, service)).allSatisfy(p -> assertThat(library).as(service).contains(p.replace('.', '/') + ".class"));
      }
    }
  }

  @Test
  void theCommandLineOffersBenchAndDemoOnlyWithTheToolsJar() throws Exception {
    String library = System.getProperty("mesh.library.jar");
    String classpath = String.join(java.io.File.pathSeparator, classpath("classpath-compile.txt").stream().map(Path::toString).toList())
        + java.io.File.pathSeparator + String.join(java.io.File.pathSeparator, classpath("classpath-runtime.txt").stream().map(Path::toString).toList());
    String alone = help(library + java.io.File.pathSeparator + classpath);
    assertThat(alone).containsPattern("\\n\\s+docs\\s").doesNotContainPattern("\\n\\s+(bench|demo)\\s");
    String withTools = help(library + java.io.File.pathSeparator + System.getProperty("mesh.tools.jar") + java.io.File.pathSeparator + classpath);
    assertThat(withTools).containsPattern("evidence\\.\\n\\s+bench\\s").containsPattern("graph\\.\\n\\s+demo\\s");
  }

  /** {@code mesh --help} in a JVM on this classpath. */
  private static String help(String classpath) throws Exception {
    Path out = Files.createTempFile("mesh-help", ".out");
    try {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1", "-cp", classpath,
              "io.meshwork.jobs.cli.MeshCli", "--help")
          .redirectErrorStream(true).redirectOutput(out.toFile()).start();
      assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      String text = Files.readString(out);
      assertThat(p.exitValue()).as(text).isZero();
      return text;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** A class or resource of the tools tree: benchmarks (io.meshwork.bench) and examples (io.meshwork.examples). */
  private static boolean isTool(String entry) {
    return entry.startsWith("io/meshwork/bench/") || entry.startsWith("io/meshwork/examples/");
  }

  private static Set<String> entriesOf(Path jarPath) throws IOException {
    assertThat(jarPath).as("built by mvn package").isRegularFile();
    try (JarFile j = new JarFile(jarPath.toFile())) {
      return j.stream().map(JarEntry::getName).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /** A service file or provider name as the shade plugin relocates it. */
  private static String relocated(String name) {
    return name.replace("io.openlineage.", "io.meshwork.shaded.io.openlineage.");
  }

  @Test
  void mergesTheReferenceConfOfEveryModule() throws IOException {
    String reference = text(jar, "reference.conf");
    assertThat(reference).contains("app-name = \"meshwork\"");
    for (Path bundled : classpath("classpath-runtime.txt")) {
      if (Files.isRegularFile(bundled) && !isProvidedByTheCluster(bundled)) {
        try (JarFile dependency = new JarFile(bundled.toFile())) {
          if (dependency.getEntry("reference.conf") != null) {
            assertThat(reference).as("reference.conf of " + bundled.getFileName()).contains(text(dependency, "reference.conf").strip());
          }
        }
      }
    }
  }

  /** What the shade plugin leaves out (mesh-jobs/pom.xml): the cluster brings these. */
  private static boolean isProvidedByTheCluster(Path jarPath) {
    String p = jarPath.toString();
    return p.contains("/org/scala-lang/") || p.contains("/org/apache/spark/") || p.contains("/org/antlr/")
        || p.contains("/org/apache/hadoop/") || p.contains("/org/slf4j/");
  }

  private static List<Path> classpath(String file) throws IOException {
    Path target = Path.of(System.getProperty("mesh.shaded.jar")).getParent();
    String text = Files.readString(target.resolve(file)).strip();
    return Arrays.stream(text.split(java.io.File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
  }

  private static Set<String> classesOf(Path jarPath) throws IOException {
    try (JarFile j = new JarFile(jarPath.toFile())) {
      return j.stream()
          .map(JarEntry::getName)
          .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/") && !n.endsWith("module-info.class"))
          .collect(Collectors.toSet());
    }
  }

  private static Set<String> providers(JarFile j, String name) throws IOException {
    JarEntry e = j.getJarEntry(name);
    if (e == null) {
      return Set.of();
    }
    return text(j, name).lines().map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).collect(Collectors.toSet());
  }

  private static String text(JarFile j, String name) throws IOException {
    try (InputStream in = j.getInputStream(j.getJarEntry(name))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
