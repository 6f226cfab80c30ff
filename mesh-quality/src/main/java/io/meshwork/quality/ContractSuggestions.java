package io.meshwork.quality;

import com.typesafe.config.ConfigUtil;
import io.meshwork.core.contract.Contracts;
import io.meshwork.core.model.Check;
import io.meshwork.core.model.ConstraintResult;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.QualityReport;
import io.meshwork.quality.internal.DeequSuggestions.Profile;
import io.meshwork.quality.internal.DeequSuggestions.Suggestion;
import io.meshwork.quality.internal.DeequSuggestions;
import io.meshwork.quality.internal.Numbers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * Onboarding: profiles a data set with Deequ's constraint suggestions and writes a contract
 * draft: the schema as read, a source and a SQL query that reproduce it, and the suggested
 * constraints, each under a comment giving the evidence it rests on.
 *
 * <p>The draft is checked before it is returned: it loads as a contract, its SQL runs on the
 * data, and every suggested constraint passes on the data; a suggestion that would fail (Deequ
 * suggests {@code unique} from an approximate distinct count) is left out and its comment says
 * why. The draft therefore loads and publishes the data it was made from without edits.
 *
 * <pre>{@code
 * Dataset<Row> sample = spark.read().option("header", "true").option("inferSchema", "true").csv("orders.csv");
 * String hocon = ContractSuggestions.draft(sample, ProductId.parse("sales.orders"), "orders.csv", "csv");
 * }</pre>
 */
public final class ContractSuggestions {
  private ContractSuggestions() {}

  /**
   * A contract draft for {@code data}.
   *
   * @param sourcePath the data's path as the draft's source should name it (relative paths are
   *     resolved against the project directory at run time)
   * @param format the source format: {@code csv}, {@code json}, {@code parquet} or {@code delta}
   * @return HOCON text holding one {@code product { ... }} block
   */
  public static String draft(Dataset<Row> data, ProductId product, String sourcePath, String format) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(product, "product");
    Profile profile = DeequSuggestions.profile(data);
    List<Suggestion> kept = new ArrayList<>(profile.suggestions());
    Map<Suggestion, String> rejected = new LinkedHashMap<>();
    String text = render(data, product, sourcePath, format, profile, kept, rejected);
    // Keep only what holds on the data: each failing suggestion is moved to a comment.
    DataProduct contract = Contracts.parse(text, product + ".conf");
    QualityReport report = new DeequQualityGate().verify(contract, build(data, contract));
    // Results are in contract order: the row-count constraint (when there are rows), then the suggestions.
    int first = profile.rows() > 0 ? 1 : 0;
    Set<Integer> failed = new HashSet<>();
    for (int i = first; i < report.results().size(); i++) {
      ConstraintResult r = report.results().get(i);
      if (r.status() != ConstraintResult.Status.PASSED) {
        failed.add(i - first);
      }
    }
    if (failed.isEmpty()) {
      return text;
    }
    List<Suggestion> passing = new ArrayList<>();
    for (int i = 0; i < kept.size(); i++) {
      if (failed.contains(i)) {
        rejected.put(kept.get(i), report.results().get(i + first).message());
      } else {
        passing.add(kept.get(i));
      }
    }
    return render(data, product, sourcePath, format, profile, passing, rejected);
  }

  /** The product's rows as its SQL computes them from {@code data} (registered as the source's view for the analysis only). */
  private static Dataset<Row> build(Dataset<Row> data, DataProduct contract) {
    SparkSession session = data.sparkSession();
    String view = contract.sources().keySet().iterator().next();
    if (session.catalog().tableExists(view)) {
      throw new IllegalStateException("cannot check the draft: a table or view '" + view + "' already exists in this session");
    }
    data.createOrReplaceTempView(view);
    try {
      return session.sql(contract.sql()); // analysed now: the plan no longer needs the view
    } finally {
      session.catalog().dropTempView(view);
    }
  }

  private static String render(
      Dataset<Row> data, ProductId product, String sourcePath, String format, Profile profile, List<Suggestion> suggestions, Map<Suggestion, String> rejected) {
    String source = "raw_" + product.name();
    String rows = Numbers.rows(profile.rows());
    StringBuilder out = new StringBuilder();
    out.append("# Draft contract for ").append(product).append(", written by `mesh suggest` from ").append(sourcePath)
        .append(" (").append(format).append(", ").append(rows).append(").\n");
    out.append("# Every constraint rests only on the evidence in its comment: review them before publishing.\n");
    out.append("product {\n");
    out.append("  domain = ").append(product.domain()).append('\n');
    out.append("  name = ").append(product.name()).append('\n');
    out.append("  version = \"0.1.0\"\n");
    out.append("  description = ").append(ConfigUtil.quoteString("Draft profiled from " + sourcePath + ".")).append('\n');
    out.append("  # owner { team = ..., email = ... }\n");
    out.append("  inputs {\n");
    out.append("    sources { ").append(source).append(" { path = ").append(ConfigUtil.quoteString(sourcePath))
        .append(", format = ").append(format.toLowerCase(Locale.ROOT)).append(" } }\n");
    out.append("  }\n");
    out.append("  sql = \"\"\"\n    SELECT\n");
    StructField[] fields = data.schema().fields();
    for (int i = 0; i < fields.length; i++) {
      String name = "`" + fields[i].name().replace("`", "``") + "`";
      out.append("      CAST(").append(name).append(" AS ").append(fields[i].dataType().sql()).append(") AS ").append(name)
          .append(i == fields.length - 1 ? "\n" : ",\n");
    }
    out.append("    FROM ").append(source).append("\n  \"\"\"\n");

    out.append("  schema {\n    columns = [\n");
    for (StructField f : fields) {
      Double completeness = profile.completeness().get(f.name());
      boolean complete = completeness != null && completeness == 1.0;
      out.append("      { name = ").append(ConfigUtil.quoteString(f.name()))
          .append(", type = ").append(ConfigUtil.quoteString(f.dataType().catalogString()))
          .append(", nullable = ").append(!complete).append(" }");
      out.append(complete ? "  # no NULL in " + rows : completeness == null ? "" : "  # completeness " + Numbers.format(completeness, false)).append('\n');
    }
    out.append("    ]\n");
    Set<String> complete = suggestions.stream().filter(s -> s.check() == Check.COMPLETE && s.params().isEmpty()).map(Suggestion::column).collect(Collectors.toSet());
    // The key: a unique and complete column, preferring one named like an identifier.
    suggestions.stream()
        .filter(s -> s.check() == Check.UNIQUE && complete.contains(s.column()))
        .min(Comparator.comparing((Suggestion s) -> !looksLikeKey(s.column())))
        .ifPresent(s -> out.append("    primary-key = [").append(ConfigUtil.quoteString(s.column())).append("]  # unique and complete in ").append(rows).append('\n'));
    out.append("  }\n");

    out.append("  quality.constraints = [\n");
    if (profile.rows() > 0) {
      out.append("    # ").append(rows).append(" in the profiled data\n");
      out.append("    { check = ").append(Check.ROW_COUNT.keyword()).append(", min = 1 }\n");
    }
    for (Suggestion s : suggestions) {
      out.append("    # ").append(oneLine(s.evidence())).append('\n');
      out.append("    ").append(constraint(s)).append('\n');
    }
    for (Map.Entry<Suggestion, String> r : rejected.entrySet()) {
      out.append("    # not suggested: ").append(oneLine(r.getKey().evidence())).append(", but ").append(oneLine(r.getValue())).append('\n');
      out.append("    # ").append(constraint(r.getKey())).append('\n');
    }
    out.append("  ]\n");
    out.append("}\n");
    return out.toString();
  }

  private static String constraint(Suggestion s) {
    StringBuilder c = new StringBuilder("{ check = ").append(s.check()).append(", column = ").append(ConfigUtil.quoteString(s.column()));
    for (Map.Entry<String, Object> p : s.params().entrySet()) {
      c.append(", ").append(p.getKey()).append(" = ");
      if (p.getValue() instanceof List<?> list) {
        c.append(list.stream().map(v -> ConfigUtil.quoteString(String.valueOf(v))).collect(Collectors.joining(", ", "[", "]")));
      } else {
        c.append(p.getValue());
      }
    }
    return c.append(" }").toString();
  }

  private static boolean looksLikeKey(String column) {
    String c = column.toLowerCase(Locale.ROOT);
    return c.equals("id") || c.endsWith("_id");
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }
}
