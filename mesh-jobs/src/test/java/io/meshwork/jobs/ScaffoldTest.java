package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.contract.Contracts;
import io.meshwork.testing.SharedSpark;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** `mesh new product` in an empty project: the generated files build, run and land in the catalog. */
@ExtendWith(SharedSpark.class)
class ScaffoldTest {
  @Test
  void generatedJavaAndSqlProductsBuildAndPublishWithoutEdits(@TempDir Path dir, @TempDir Path classes) throws Exception {
    TestProject project = new TestProject(dir);
    Files.createDirectories(dir.resolve("conf"));

    TestProject.Result java = project.mesh("new", "product", "marketing.campaign_costs", "--package", "com.acme.marketing");
    assertThat(java.code()).as(java.err()).isZero();
    Path job = dir.resolve("src/main/java/com/acme/marketing/CampaignCosts.java");
    Path test = dir.resolve("src/test/java/com/acme/marketing/CampaignCostsTest.java");
    assertThat(java.out().lines().toList())
        .containsExactly(
            "created " + dir.resolve("conf/products/marketing/campaign_costs.conf"),
            "created " + dir.resolve("sample-data/marketing/campaign_costs.csv"),
            "created " + job,
            "created " + test,
            "Next: bin/mesh run marketing.campaign_costs  (then bin/mesh read marketing.campaign_costs)");
    assertThat(Contracts.load(dir.resolve("conf/products/marketing/campaign_costs.conf")).jobClass()).isEqualTo("com.acme.marketing.CampaignCosts");

    // Build: the job and its JUnit test compile against Meshwork.
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int compiled = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"), job.toString(), test.toString());
    assertThat(compiled).isZero();

    assertThat(project.mesh("new", "product", "marketing.spend", "--kind", "sql").code()).isZero();

    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, previous)) {
      Thread.currentThread().setContextClassLoader(loader);
      TestProject.Result run = project.mesh("run", "marketing.campaign_costs");
      assertThat(run.code()).as(run.err()).isZero();
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
    TestProject.Result sql = project.mesh("run", "marketing.spend");
    assertThat(sql.code()).as(sql.err()).isZero();

    JsonNode catalog = new ObjectMapper().readTree(project.mesh("catalog", "list", "--json").out());
    assertThat(catalog).extracting(n -> n.get("product").asText() + " " + n.get("status").asText() + " " + n.get("rows").asLong())
        .containsExactly("marketing.campaign_costs certified 5", "marketing.spend certified 5");

    TestProject.Result again = project.mesh("new", "product", "marketing.spend", "--kind", "sql");
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).startsWith("Refusing to overwrite existing files for marketing.spend: " + dir.resolve("conf/products/marketing/spend.conf"));
    try (Stream<Path> files = Files.walk(dir.resolve("src"))) {
      assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList())
          .containsExactlyInAnyOrder("CampaignCosts.java", "CampaignCostsTest.java");
    }
  }

  @Test
  void newDomainListsThePoliciesItMayRelaxAndThoseItMayOnlyTighten(@TempDir Path dir) throws Exception {
    TestProject project = new TestProject(dir)
        .write(
            "conf/governance.conf",
            """
            governance {
              metadata.sla { severity = error, description = "Every product promises a freshness SLA." }
              quality.min-constraints { severity = error, description = "Enough constraints.", min = 3, overridable = true }
            }
            """);
    TestProject.Result r = project.mesh("new", "domain", "marketing");
    assertThat(r.code()).as(r.err()).isZero();
    Path file = dir.resolve("conf/domains/marketing.conf");
    assertThat(r.out().trim()).isEqualTo("created " + file);
    assertThat(Files.readString(file))
        .contains(
            """
              # May be relaxed or tightened here (overridable = true in conf/governance.conf):
              # quality.min-constraints { min = 3, severity = "error" }
              #     Enough constraints.

              # May only be tightened here:
              # metadata.sla { severity = "error" }
              #     Every product promises a freshness SLA.
            }
            """);
    io.meshwork.core.governance.Governance.load(dir.resolve("conf")); // the generated file is a valid domain file
    TestProject.Result again = project.mesh("new", "domain", "marketing");
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err().trim()).isEqualTo("Refusing to overwrite existing file " + file);
  }
}
