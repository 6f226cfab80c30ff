package io.meshwork.jobs.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mesh sql "<query>"}: plain Spark SQL over the products, registered as {@code domain.name}. */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run a Spark SQL query over the warehouse's products, registered as <domain>.<name>.",
      "Example: mesh sql \"SELECT country, sum(amount) FROM sales.orders VERSION AS OF 0 GROUP BY country\""
    })
final class SqlCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(paramLabel = "QUERY", description = "The query.")
  String query;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "Rows to show (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--json", description = "Print the rows as a JSON array of objects.")
  boolean json;

  @Override
  public Integer call() {
    common.mesh(); // registers the products in the session catalog
    Dataset<Row> rows;
    try {
      rows = common.spark().sql(query);
    } catch (Exception e) { // AnalysisException / ParseException: a user error, not ours
      if (!(e instanceof org.apache.spark.sql.AnalysisException)) {
        throw e;
      }
      throw new io.meshwork.core.MeshException(io.meshwork.core.ExitCode.USAGE, "The query does not run: " + e.getMessage().lines().findFirst().orElse(""));
    }
    Output.rows(spec.commandLine().getOut(), rows, limit, json);
    return 0;
  }
}
