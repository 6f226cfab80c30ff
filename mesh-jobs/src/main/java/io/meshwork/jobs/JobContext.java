package io.meshwork.jobs;

import io.meshwork.core.Mesh;
import io.meshwork.core.model.DataProduct;
import io.meshwork.jobs.internal.DefaultJobContext;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What a {@link DataProductJob} may use while it builds its product. */
public interface JobContext {
  SparkSession spark();

  /** A raw source declared under {@code inputs.sources}, by its short name. */
  Dataset<Row> source(String name);

  /**
   * Another product's certified version ({@code "crm.customers"}, or the pinned version declared
   * in the contract), recorded as an input of this run with its data version.
   */
  Dataset<Row> product(String name);

  /** The run date ({@code --date}, today by default). */
  LocalDate runDate();

  /** This product's contract. */
  DataProduct contract();

  /**
   * A context outside a run, for a job's own unit tests: sources resolve against {@code projectDir},
   * input products are read from {@code mesh}.
   *
   * <pre>{@code
   * DataProduct contract = Contracts.load(Path.of("conf/products/sales/orders.conf"));
   * Dataset<Row> rows = new Orders().build(JobContext.of(spark, contract, LocalDate.now(), Path.of("."), mesh));
   * }</pre>
   */
  static JobContext of(SparkSession spark, DataProduct contract, LocalDate runDate, Path projectDir, Mesh mesh) {
    return new DefaultJobContext(spark, contract, runDate, projectDir, mesh);
  }
}
