package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root pom is a BOM: a project importing it (type pom, scope import) gets Spark, Delta, Deequ,
 * Jackson and JUnit at Meshwork's versions. Resolved offline by Maven in a temporary local
 * repository that holds this root pom and links every other artifact of ~/.m2 (io/meshwork untouched).
 */
class BomImportTest {
  @Test
  void importingTheRootPomPinsSparkDeltaDeequJacksonAndJunit(@TempDir Path dir) throws Exception {
    Path root = Path.of(System.getProperty("mesh.project.root", "..")).toAbsolutePath().normalize();
    Path repo = LocalMavenRepository.linkedExceptMeshwork(dir.resolve("repo"));
    Path bom = repo.resolve("io/meshwork/meshwork/0.1.0-SNAPSHOT/meshwork-0.1.0-SNAPSHOT.pom");
    Files.createDirectories(bom.getParent());
    Files.copy(root.resolve("pom.xml"), bom);
    Path consumer = dir.resolve("consumer");
    Files.createDirectories(consumer);
    Files.writeString(consumer.resolve("pom.xml"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.example.hr</groupId><artifactId>bom-consumer</artifactId><version>1</version>
          <dependencyManagement><dependencies>
            <dependency><groupId>io.meshwork</groupId><artifactId>meshwork</artifactId><version>0.1.0-SNAPSHOT</version><type>pom</type><scope>import</scope></dependency>
          </dependencies></dependencyManagement>
          <dependencies>
            <dependency><groupId>org.apache.spark</groupId><artifactId>spark-sql_2.12</artifactId></dependency>
            <dependency><groupId>io.delta</groupId><artifactId>delta-spark_2.12</artifactId></dependency>
            <dependency><groupId>com.amazon.deequ</groupId><artifactId>deequ</artifactId></dependency>
            <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId></dependency>
            <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><scope>test</scope></dependency>
          </dependencies>
        </project>
        """);
    Path list = dir.resolve("list.txt");
    Process mvn = new ProcessBuilder(
            "mvn", "-o", "-B", "-q", "-Dmaven.repo.local=" + repo, "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:list",
            "-DincludeGroupIds=org.apache.spark,io.delta,com.amazon.deequ,com.fasterxml.jackson.core,org.junit.jupiter", "-DoutputFile=" + list)
        .directory(consumer.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("mvn.log").toFile()).start();
    assertThat(mvn.waitFor(240, TimeUnit.SECONDS)).isTrue();
    assertThat(mvn.exitValue()).as(Files.readString(dir.resolve("mvn.log"))).isZero();
    String pom = Files.readString(root.resolve("pom.xml"));
    String deps = Files.readString(list);
    assertThat(deps)
        .contains("org.apache.spark:spark-sql_2.12:jar:" + property(pom, "spark.version") + ":provided")
        .contains("io.delta:delta-spark_2.12:jar:" + property(pom, "delta.version") + ":compile")
        .contains("com.amazon.deequ:deequ:jar:" + property(pom, "deequ.version") + ":compile")
        .contains("com.fasterxml.jackson.core:jackson-databind:jar:" + property(pom, "jackson.version") + ":compile")
        .contains("org.junit.jupiter:junit-jupiter:jar:" + property(pom, "junit.version") + ":test");
  }

  private static String property(String pom, String name) {
    int start = pom.indexOf("<" + name + ">") + name.length() + 2;
    return pom.substring(start, pom.indexOf("</" + name + ">", start));
  }
}
