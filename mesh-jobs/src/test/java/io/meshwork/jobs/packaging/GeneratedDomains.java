package io.meshwork.jobs.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Two domain repositories as a team would get them, built once per test JVM and shared by the
 * packaged tests that need them ({@link DomainRepositoriesTest}, {@link LocalClusterTest}):
 *
 * <ol>
 *   <li>a temporary local Maven repository holding the Meshwork artifacts this build made, at
 *       their Maven coordinates (the root pom, which is the BOM, and each module's pom and jar: what
 *       {@code mvn install} would put there, since {@code mvn verify} installs nothing), with every
 *       other artifact linked from {@code ~/.m2/repository}, so the builds run offline and nothing
 *       is downloaded;
 *   <li>{@code bin/mesh new domain hr --repo ...} and {@code new domain finance --repo ...}, both
 *       pointing at Meshwork's {@code conf/} as the central governance;
 *   <li>{@code mvn -o verify} in each: compiles the job, runs the generated test on Meshwork's test
 *       API (a local Spark, a temporary warehouse, the real gate), packages the jar and the
 *       launcher's classpath.
 * </ol>
 *
 * Everything lives under {@code mesh-jobs/target/generated-domains/} (kept for inspection).
 */
final class GeneratedDomains {
  static final Path ROOT = Path.of(System.getProperty("mesh.project.root", "..")).toAbsolutePath().normalize();

  private static GeneratedDomains built;

  final Path dir;
  final Path mavenRepo;
  final Path hr;
  final Path finance;
  final String version;
  /** Wall-clock seconds of each repository's {@code mvn -o verify}, by domain. */
  final Map<String, Double> buildSeconds;

  private GeneratedDomains(Path dir, Path mavenRepo, Path hr, Path finance, String version, Map<String, Double> buildSeconds) {
    this.dir = dir;
    this.mavenRepo = mavenRepo;
    this.hr = hr;
    this.finance = finance;
    this.version = version;
    this.buildSeconds = buildSeconds;
  }

  /** The repositories, generated and built on first use in this JVM. */
  static synchronized GeneratedDomains get() throws Exception {
    if (built == null) {
      built = build();
    }
    return built;
  }

  /** The generated repository's jar ({@code target/<domain>-products-0.1.0-SNAPSHOT.jar}). */
  Path jar(Path repo) {
    return repo.resolve("target").resolve(repo.getFileName() + "-0.1.0-SNAPSHOT.jar");
  }

  /** The environment for a generated repository's {@code bin/mesh}: offline, against the temporary repository. */
  Map<String, String> env() {
    return Map.of("MAVEN_ARGS", "-o -Dmaven.repo.local=" + mavenRepo, "MAVEN_OPTS", "-Xmx512m", "SPARK_LOCAL_IP", "127.0.0.1");
  }

  private static GeneratedDomains build() throws Exception {
    Path dir = ROOT.resolve("mesh-jobs/target/generated-domains");
    deleteTree(dir);
    Files.createDirectories(dir);
    String version = property(Files.readString(ROOT.resolve("pom.xml")), "version");
    Path repo = localRepository(dir.resolve("m2"), version);

    Path hr = dir.resolve("hr-products");
    Path finance = dir.resolve("finance-products");
    for (Path r : List.of(hr, finance)) {
      String domain = r.getFileName().toString().replace("-products", "");
      Exec gen = exec(ROOT, Map.of(), 120, ROOT.resolve("bin/mesh").toString(), "new", "domain", domain, "--repo", r.toString(), "--conf", ROOT.resolve("conf").toString());
      assertThat(gen.code()).as(gen.out() + gen.err()).isZero();
      assertThat(Files.readString(r.resolve("pom.xml"))).contains("<meshwork.version>" + version + "</meshwork.version>");
    }
    Map<String, Double> seconds = new java.util.LinkedHashMap<>();
    for (Path r : List.of(hr, finance)) {
      long t0 = System.nanoTime();
      Exec mvn = exec(r, Map.of("MAVEN_OPTS", "-Xmx512m"), 900, "mvn", "-o", "-B", "-Dmaven.repo.local=" + repo, "verify");
      seconds.put(r.getFileName().toString(), (System.nanoTime() - t0) / 1e9);
      Files.writeString(r.resolve("target/mvn-verify.log"), mvn.out() + mvn.err());
      assertThat(mvn.code()).as("mvn -o verify in " + r + ":\n" + tail(mvn.out(), 80)).isZero();
    }
    return new GeneratedDomains(dir, repo, hr, finance, version, seconds);
  }

  /**
   * A local repository with Meshwork's artifacts of this build at their coordinates and every other
   * artifact of {@code ~/.m2/repository} linked (io/meshwork never: only what this build made).
   */
  private static Path localRepository(Path repo, String version) throws IOException {
    io.meshwork.jobs.LocalMavenRepository.linkedExceptMeshwork(repo);
    install(repo, "meshwork", version, ROOT.resolve("pom.xml"), null);
    for (String module : List.of("mesh-core", "mesh-quality", "mesh-lineage", "mesh-jobs")) {
      Path jar = ROOT.resolve(module).resolve("target").resolve(module + "-" + version + ".jar");
      assertThat(jar).as("the built jar of " + module + " (run after package)").exists();
      install(repo, module, version, ROOT.resolve(module).resolve("pom.xml"), jar);
    }
    return repo;
  }

  private static void install(Path repo, String artifact, String version, Path pom, Path jar) throws IOException {
    Path dir = repo.resolve("io/meshwork").resolve(artifact).resolve(version);
    Files.createDirectories(dir);
    Files.copy(pom, dir.resolve(artifact + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
    if (jar != null) {
      Files.copy(jar, dir.resolve(artifact + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The project's own {@code <version>} (the first one after {@code <artifactId>meshwork</artifactId>}). */
  private static String property(String pom, String name) {
    int from = pom.indexOf("<artifactId>meshwork</artifactId>");
    int start = pom.indexOf("<" + name + ">", from) + name.length() + 2;
    return pom.substring(start, pom.indexOf("</" + name + ">", start));
  }

  record Exec(int code, String out, String err) {}

  /** Runs a command in {@code dir}, waiting at most {@code seconds}. */
  static Exec exec(Path dir, Map<String, String> env, long seconds, String... command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("exec", ".out");
    Path err = Files.createTempFile("exec", ".err");
    try {
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().putAll(env);
      pb.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
      Process p = pb.start();
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError(List.of(command) + " did not finish in " + seconds + " s; stderr: " + Files.readString(err));
      }
      return new Exec(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> all = new ArrayList<>();
    // Symbolic links into ~/.m2 are deleted as links, never followed.
    try (Stream<Path> s = Files.walk(dir)) {
      s.forEach(all::add);
    }
    all.sort(Comparator.reverseOrder());
    for (Path p : all) {
      Files.delete(p);
    }
  }
}
