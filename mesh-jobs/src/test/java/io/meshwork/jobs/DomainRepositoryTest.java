package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mesh new domain <d> --repo DIR}: the generated repository's files, checked for content;
 * its job and test compile against Meshwork, its contracts pass the policies. (Its {@code mvn -o
 * verify} against the built jars runs in the packaged tests: {@code DomainRepositoriesTest}.)
 */
class DomainRepositoryTest {
  @Test
  void generatesAMavenRepositoryOnMeshworkWithAProductItsTestAndALauncher(@TempDir Path dir, @TempDir Path classes) throws Exception {
    Path repo = dir.resolve("hr-products");
    TestProject.Result r = TestProject.execute("new", "domain", "hr", "--repo", repo.toString(), "--conf", dir.resolve("conf").toString());
    assertThat(r.code()).as(r.err()).isZero();
    Path job = repo.resolve("src/main/java/com/example/hr/SampleRecords.java");
    Path test = repo.resolve("src/test/java/com/example/hr/SampleRecordsTest.java");
    assertThat(r.out().lines().toList()).contains(
        "created " + repo.resolve("pom.xml"), "created " + repo.resolve("bin/mesh"), "created " + repo.resolve("conf/products/hr/sample_records.conf"),
        "created " + repo.resolve("sample-data/hr/sample_records.csv"), "created " + job, "created " + test);

    String pom = Files.readString(repo.resolve("pom.xml"));
    assertThat(pom)
        .contains("<artifactId>meshwork</artifactId>\n        <version>${meshwork.version}</version>\n        <type>pom</type>\n        <scope>import</scope>")
        .contains("<artifactId>mesh-jobs</artifactId>")
        .contains("<argLine>-Xmx2g ${spark.jvm.flags}</argLine>")
        .contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
    // Every plugin pinned: each <plugin> carries a <version>.
    Matcher plugins = Pattern.compile("<plugin>(.*?)</plugin>", Pattern.DOTALL).matcher(pom);
    int count = 0;
    while (plugins.find()) {
      count++;
      assertThat(plugins.group(1)).as(plugins.group(1)).containsPattern("<version>\\d+\\.\\d+\\.\\d+</version>");
    }
    assertThat(count).isGreaterThanOrEqualTo(7);
    assertThat(Files.readString(test)).contains("@ExtendWith(MeshExtension.class)").contains("mesh.run(\"hr.sample_records\")");
    assertThat(Files.isExecutable(repo.resolve("bin/mesh"))).isTrue();
    assertThat(Files.readString(repo.resolve("bin/mesh"))).contains("io.meshwork.jobs.cli.MeshCli").contains("target/classpath.txt");
    assertThat(Files.readString(repo.resolve("README.md"))).contains("bin/mesh run hr.sample_records");

    // The job and its test compile against Meshwork's jars (its test API included).
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"), job.toString(), test.toString())).isZero();

    // The domain's CI: policy check against its conf, without Spark.
    TestProject.Result policies = TestProject.execute("policy", "check", "--all", "--conf", repo.resolve("conf").toString());
    assertThat(policies.code()).as(policies.out() + policies.err()).isZero();

    // new product writes under the repository that holds --conf.
    TestProject.Result product = TestProject.execute("new", "product", "hr.headcount", "--kind", "sql", "--conf", repo.resolve("conf").toString());
    assertThat(product.code()).as(product.err()).isZero();
    assertThat(repo.resolve("conf/products/hr/headcount.conf")).exists();
    assertThat(repo.resolve("sample-data/hr/headcount.csv")).exists();

    assertThat(Files.readString(repo.resolve("conf/mesh.conf"))).contains("# mesh.governance.central = "); // no central governance in --conf

    TestProject.Result again = TestProject.execute("new", "domain", "hr", "--repo", repo.toString());
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("Refusing to overwrite: " + repo);
    assertThat(List.of(Files.readString(repo.resolve("pom.xml")))).containsExactly(pom);
  }

  @Test
  void pointsTheRepositoryAtTheCentralGovernanceAndListsItsPoliciesForTheDomain(@TempDir Path dir) throws Exception {
    Path root = Path.of(System.getProperty("mesh.project.root", "..")).toAbsolutePath().normalize();
    Path central = dir.resolve("governance");
    Files.createDirectories(central.resolve("reference"));
    Files.copy(root.resolve("conf/governance.conf"), central.resolve("governance.conf"));
    Files.copy(root.resolve("conf/identifiers.conf"), central.resolve("identifiers.conf"));
    Files.copy(root.resolve("conf/reference/country.csv"), central.resolve("reference/country.csv"));

    // Side by side: a relative path, so clones in the same layout agree.
    Path repo = dir.resolve("hr-products");
    TestProject.Result r = TestProject.execute("new", "domain", "hr", "--repo", repo.toString(), "--conf", central.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(repo.resolve("conf/mesh.conf"))).contains("\nmesh.governance.central = \"../governance\"\n");
    assertThat(repo.resolve("conf/governance.conf")).doesNotExist();
    assertThat(Files.readString(repo.resolve("conf/domains/hr.conf")))
        .contains("# Governance for the hr domain: the policies of " + central.resolve("governance.conf"))
        .contains("  # quality.min-constraints { min = 3, severity = \"error\" }");
    TestProject.Result policies = TestProject.execute("policy", "check", "--all", "--conf", repo.resolve("conf").toString());
    assertThat(policies.code()).as(policies.out() + policies.err()).isZero();
    assertThat(policies.out()).contains("policy metadata.placeholder").contains("policy check: 1 product, 0 errors, 1 warning");

    // --governance: a governance artifact on the classpath, written as given.
    Path other = dir.resolve("finance-products");
    TestProject.Result artifact = TestProject.execute("new", "domain", "finance", "--repo", other.toString(), "--governance", "classpath:meshwork-governance");
    assertThat(artifact.code()).as(artifact.err()).isZero();
    assertThat(Files.readString(other.resolve("conf/mesh.conf"))).contains("\nmesh.governance.central = \"classpath:meshwork-governance\"\n");
    TestProject.Result missing = TestProject.execute("new", "domain", "sales", "--repo", dir.resolve("x").toString(), "--governance", dir.resolve("nowhere").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("--governance " + dir.resolve("nowhere") + ": no governance.conf there");
  }
}
