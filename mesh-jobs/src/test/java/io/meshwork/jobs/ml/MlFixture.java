package io.meshwork.jobs.ml;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.meshwork.core.Mesh;
import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.model.ProductId;
import io.meshwork.jobs.ProductRunner;
import io.meshwork.jobs.RunReport;
import io.meshwork.lineage.OpenLineageListener;
import io.meshwork.quality.DeequQualityGate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/**
 * A tiny project: {@code crm.customers} from a CSV, and the feature set {@code features.activity}
 * (entity customer_id, event time event_time, one feature: score) built from it and a CSV of
 * scores. Published through the real runner: Deequ gate, catalog, file lineage.
 */
final class MlFixture {
  static final String CUSTOMERS =
      """
      product {
        domain = crm, name = customers, version = "1.0.0"
        description = "Customers."
        owner { team = crm, email = "crm@example.com" }
        inputs.sources { raw_customers { path = "data/customers.csv", format = csv } }
        sql = "SELECT CAST(customer_id AS STRING) AS customer_id FROM raw_customers"
        schema {
          columns = [ { name = customer_id, type = string, nullable = false, description = "Id", classification = internal } ]
          primary-key = [customer_id]
        }
        quality.constraints = [ { check = unique, columns = [customer_id] } ]
      }
      """;
  static final String ACTIVITY =
      """
      product {
        domain = features, name = activity, version = "1.0.0"
        description = "A score per customer over time."
        owner { team = ml, email = "ml@example.com" }
        kind = feature-set
        entity = customer_id
        features { event-time = event_time }
        inputs {
          sources { raw_scores { path = "data/scores.csv", format = csv } }
          products = [ crm.customers ]
        }
        sql = "SELECT s.customer_id, CAST(s.event_time AS TIMESTAMP) AS event_time, CAST(s.score AS INT) AS score FROM raw_scores s JOIN customers c ON s.customer_id = c.customer_id"
        schema {
          columns = [
            { name = customer_id, type = string, nullable = false, description = "Id", classification = internal }
            { name = event_time, type = timestamp, nullable = false, description = "When the score held", classification = internal }
            { name = score, type = int, nullable = false, description = "Score", classification = internal }
          ]
          primary-key = [customer_id, event_time]
        }
        quality.constraints = [ { check = unique, columns = [customer_id, event_time] } ]
      }
      """;
  /** C1 has a score before, at and after the labels' times; C2 only after. */
  static final String SCORES =
      """
      customer_id,event_time,score
      C1,2026-01-01 00:00:00,1
      C1,2026-01-10 00:00:00,2
      C1,2026-01-20 00:00:00,3
      C2,2026-01-25 00:00:00,7
      """;

  final Path project;
  final SparkSession spark;
  final Mesh mesh;
  final ContractRepository contracts;
  final Config config = ConfigFactory.empty();

  MlFixture(SparkSession spark, Path project) {
    this(spark, project, project.resolve("warehouse").toString());
  }

  /** The fixture with its warehouse at {@code warehouse}, a path or a Hadoop URI ({@code s3a://…}). */
  MlFixture(SparkSession spark, Path project, String warehouse) {
    this.spark = spark;
    this.project = project;
    write("conf/products/crm/customers.conf", CUSTOMERS);
    write("conf/products/features/activity.conf", ACTIVITY);
    write("data/customers.csv", "customer_id\nC1\nC2\nC3\n");
    write("data/scores.csv", SCORES);
    this.mesh = Mesh.open(spark, warehouse);
    this.contracts = new ContractRepository(project.resolve("conf"));
    run("crm.customers", LocalDate.of(2026, 1, 1));
    run("features.activity", LocalDate.of(2026, 1, 1));
  }

  MeshMl ml() {
    return MeshMl.of(mesh, contracts, config);
  }

  Path lineageDir() {
    return Path.of(mesh.warehouse().meshDir().toUri()).resolve("lineage");
  }

  RunReport run(String product, LocalDate date) {
    try (OpenLineageListener lineage = OpenLineageListener.fromConfig(config, mesh.warehouse())) {
      return new ProductRunner(spark, contracts, mesh, new DeequQualityGate(), lineage).run(ProductId.parse(product), date);
    }
  }

  void write(String relative, String text) {
    try {
      Path p = project.resolve(relative);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
