package io.meshwork.core.contract.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Checks a contract's row filter ({@code access.roles.<role>.row-filter}) when the contract loads:
 * it parses as a Spark SQL predicate, names only columns of the product's schema and holds no
 * subquery. Without Spark on the classpath ({@code mesh policy check} in a domain's CI) only its
 * presence is checked; the run checks the rest.
 */
final class RowFilterCheck {
  private RowFilterCheck() {}

  /** What is wrong with {@code filter} ({@code "does not parse: ..."}), or null when nothing is. */
  static String problem(String filter, List<String> columns) {
    if (filter.isBlank()) {
      return "is empty";
    }
    try {
      return WithSpark.problem(filter, columns);
    } catch (NoClassDefFoundError noSpark) {
      return null;
    }
  }

  /** The checks that need Spark's parser, loaded only when it is there. */
  private static final class WithSpark {
    static String problem(String filter, List<String> columns) {
      org.apache.spark.sql.catalyst.expressions.Expression e;
      try {
        e = org.apache.spark.sql.catalyst.parser.CatalystSqlParser$.MODULE$.parseExpression(filter);
      } catch (Exception p) { // Spark's ParseException, unchecked to Scala
        return "does not parse as a SQL predicate: " + p.getMessage().lines().findFirst().orElse("").strip();
      }
      TreeSet<String> known = new TreeSet<>();
      columns.forEach(c -> known.add(c.toLowerCase(Locale.ROOT)));
      List<String> unknown = new ArrayList<>();
      boolean[] subquery = {false};
      visit(e, known, unknown, subquery);
      if (subquery[0]) {
        return "holds a subquery; a row filter reads only the product's own columns";
      }
      if (!unknown.isEmpty()) {
        return "names " + (unknown.size() == 1 ? "column " : "columns ") + String.join(", ", unknown)
            + ", which the schema does not have (columns: " + String.join(", ", columns) + ")";
      }
      return null;
    }

    private static void visit(org.apache.spark.sql.catalyst.expressions.Expression e, TreeSet<String> known, List<String> unknown, boolean[] subquery) {
      if (e instanceof org.apache.spark.sql.catalyst.expressions.SubqueryExpression) {
        subquery[0] = true;
        return;
      }
      if (e instanceof org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute a) {
        String name = a.nameParts().head();
        if (!known.contains(name.toLowerCase(Locale.ROOT)) && !unknown.contains(name)) {
          unknown.add(name);
        }
      }
      for (org.apache.spark.sql.catalyst.expressions.Expression child : scala.collection.JavaConverters.seqAsJavaList(e.children())) {
        visit(child, known, unknown, subquery);
      }
    }
  }
}
