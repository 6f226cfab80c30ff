package io.meshwork.jobs.internal;

import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.Problem;
import io.meshwork.core.model.ProductRef;
import io.meshwork.core.model.QualityGateException;
import io.meshwork.core.model.SourceSpec;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.util.BadRecordException;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;
import scala.collection.JavaConverters;

/**
 * Problems of a product's sources told where they are: the source file and line of a value the
 * product's casts would silently turn into null, of a record Spark cannot parse, and the columns a
 * source really has when the product's SQL names one it lacks (the source changed under it).
 */
public final class SourceChecks {
  private static final String FILE = "__mesh_source_file";

  private SourceChecks() {}

  // ---------------------------------------------------------------- a column the sql names, gone from the source

  /**
   * For a product's SQL that names a column none of the sources and input products it reads has:
   * which one it reads and the columns it has ({@code source raw_orders (data/orders.csv) has no
   * column `amount` (its columns: order_id, total)}). Null when the error is another one, or the
   * column is there after all (the SQL's own aliases), so that Spark's message is kept.
   */
  public static String unresolvedColumn(AnalysisException e, DataProduct product, DefaultJobContext ctx) {
    String errorClass = e.getErrorClass();
    if (errorClass == null || !errorClass.startsWith("UNRESOLVED_COLUMN")) {
      return null;
    }
    List<String> parts = identifierParts(e.getMessageParameters().get("objectName"));
    if (parts.isEmpty()) {
      return null;
    }
    String column = parts.get(parts.size() - 1);
    // The views the sql reads: sources and input products named in its text.
    Map<String, String> described = new LinkedHashMap<>();
    Map<String, List<String>> columns = new LinkedHashMap<>();
    for (SourceSpec source : product.sources().values()) {
      if (mentions(product.sql(), source.name())) {
        described.put(source.name(), "source " + source.name() + " (" + ctx.sourcePath(source) + ")");
        columns.put(source.name(), Arrays.asList(ctx.source(source.name()).columns()));
      }
    }
    for (ProductRef ref : product.inputs()) {
      String view = ref.id().name();
      if (mentions(product.sql(), view) && !described.containsKey(view)) {
        described.put(view, "input product " + ref.id());
        columns.put(view, Arrays.asList(ctx.product(ref.id().toString()).columns()));
      }
    }
    if (described.isEmpty() || columns.values().stream().flatMap(List::stream).anyMatch(column::equalsIgnoreCase)) {
      return null;
    }
    String quoted = "`" + column.replace("`", "``") + "`";
    if (described.size() == 1) {
      String view = described.keySet().iterator().next();
      return described.get(view) + " has no column " + quoted + " (its columns: " + String.join(", ", columns.get(view)) + ")";
    }
    List<String> each = new ArrayList<>();
    described.forEach((view, what) -> each.add(what + ": " + String.join(", ", columns.get(view))));
    return "none of the sources and input products it reads has a column " + quoted + " (" + String.join("; ", each) + ")";
  }

  private static boolean mentions(String sql, String view) {
    return sql != null && Pattern.compile("(?i)(?<![A-Za-z0-9_])" + Pattern.quote(view) + "(?![A-Za-z0-9_])").matcher(sql).find();
  }

  /** {@code `r`.`amount`} as {@code [r, amount]} (Spark's own parsing of a quoted name); empty if it is none. */
  static List<String> identifierParts(String name) {
    if (name == null) {
      return List.of();
    }
    try {
      return JavaConverters.seqAsJavaList(UnresolvedAttribute.parseAttributeName(name));
    } catch (Exception malformed) { // AnalysisException, which Scala does not declare
      return List.of();
    }
  }

  // ---------------------------------------------------------------- values a cast would turn into null

  /** A cast of a source's text column to another type, somewhere in the product's plan. */
  private record SourceCast(String source, String column, DataType type) {}

  /**
   * Refuses the rows when the product casts a text column of a source to another type (a number, a
   * date, ...) and a value of that column is not one: Spark's cast would make it a null without a
   * word ({@code 'ten'} as {@code decimal(12,2)}). Each such column is named with the first bad
   * value, at its file and line for a CSV source. One scan of each source concerned; nothing when
   * no source column is cast.
   *
   * @throws MeshException (exit 3, nothing published) naming each bad value
   */
  public static void requireCastable(Dataset<Row> rows, DataProduct product, DefaultJobContext ctx) {
    Map<Long, String[]> origins = new HashMap<>();
    for (String name : product.sources().keySet()) {
      Dataset<Row> source = ctx.sourceIfRead(name);
      if (source != null) {
        for (Attribute a : JavaConverters.seqAsJavaList(source.queryExecution().analyzed().output())) {
          origins.put(a.exprId().id(), new String[] {name, a.name()});
        }
      }
    }
    if (origins.isEmpty()) {
      return;
    }
    Set<SourceCast> casts = new LinkedHashSet<>();
    collect(rows.queryExecution().analyzed(), product, origins, casts);
    Map<String, List<SourceCast>> bySource = new LinkedHashMap<>();
    casts.forEach(c -> bySource.computeIfAbsent(c.source(), k -> new ArrayList<>()).add(c));
    List<Problem> problems = new ArrayList<>();
    for (Map.Entry<String, List<SourceCast>> e : bySource.entrySet()) {
      SourceSpec spec = product.sources().get(e.getKey());
      Dataset<Row> source = ctx.sourceIfRead(e.getKey());
      List<SourceCast> list = e.getValue();
      Column[] firstBad = new Column[list.size()];
      for (int i = 0; i < list.size(); i++) {
        SourceCast c = list.get(i);
        String quoted = "`" + c.column().replace("`", "``") + "`";
        Column bad = functions.col(quoted).isNotNull().and(functions.expr("try_cast(" + quoted + " AS " + c.type().sql() + ")").isNull());
        firstBad[i] = functions.first(functions.when(bad, functions.struct(functions.col(quoted).as("value"), functions.col(FILE).as("file"))), true);
      }
      // input_file_name() is not deterministic, so an aggregate takes it from a projection.
      Row found = source.withColumn(FILE, functions.input_file_name()).agg(firstBad[0], Arrays.copyOfRange(firstBad, 1, firstBad.length)).first();
      for (int i = 0; i < list.size(); i++) {
        if (found.isNullAt(i)) {
          continue;
        }
        SourceCast c = list.get(i);
        Row bad = found.getStruct(i);
        String value = bad.getString(0);
        Path file = file(bad.isNullAt(1) ? null : bad.getString(1), ctx.sourcePath(spec));
        String what = "column " + c.column() + ": '" + value + "' is not a " + c.type().catalogString();
        Optional<Integer> line = CsvRecords.isCsv(spec.format()) ? new CsvRecords(spec.options()).lineOf(file, c.column(), value) : Optional.empty();
        problems.add(
            line.isPresent()
                ? Problem.at(file, line.get(), product.id() + ": source " + spec.name() + ": " + what).about(product.id())
                : Problem.at(spec.location(), product.id() + ": source " + spec.name() + " (" + file + "): " + what).about(product.id()));
      }
    }
    if (!problems.isEmpty()) {
      throw new QualityGateException(String.join("\n", problems.stream().map(Problem::format).toList()), problems, null);
    }
  }

  private static void collect(LogicalPlan plan, DataProduct product, Map<Long, String[]> origins, Set<SourceCast> casts) {
    if (plan instanceof SubqueryAlias alias && product.sources().containsKey(alias.alias())) {
      // A source read twice in one query (a self-join) has its attributes renamed under its alias.
      for (Attribute a : JavaConverters.seqAsJavaList(alias.output())) {
        origins.putIfAbsent(a.exprId().id(), new String[] {alias.alias(), a.name()});
      }
    }
    for (LogicalPlan child : JavaConverters.seqAsJavaList(plan.children())) {
      collect(child, product, origins, casts);
    }
    for (Expression e : JavaConverters.seqAsJavaList(plan.expressions())) {
      collect(e, origins, casts);
    }
  }

  private static void collect(Expression e, Map<Long, String[]> origins, Set<SourceCast> casts) {
    if (e instanceof Cast cast
        && cast.child() instanceof AttributeReference a
        && a.dataType() instanceof StringType
        && !(cast.dataType() instanceof StringType)
        && origins.containsKey(a.exprId().id())) {
      String[] origin = origins.get(a.exprId().id());
      casts.add(new SourceCast(origin[0], origin[1], cast.dataType()));
    }
    for (Expression child : JavaConverters.seqAsJavaList(e.children())) {
      collect(child, origins, casts);
    }
  }

  private static Path file(String uri, Path fallback) {
    try {
      return uri == null || uri.isEmpty() ? fallback : Path.of(URI.create(uri));
    } catch (RuntimeException e) {
      return fallback;
    }
  }

  // ---------------------------------------------------------------- records spark cannot parse

  /**
   * A run that failed because Spark met a malformed record in a source (FAILFAST): the record's
   * file and line and why it is malformed, for a CSV source; otherwise the source and Spark's
   * reading of the record. Null when the failure is something else.
   */
  public static MeshException malformedRecord(Throwable failure, DataProduct product, DefaultJobContext ctx) {
    String record = null;
    boolean malformed = false;
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof BadRecordException) {
        malformed = true;
      }
      if (t instanceof SparkThrowable s && s.getErrorClass() != null && s.getErrorClass().startsWith("MALFORMED_")) {
        malformed = true;
        String bad = s.getMessageParameters().get("badRecord");
        if (bad != null && (record == null || s.getErrorClass().equals("MALFORMED_CSV_RECORD"))) {
          record = bad;
        }
      }
    }
    if (!malformed) {
      return null;
    }
    Optional<CsvRecords.Malformed> located;
    try {
      located = locate(product, ctx);
    } catch (RuntimeException unreadable) {
      located = Optional.empty();
    }
    if (located.isPresent()) {
      CsvRecords.Malformed m = located.get();
      return new ContractException(
          Problem.at(m.file(), m.line(), product.id() + ": source " + m.source() + ": malformed CSV record (" + m.reason() + ")").about(product.id()), failure);
    }
    List<SourceSpec> read = product.sources().values().stream().filter(s -> ctx.sourceIfRead(s.name()) != null).toList();
    String which = read.size() == 1 ? "source " + read.get(0).name() + " (" + ctx.sourcePath(read.get(0)) + ")" : "a source";
    String what = product.id() + ": " + which + " has a malformed record" + (record == null ? "" : ": " + record.strip());
    return new ContractException(
        (read.size() == 1 ? Problem.at(read.get(0).location(), what) : Problem.at(product.file(), 1, what)).about(product.id()), failure);
  }

  /** The first malformed record of the CSV sources the run read. */
  private static Optional<CsvRecords.Malformed> locate(DataProduct product, DefaultJobContext ctx) {
    List<SourceSpec> read = product.sources().values().stream().filter(s -> ctx.sourceIfRead(s.name()) != null).toList();
    for (SourceSpec spec : read) {
      if (CsvRecords.isCsv(spec.format())) {
        CsvRecords csv = new CsvRecords(spec.options());
        for (Path file : CsvRecords.files(ctx.sourcePath(spec))) {
          Optional<CsvRecords.Malformed> m = csv.firstMalformed(spec.name(), file);
          if (m.isPresent()) {
            return m;
          }
        }
      }
    }
    return Optional.empty();
  }
}
