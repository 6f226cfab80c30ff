package io.meshwork.jobs.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.ProductId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the files of a new product: a contract complete enough for the governance policies, a
 * small sample input, and for Java products a job class and its JUnit test. Nothing is written
 * if any of the files exists already.
 */
public final class Scaffold {
  private final ContractRepository contracts;

  public Scaffold(ContractRepository contracts) {
    this.contracts = contracts;
  }

  /** Java sources go to {@code mesh-jobs/src/...} in the Meshwork repository, else to {@code src/...}. */
  private Path sourceRoot(String kind) {
    Path project = contracts.projectDir();
    Path module = Files.isDirectory(project.resolve("mesh-jobs")) ? project.resolve("mesh-jobs") : project;
    return module.resolve("src").resolve(kind).resolve("java");
  }

  public List<Path> product(ProductId id, boolean java, String javaPackage) {
    String pkg = javaPackage != null ? javaPackage : "com.example." + id.domain();
    if (!pkg.matches("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*")) {
      throw new ContractException("--package '" + pkg + "' is not a Java package name (lower-case, dot-separated)");
    }
    String type = className(id.name());
    String source = "raw_" + id.name();
    Path project = contracts.projectDir();
    Map<Path, String> files = new LinkedHashMap<>();
    String dataPath = "sample-data/" + id.domain() + "/" + id.name() + ".csv";
    files.put(contracts.fileOf(id), contract(id, source, dataPath, java ? pkg + "." + type : null));
    files.put(project.resolve(dataPath), SAMPLE);
    if (java) {
      Path dir = sourceRoot("main").resolve(pkg.replace('.', '/'));
      files.put(dir.resolve(type + ".java"), job(pkg, type, id, source));
      files.put(sourceRoot("test").resolve(pkg.replace('.', '/')).resolve(type + "Test.java"), test(pkg, type, id));
    }
    List<String> existing = files.keySet().stream().filter(Files::exists).map(Path::toString).toList();
    if (!existing.isEmpty()) {
      throw new ContractException("Refusing to overwrite existing files for " + id + ": " + String.join(", ", existing));
    }
    List<Path> created = new ArrayList<>();
    try {
      for (Map.Entry<Path, String> f : files.entrySet()) {
        Files.createDirectories(f.getKey().getParent());
        Files.writeString(f.getKey(), f.getValue());
        created.add(f.getKey());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return created;
  }

  /**
   * Writes {@code conf/domains/<domain>.conf}: every policy of {@code conf/governance.conf},
   * commented, those a domain may relax first (with their current settings), then those it may
   * only tighten.
   */
  public Path domain(String domain) {
    if (!ProductId.isIdentifier(domain)) {
      throw new ContractException("'" + domain + "' is not a domain name: expected a plain lower-case identifier ([a-z][a-z0-9_]*)");
    }
    Path target = contracts.confDir().resolve("domains").resolve(domain + ".conf");
    if (Files.exists(target)) {
      throw new ContractException("Refusing to overwrite existing file " + target);
    }
    // The global policies: conf/governance.conf, or the central governance mesh.governance.central names
    // (a classpath artifact that this process does not have leaves the list empty).
    Path global;
    String globalName = "conf/governance.conf";
    try {
      Path dir = io.meshwork.core.governance.Governance.governanceDir(contracts.confDir());
      global = dir.resolve("governance.conf");
      if (!dir.equals(contracts.confDir())) {
        globalName = io.meshwork.core.governance.internal.CentralGovernance.display(global);
      }
    } catch (io.meshwork.core.model.ContractException e) {
      global = null;
      globalName = "the central governance (mesh.governance.central)";
    }
    List<String> relaxable = new ArrayList<>();
    List<String> tightenOnly = new ArrayList<>();
    if (global != null && Files.exists(global)) {
      Config policies;
      try {
        policies = ConfigFactory.parseString(Files.readString(global)).resolve();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (policies.hasPath("governance")) {
        collect(policies.getObject("governance"), "", relaxable, tightenOnly);
      }
    }
    StringBuilder b = new StringBuilder();
    b.append("# Governance for the ").append(domain).append(" domain: the policies of ").append(globalName).append(", adjusted for its products.\n")
        .append("# A domain may always tighten a policy (raise warning to error, raise a minimum, add reserved words, ...);\n")
        .append("# it may relax only the policies the global file marks overridable = true. Uncomment and edit.\n")
        .append("# Check the result with: bin/mesh policy check --all\n\n")
        .append("governance {\n");
    b.append("  # May be relaxed or tightened here (overridable = true in ").append(globalName).append("):\n");
    if (relaxable.isEmpty()) b.append("  #   (none)\n");
    relaxable.forEach(l -> b.append(l));
    b.append("\n  # May only be tightened here:\n");
    tightenOnly.forEach(l -> b.append(l));
    b.append("}\n");
    try {
      Files.createDirectories(target.getParent());
      Files.writeString(target, b.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  private static void collect(ConfigObject object, String prefix, List<String> relaxable, List<String> tightenOnly) {
    for (String key : new java.util.TreeSet<>(object.keySet())) {
      ConfigValue value = object.get(key);
      if (value.valueType() != ConfigValueType.OBJECT) {
        continue;
      }
      ConfigObject child = (ConfigObject) value;
      String id = prefix.isEmpty() ? key : prefix + "." + key;
      if (!child.containsKey("severity")) {
        collect(child, id, relaxable, tightenOnly);
        continue;
      }
      Config policy = child.toConfig();
      String description = policy.hasPath("description") ? policy.getString("description") : "";
      StringBuilder settings = new StringBuilder();
      for (String setting : new java.util.TreeSet<>(child.keySet())) {
        if (!setting.equals("description") && !setting.equals("overridable") && !setting.equals("enabled")) {
          settings.append(settings.length() == 0 ? "" : ", ").append(setting).append(" = ").append(child.get(setting).render(ConfigRenderOptions.concise()));
        }
      }
      String line = "  # " + id + " { " + settings + " }\n  #     " + description + "\n";
      (policy.hasPath("overridable") && policy.getBoolean("overridable") ? relaxable : tightenOnly).add(line);
    }
  }

  static String className(String name) {
    StringBuilder b = new StringBuilder();
    for (String part : name.split("_")) {
      if (!part.isEmpty()) b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return b.toString();
  }

  private static final String SAMPLE =
      """
      record_id,category,amount,event_date
      R-0001,standard,12.50,2026-11-20
      R-0002,premium,99.00,2026-11-21
      R-0003,standard,7.25,2026-11-21
      R-0004,basic,0.00,2026-11-22
      R-0005,premium,45.10,2026-11-23
      """;

  private static String contract(ProductId id, String source, String dataPath, String jobClass) {
    String build =
        jobClass != null
            ? "job = \"" + jobClass + "\""
            : """
            sql = \"\"\"
                SELECT CAST(record_id AS STRING) AS record_id, CAST(category AS STRING) AS category,
                       CAST(amount AS DECIMAL(12,2)) AS amount, CAST(event_date AS DATE) AS event_date
                FROM %s
              \"\"\"""".formatted(source);
    return """
        # The contract of %1$s: what it is, who owns it, how it is built and what it promises.
        # Reference: README.md, "Contract reference". Check it alone with `bin/mesh policy check %1$s`.
        product {
          domain = %2$s
          name = %3$s
          version = "0.1.0"
          description = "TODO: what one row of %1$s is, and who should use it."
          owner { team = %2$s-data, email = "%2$s-data@example.com" }
          tags = [%2$s]
          inputs {
            sources { %4$s { path = "%5$s", format = csv } }
          }
          %6$s
          schema {
            columns = [
              { name = record_id, type = string, nullable = false, description = "Identifier of the record.", classification = internal }
              { name = category, type = string, nullable = false, description = "Category of the record.", classification = internal }
              { name = amount, type = "decimal(12,2)", nullable = false, description = "Amount in EUR.", classification = internal }
              { name = event_date, type = date, nullable = false, description = "Day the record happened.", classification = internal }
            ]
            primary-key = [record_id]
          }
          quality.constraints = [
            { check = unique, columns = [record_id] }
            { check = complete, column = record_id }
            { check = complete, column = amount }
            { check = row-count, min = 1 }
            { check = range, column = amount, min = 0 }
            { check = allowed-values, column = category, values = [basic, standard, premium] }
          ]
          sla.freshness = 24h
        }
        """
        .formatted(id, id.domain(), id.name(), source, dataPath, build);
  }

  private static String job(String pkg, String type, ProductId id, String source) {
    return """
        package %1$s;

        import static org.apache.spark.sql.functions.col;

        import io.meshwork.jobs.DataProductJob;
        import io.meshwork.jobs.JobContext;
        import org.apache.spark.sql.Dataset;
        import org.apache.spark.sql.Row;

        /** Builds %3$s from its raw source. Return exactly the contract's columns, with its types. */
        public final class %2$s implements DataProductJob {
          @Override
          public Dataset<Row> build(JobContext ctx) {
            return ctx.source("%4$s")
                .select(
                    col("record_id").cast("string").as("record_id"),
                    col("category").cast("string").as("category"),
                    col("amount").cast("decimal(12,2)").as("amount"),
                    col("event_date").cast("date").as("event_date"));
          }
        }
        """
        .formatted(pkg, type, id, source);
  }

  private static String test(String pkg, String type, ProductId id) {
    return """
        package %1$s;

        import static org.assertj.core.api.Assertions.assertThat;

        import io.meshwork.core.contract.Contracts;
        import io.meshwork.core.model.DataProduct;
        import io.meshwork.jobs.JobContext;
        import io.meshwork.jobs.RunReport;
        import io.meshwork.testing.MeshExtension;
        import io.meshwork.testing.ProductHarness;
        import java.nio.file.Files;
        import java.nio.file.Path;
        import java.time.LocalDate;
        import org.apache.spark.sql.Dataset;
        import org.apache.spark.sql.Row;
        import org.apache.spark.sql.SparkSession;
        import org.junit.jupiter.api.Test;
        import org.junit.jupiter.api.extension.ExtendWith;

        /** The job on the sample input, then the whole run: contract, quality gate, publish, read back. */
        @ExtendWith(MeshExtension.class)
        class %2$sTest {
          /** The repository root: the directory holding conf/products/%3$s/%4$s.conf. */
          private static Path project() {
            Path project = Path.of("").toAbsolutePath();
            while (!Files.exists(project.resolve("conf/products/%3$s/%4$s.conf"))) {
              project = project.getParent();
            }
            return project;
          }

          @Test
          void buildsTheContractColumnsFromTheSampleInput(SparkSession spark, ProductHarness harness) {
            DataProduct contract = Contracts.load(project().resolve("conf/products/%3$s/%4$s.conf"));
            Dataset<Row> rows = new %2$s().build(JobContext.of(spark, contract, LocalDate.now(), project(), harness.mesh()));
            assertThat(rows.columns()).containsExactly("record_id", "category", "amount", "event_date");
            assertThat(rows.count()).isEqualTo(5);
          }

          @Test
          void publishesTheSampleInputUnderItsContract(ProductHarness harness) {
            ProductHarness mesh = harness.forConf(project().resolve("conf"));
            RunReport report = mesh.run("%3$s.%4$s");
            assertThat(report.rows()).isEqualTo(5);
            assertThat(mesh.read("%3$s.%4$s").count()).isEqualTo(5);
          }
        }
        """
        .formatted(pkg, type, id.domain(), id.name());
  }
}
