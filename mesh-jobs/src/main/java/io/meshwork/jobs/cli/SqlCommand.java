package io.meshwork.jobs.cli;

import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.MeshException;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
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

  @Option(
      names = "--role",
      paramLabel = "ROLE",
      description = "Read as this role (spark.meshwork.role): one roles.conf grants your user, else exit 4. Without one, least privilege: pii masked. Audited.")
  String role;

  @Override
  public Integer call() {
    io.meshwork.core.Mesh mesh = common.mesh(); // registers the products in the session catalog
    org.apache.spark.sql.SparkSession session = common.spark().newSession(); // the role is this query's alone
    if (role != null) {
      if (!io.meshwork.core.model.AccessPolicy.ROLE.matcher(role).matches()) {
        throw new ContractException("'" + role + "' is not a role name: expected a lower-case letter, then lower-case letters, digits, '-' or '_'");
      }
      io.meshwork.core.read.Roles.requireHeld(session, role);
      session.conf().set(io.meshwork.core.read.Roles.ROLE_SETTING, role);
    }
    Dataset<Row> rows;
    try {
      refuseWrites(session.sessionState().sqlParser().parsePlan(query));
      rows = session.sql(query);
    } catch (org.apache.spark.sql.AnalysisException e) { // and ParseException: a user error, not ours
      throw new ContractException("The query does not run: " + e.getMessage().lines().findFirst().orElse(""));
    }
    Output.rows(spec.commandLine().getOut(), rows, limit, json);
    mesh.auditLog().flush(); // the query's audit records, before the process ends
    return 0;
  }

  /**
   * {@code mesh sql} reads: a query, or a statement that only describes ({@code EXPLAIN},
   * {@code DESCRIBE}, {@code SHOW}). Anything else (a write, DDL, a session setting, a cache) is
   * refused before Spark runs it, since Spark executes commands as soon as they are analysed.
   */
  private void refuseWrites(LogicalPlan plan) {
    String node = plan.getClass().getSimpleName();
    boolean describes = node.startsWith("Describe") || node.startsWith("Show") || node.startsWith("Explain");
    boolean statement = plan instanceof org.apache.spark.sql.catalyst.plans.logical.Command || plan instanceof InsertIntoStatement || node.endsWith("Statement");
    if (statement && !describes) {
      String words = query.strip().split("\\s+", 2)[0].toUpperCase(java.util.Locale.ROOT);
      throw new ContractException(
          "mesh sql runs queries only (SELECT, WITH, EXPLAIN, DESCRIBE, SHOW), and " + words + " is not one (Spark reads it as "
              + plan.nodeName() + "). Products change through their gate: `mesh run <product>`, `mesh run <product> --date D --restate`, "
              + "`mesh erase <product> --where ... --reason ...`.");
    }
  }
}
