package io.meshwork.jobs.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.Mesh;
import io.meshwork.core.catalog.CatalogEntry;
import io.meshwork.jobs.cli.MeshCli;
import io.meshwork.testing.SharedSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Domains own their repositories: two repositories generated with {@code new domain --repo}
 * (hr and finance), each built offline with {@code mvn -o verify} against the Meshwork jars of
 * this build ({@link GeneratedDomains}), hr's checked against the central governance and published
 * with its own launcher ({@code bin/mesh}, its jar on the classpath) into a shared warehouse, where
 * finance's product (run with finance's {@code conf/}) reads hr's published product through its
 * contract alone; the catalog, the lineage and the data docs span both. Runs after {@code package} (tag "packaged").
 */
@Tag("packaged")
@ExtendWith(SharedSpark.class)
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class DomainRepositoriesTest {
  private static final String RUN_DATE = "2026-11-23";

  /** finance's product over hr's: its input is hr.sample_records, which finance's repository has no file of. */
  private static final String HR_COSTS =
      """
      product {
        domain = finance
        name = hr_costs
        version = "1.0.0"
        description = "Total amount of hr's records per category, for finance's cost reporting."
        owner { team = finance-data, email = "finance-data@example.com" }
        inputs.products = [ hr.sample_records ]   # published by the hr repository into the shared warehouse
        sql = \"\"\"
          SELECT category, CAST(SUM(amount) AS DECIMAL(14,2)) AS total_amount, COUNT(*) AS records
          FROM sample_records GROUP BY category
        \"\"\"
        schema {
          columns = [
            { name = category,     type = string,          nullable = false, description = "Category of the records.", classification = internal }
            { name = total_amount, type = "decimal(14,2)", nullable = false, description = "Sum of their amounts in EUR.", classification = internal }
            { name = records,      type = bigint,          nullable = false, description = "How many records there are.", classification = internal }
          ]
          primary-key = [category]
        }
        quality.constraints = [
          { check = unique, columns = [category] }
          { check = complete, column = category }
          { check = row-count, min = 1 }
          { check = non-negative, column = total_amount }
        ]
        sla.freshness = 24h
      }
      """;

  @TempDir Path tmp;

  @Test
  void twoGeneratedRepositoriesBuildOfflineAndPublishIntoOneMesh(SparkSession spark) throws Exception {
    long t0 = System.nanoTime();
    GeneratedDomains d = GeneratedDomains.get();
    long t1 = System.nanoTime();

    // mvn -o verify ran each repository's generated test on Meshwork's test API, and it passed.
    for (Path repo : List.of(d.hr, d.finance)) {
      String domain = repo.getFileName().toString().replace("-products", "");
      String report = Files.readString(repo.resolve("target/surefire-reports/TEST-com.example." + domain + ".SampleRecordsTest.xml"));
      assertThat(report).containsPattern("tests=\"2\"").contains("failures=\"0\"").contains("errors=\"0\"");
      assertThat(d.jar(repo)).exists();
      // The organisation's governance, not a copy: mesh.conf points at it, the repository holds only its domain's overrides.
      assertThat(Files.readString(repo.resolve("conf/mesh.conf"))).contains("mesh.governance.central = \"");
      assertThat(repo.resolve("conf/governance.conf")).doesNotExist();
      assertThat(repo.resolve("conf/domains/" + domain + ".conf")).exists();
      // mesh-jobs' library jar alone: neither the tools jar nor TPC-H (optional in mesh-jobs) reaches a domain's classpath.
      for (String classpath : List.of("target/classpath.txt", "target/classpath-compile.txt")) {
        assertThat(Files.readString(repo.resolve(classpath)))
            .as(classpath + " of " + domain)
            .contains("/io/meshwork/mesh-jobs/")
            .doesNotContain("/io/trino/")
            .doesNotContain("-tools.jar");
      }
    }

    // The domain's CI: policy check with the repository's launcher, against the central rules.
    GeneratedDomains.Exec policy = GeneratedDomains.exec(d.hr, d.env(), 300, "bin/mesh", "policy", "check", "--all");
    assertThat(policy.code()).as(policy.out() + policy.err()).isZero();
    assertThat(policy.out())
        .contains("conf/products/hr/sample_records.conf:7: policy metadata.placeholder: product description is still a placeholder (TODO)")
        .contains("policy check: 1 product, 0 errors, 1 warning");
    // Its command line has no bench or demo: their classes are in Meshwork's tools jar, which a domain does not depend on.
    GeneratedDomains.Exec help = GeneratedDomains.exec(d.hr, d.env(), 120, "bin/mesh", "--help");
    assertThat(help.code()).as(help.out() + help.err()).isZero();
    assertThat(help.out()).containsPattern("\\n\\s+docs\\s").doesNotContainPattern("\\n\\s+(bench|demo)\\s");

    // hr publishes with its own launcher, finance with its own conf/, into one warehouse; finance reads hr's product through its contract.
    Path warehouse = tmp.resolve("warehouse");
    Files.writeString(d.finance.resolve("conf/products/finance/hr_costs.conf"), HR_COSTS);
    GeneratedDomains.Exec hr = GeneratedDomains.exec(
        d.hr, d.env(), 600, "bin/mesh", "run", "hr.sample_records", "--date", RUN_DATE, "--warehouse", warehouse.toString());
    assertThat(hr.code()).as(hr.out() + hr.err()).isZero();
    assertThat(hr.out()).contains("Published hr.sample_records (contract 0.1.0) as data version 0");
    // (finance's product is SQL: run here with finance's conf/, in this JVM's warm session, instead of a second launcher JVM.)
    Cli finance = cli("run", "finance.hr_costs", "--date", RUN_DATE, "--conf", d.finance.resolve("conf").toString(), "--warehouse", warehouse.toString());
    assertThat(finance.code()).as(finance.out() + finance.err()).isZero();
    assertThat(finance.out()).contains("Published finance.hr_costs (contract 1.0.0) as data version 0");
    try (var files = Files.walk(d.finance)) {
      assertThat(files.filter(p -> p.toString().contains("/hr/") || p.getFileName().toString().startsWith("hr-")).toList())
          .as("finance's repository holds no file of hr's")
          .isEmpty();
    }
    long t2 = System.nanoTime();

    // One catalog, both domains' products; finance's rows are hr's certified rows, aggregated.
    Mesh mesh = Mesh.open(spark, warehouse);
    Map<String, String> catalog =
        mesh.catalog().list().stream().collect(Collectors.toMap(CatalogEntry::product, e -> e.status() + " v" + e.dataVersion() + " " + e.rows()));
    assertThat(catalog).containsOnlyKeys("hr.sample_records", "finance.hr_costs");
    assertThat(catalog.get("hr.sample_records")).isEqualTo("certified v0 5");
    List<String> expected = mesh.read("hr.sample_records").latest().groupBy("category").agg(
            org.apache.spark.sql.functions.sum("amount").cast("decimal(14,2)"), org.apache.spark.sql.functions.count("*"))
        .collectAsList().stream().map(Row::toString).sorted().toList();
    assertThat(mesh.read("finance.hr_costs").latest().collectAsList().stream().map(Row::toString).sorted().toList())
        .isNotEmpty()
        .isEqualTo(expected);
    assertThat(catalog.get("finance.hr_costs")).isEqualTo("certified v0 " + expected.size());

    // Lineage spans both repositories: upstream from finance's, downstream from hr's.
    Cli upstream = cli("lineage", "upstream", "finance.hr_costs", "--conf", d.finance.resolve("conf").toString(), "--warehouse", warehouse.toString());
    assertThat(upstream.code()).as(upstream.err()).isZero();
    assertThat(upstream.out()).containsPattern("1\\s+hr\\.sample_records\\s+product\\s+0");
    Cli downstream = cli("lineage", "downstream", "hr.sample_records", "--conf", d.hr.resolve("conf").toString(), "--warehouse", warehouse.toString());
    assertThat(downstream.code()).as(downstream.err()).isZero();
    assertThat(downstream.out()).containsPattern("1\\s+finance\\.hr_costs\\s+product\\s+0");

    // So do the data docs, written from finance's repository: hr's product documented from the warehouse.
    Path site = tmp.resolve("site");
    Cli docs = cli("docs", "--out", site.toString(), "--conf", d.finance.resolve("conf").toString(), "--warehouse", warehouse.toString());
    assertThat(docs.code()).as(docs.err()).isZero();
    String index = Files.readString(site.resolve("index.html"));
    assertThat(index).contains("hr.sample_records").contains("finance.hr_costs");

    System.err.printf(
        "DomainRepositoriesTest: waited %.0f s for the repositories (mvn -o verify: hr %.0f s, finance %.0f s), policy check and runs %.0f s, checks %.0f s%n",
        (t1 - t0) / 1e9, d.buildSeconds.get("hr-products"), d.buildSeconds.get("finance-products"), (t2 - t1) / 1e9, (System.nanoTime() - t2) / 1e9);
  }

  record Cli(int code, String out, String err) {}

  private static Cli cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = MeshCli.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Cli(code, out.toString(), err.toString());
  }
}
