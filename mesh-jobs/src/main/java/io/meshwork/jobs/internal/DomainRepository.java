package io.meshwork.jobs.internal;

import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.ProductId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Writes a domain's own Maven repository on Meshwork ({@code mesh new domain <d> --repo DIR}): a
 * pom importing Meshwork's BOM with every plugin version pinned, {@code conf/} with a first
 * product's contract, its job, sample data and a test on {@code io.meshwork.testing}, a launcher
 * {@code bin/mesh} running Meshwork's command line with the domain's classes on the classpath, and
 * a README. Refuses a directory that already holds a pom or a conf directory.
 */
public final class DomainRepository {
  /** Spark's Java 17 opens, as Meshwork's own surefire and bin/mesh pass them. */
  static final String JVM_FLAGS =
      "-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED"
          + " --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED"
          + " --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED"
          + " --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED"
          + " --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED"
          + " --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false";

  private DomainRepository() {}

  /** The Meshwork version this jar is (from its Maven metadata), the version a generated pom depends on. */
  public static String meshworkVersion() {
    try (InputStream in = DomainRepository.class.getResourceAsStream("/META-INF/maven/io.meshwork/mesh-jobs/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version");
      }
    } catch (IOException e) {
      // fall through: running from classes, not the jar
    }
    return "0.1.0-SNAPSHOT";
  }

  /** Generates the repository without a central governance; returns the files written. */
  public static List<Path> generate(String domain, Path repo, String version) {
    return generate(domain, repo, version, null);
  }

  /**
   * Generates the repository; returns the files written.
   *
   * @param centralGovernance the organisation's governance: a directory holding {@code
   *     governance.conf} (written into {@code conf/mesh.conf} relative to the repository) or {@code
   *     classpath:<folder>}; null for none (the setting is left commented)
   */
  public static List<Path> generate(String domain, Path repo, String version, String centralGovernance) {
    if (!ProductId.isIdentifier(domain)) {
      throw new ContractException("'" + domain + "' is not a domain name: expected a plain lower-case identifier ([a-z][a-z0-9_]*)");
    }
    if (Files.exists(repo.resolve("pom.xml")) || Files.exists(repo.resolve("conf"))) {
      throw new ContractException("Refusing to overwrite: " + repo + " already holds a pom.xml or a conf/ directory");
    }
    String pkg = "com.example." + domain;
    Map<Path, String> files = new LinkedHashMap<>();
    files.put(repo.resolve("pom.xml"), pom(domain, version));
    files.put(repo.resolve("conf/mesh.conf"), MESH_CONF.formatted(domain, governanceSetting(repo, centralGovernance)));
    files.put(repo.resolve("conf/log4j2.properties"), LOG4J2);
    files.put(repo.resolve("bin/mesh"), LAUNCHER);
    files.put(repo.resolve("README.md"), README.formatted(domain, pkg));
    files.put(repo.resolve(".gitignore"), "target/\nwarehouse/\n");
    List<Path> created = new ArrayList<>();
    try {
      for (Map.Entry<Path, String> f : files.entrySet()) {
        Files.createDirectories(f.getKey().getParent());
        Files.writeString(f.getKey(), f.getValue());
        created.add(f.getKey());
      }
      repo.resolve("bin/mesh").toFile().setExecutable(true, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // The domain's overrides of the central governance (every central policy listed, commented).
    created.add(new Scaffold(new ContractRepository(repo.resolve("conf"))).domain(domain));
    // The first product: contract, sample data, job and its test, as `mesh new product` writes them.
    created.addAll(new Scaffold(new ContractRepository(repo.resolve("conf"))).product(ProductId.parse(domain + ".sample_records"), true, pkg));
    return created;
  }

  /** The mesh.governance.central line of the generated conf/mesh.conf. */
  private static String governanceSetting(Path repo, String central) {
    if (central == null || central.isBlank()) {
      return "# mesh.governance.central = \"../governance\"            # a checkout of the organisation's governance";
    }
    String value = central;
    if (!central.startsWith("classpath:") && !central.startsWith("file:")) {
      Path from = repo.toAbsolutePath().normalize();
      Path to = Path.of(central).toAbsolutePath().normalize();
      // Relative when the two sit side by side (../governance), so clones in the same layout agree; else absolute.
      Path relative = from.getRoot().equals(to.getRoot()) ? from.relativize(to) : null;
      int up = 0;
      for (Path part : relative == null ? List.<Path>of() : relative) {
        up += part.toString().equals("..") ? 1 : 0;
      }
      value = relative != null && up <= 2 ? relative.toString() : to.toString();
      if (value.isEmpty()) {
        value = ".";
      }
    }
    return "mesh.governance.central = \"" + value.replace("\\", "/") + "\"";
  }

  private static String pom(String domain, String version) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0"
                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.example.%1$s</groupId>
          <artifactId>%1$s-products</artifactId>
          <version>0.1.0-SNAPSHOT</version>
          <name>%1$s data products</name>

          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
            <meshwork.version>%2$s</meshwork.version>
            <!-- Spark 3.5 on Java 17 needs these opens. -->
            <spark.jvm.flags>%3$s</spark.jvm.flags>
          </properties>

          <dependencyManagement>
            <dependencies>
              <dependency>
                <!-- Meshwork's BOM: its modules and the Spark, Delta, Deequ, Jackson and JUnit versions it is tested with. -->
                <groupId>io.meshwork</groupId>
                <artifactId>meshwork</artifactId>
                <version>${meshwork.version}</version>
                <type>pom</type>
                <scope>import</scope>
              </dependency>
            </dependencies>
          </dependencyManagement>

          <dependencies>
            <dependency>
              <groupId>io.meshwork</groupId>
              <artifactId>mesh-jobs</artifactId>
            </dependency>
            <dependency>
              <groupId>org.apache.spark</groupId>
              <artifactId>spark-sql_2.12</artifactId>
              <scope>provided</scope>
            </dependency>
            <dependency>
              <groupId>org.apache.spark</groupId>
              <artifactId>spark-mllib_2.12</artifactId>
              <scope>provided</scope>
            </dependency>
            <dependency>
              <groupId>org.junit.jupiter</groupId>
              <artifactId>junit-jupiter</artifactId>
              <scope>test</scope>
            </dependency>
            <dependency>
              <groupId>org.assertj</groupId>
              <artifactId>assertj-core</artifactId>
              <scope>test</scope>
            </dependency>
            <!-- The organisation's governance as an artifact (its jar holds meshwork-governance/governance.conf,
                 identifiers.conf, reference/), with mesh.governance.central = "classpath:meshwork-governance":
            <dependency>
              <groupId>com.example</groupId>
              <artifactId>governance</artifactId>
              <version>1.0.0</version>
            </dependency>
            -->
          </dependencies>

          <build>
            <!-- Every plugin the build uses, pinned: the same build offline and on every machine. -->
            <plugins>
              <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-clean-plugin</artifactId><version>3.4.0</version></plugin>
              <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
              <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-surefire-plugin</artifactId>
                <version>3.5.4</version>
                <configuration>
                  <argLine>-Xmx2g ${spark.jvm.flags}</argLine>
                  <environmentVariables><SPARK_LOCAL_IP>127.0.0.1</SPARK_LOCAL_IP></environmentVariables>
                  <systemPropertyVariables><log4j2.configurationFile>${project.basedir}/conf/log4j2.properties</log4j2.configurationFile></systemPropertyVariables>
                </configuration>
              </plugin>
              <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
              <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-install-plugin</artifactId><version>3.1.3</version></plugin>
              <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-deploy-plugin</artifactId><version>3.1.3</version></plugin>
              <plugin>
                <!-- bin/mesh's classpath: Meshwork, Spark and everything else the jobs need at run time. -->
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-dependency-plugin</artifactId>
                <version>3.8.1</version>
                <executions>
                  <execution>
                    <!-- compile scope includes provided: Spark itself -->
                    <id>launcher-classpath-compile</id>
                    <phase>package</phase>
                    <goals><goal>build-classpath</goal></goals>
                    <configuration>
                      <includeScope>compile</includeScope>
                      <outputFile>${project.build.directory}/classpath-compile.txt</outputFile>
                    </configuration>
                  </execution>
                  <execution>
                    <!-- runtime scope: what Spark and Meshwork load at run time only -->
                    <id>launcher-classpath-runtime</id>
                    <phase>package</phase>
                    <goals><goal>build-classpath</goal></goals>
                    <configuration>
                      <includeScope>runtime</includeScope>
                      <outputFile>${project.build.directory}/classpath.txt</outputFile>
                    </configuration>
                  </execution>
                </executions>
              </plugin>
            </plugins>
          </build>
        </project>
        """
        .formatted(domain, version, JVM_FLAGS);
  }

  private static final String MESH_CONF =
      """
      # Platform settings of the %1$s domain's repository (defaults: Meshwork's reference.conf).
      mesh.warehouse = "warehouse"

      # The organisation's governance (policies, shared identifiers, reference data), not a copy: a
      # directory holding governance.conf (relative to this repository), or a governance artifact on
      # the classpath (a dependency in pom.xml whose jar holds meshwork-governance/governance.conf):
      #   mesh.governance.central = "classpath:meshwork-governance"
      # This repository holds only its domain's overrides, conf/domains/%1$s.conf, which may tighten
      # the central policies and relax only those marked overridable = true there.
      %2$s
      # The owning team's webhook, told of refused publishes, conflicts and SLA breaches:
      # mesh.notify.teams.%1$s-data.webhook = "http://chat.example.com/hooks/%1$s"
      """;

  private static final String LAUNCHER =
      """
      #!/usr/bin/env bash
      # Meshwork's command line (run, read, policy check, catalog, sla check, ...) with this repository's
      # jobs on the classpath. Builds the repository first when a source changed (mvn -DskipTests package;
      # MAVEN_ARGS, e.g. "-o", are passed to it).
      set -euo pipefail
      ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
      CP="$ROOT/target/classpath.txt"
      if [ ! -f "$CP" ] || [ -n "$(find "$ROOT/pom.xml" "$ROOT/src/main" -newer "$CP" -print -quit 2>/dev/null)" ]; then
        # shellcheck disable=SC2086
        (cd "$ROOT" && mvn -B -q ${MAVEN_ARGS:-} -DskipTests package) >&2
      fi
      JVM_FLAGS=$(sed -n 's:.*<spark.jvm.flags>\\(.*\\)</spark.jvm.flags>.*:\\1:p' "$ROOT/pom.xml")
      export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
      cd "$ROOT"
      # shellcheck disable=SC2086
      exec java -Xmx2g $JVM_FLAGS -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" ${MESH_JAVA_OPTS:-} -cp "$ROOT/target/classes:$(cat "$ROOT/target/classpath-compile.txt"):$(cat "$CP")" io.meshwork.jobs.cli.MeshCli "$@"
      """;

  /** Console logging of bin/mesh and the tests: Meshwork's messages; Spark and the libraries only when they fail (MESH_LOG_LEVEL). */
  private static final String LOG4J2 =
      """
      # Console logging of bin/mesh and the tests: what Meshwork says, and the libraries' errors.
      # -Dmesh.log.level=warn (MESH_JAVA_OPTS) shows their warnings too.
      rootLogger.level = warn
      rootLogger.appenderRef.stderr.ref = console
      appender.console.type = Console
      appender.console.name = console
      appender.console.target = SYSTEM_ERR
      appender.console.layout.type = PatternLayout
      appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex
      logger.spark.name = org.apache.spark
      logger.spark.level = ${sys:mesh.log.level:-error}
      logger.delta.name = io.delta
      logger.delta.level = ${sys:mesh.log.level:-error}
      logger.hadoop.name = org.apache.hadoop
      logger.hadoop.level = ${sys:mesh.log.level:-error}
      logger.parquet.name = org.apache.parquet
      logger.parquet.level = ${sys:mesh.log.level:-error}
      logger.deequ.name = com.amazon.deequ
      logger.deequ.level = ${sys:mesh.log.level:-error}
      logger.nativecode.name = org.apache.hadoop.util.NativeCodeLoader
      logger.nativecode.level = off
      logger.meshwork.name = io.meshwork
      logger.meshwork.level = warn
      """;

  private static final String README =
      """
      # %1$s data products

      This domain's products on [Meshwork](https://example.com/meshwork): contracts in
      `conf/products/%1$s/`, Java jobs in `src/main/java` (package `%2$s`), sample inputs in
      `sample-data/`, tests in `src/test/java` on Meshwork's test API (`io.meshwork.testing`).

      ```bash
      mvn verify                                  # builds the jobs and runs their tests on a local Spark
      bin/mesh policy check --all                 # the governance policies, without Spark
      bin/mesh run %1$s.sample_records            # build, check and publish into ./warehouse
      bin/mesh read %1$s.sample_records --limit 5
      bin/mesh new product %1$s.another --kind sql   # a new product in this repository
      ```

      Governance is the organisation's, not a copy: `conf/mesh.conf` points at it
      (`mesh.governance.central`: a checkout of the governance repository, or a governance artifact on
      the classpath); `conf/domains/%1$s.conf` holds only this domain's overrides, which may tighten the
      central policies and relax only what they mark `overridable = true`. `bin/mesh policy check --all`
      in CI checks the contracts against the central rules.

      A test of a product is a few lines: `@ExtendWith(MeshExtension.class)`, then
      `ProductHarness.run("%1$s.sample_records")` publishes it into a temporary warehouse through the
      real quality gate and `read(...)` gives the certified rows back.
      """;
}
