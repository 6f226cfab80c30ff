package io.meshwork.quality.internal;

import com.amazon.deequ.profiles.ColumnProfile;
import com.amazon.deequ.suggestions.ConstraintSuggestion;
import com.amazon.deequ.suggestions.ConstraintSuggestionResult;
import com.amazon.deequ.suggestions.ConstraintSuggestionRunner;
import com.amazon.deequ.suggestions.Rules;
import io.meshwork.core.model.Check;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;

/**
 * Deequ's constraint suggestions ({@code ConstraintSuggestionRunner} with {@code Rules.DEFAULT} and
 * {@code Rules.COMMON}, which adds {@code unique})
 * translated into contract checks. Deequ's suggestion carries its bound and values only in the
 * Scala code it proposes ({@code .hasCompleteness("c", _ >= 0.85, ...)}), which is read here.
 */
public final class DeequSuggestions {
  private static final Pattern AT_LEAST = Pattern.compile("_ >= ([0-9.Ee+-]+)");
  private static final Pattern ARRAY = Pattern.compile("Array\\((.*?)\\)(,|$)");
  private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  private DeequSuggestions() {}

  /**
   * One suggested check.
   *
   * @param params the check's parameters, in the order to write them
   * @param evidence what it rests on: Deequ's description, the current value, the rule
   */
  public record Suggestion(String column, Check check, Map<String, Object> params, String evidence) {}

  /** The profile of the data and the suggestions, per column. */
  public record Profile(long rows, Map<String, Double> completeness, List<Suggestion> suggestions) {}

  public static Profile profile(Dataset<Row> data) {
    ConstraintSuggestionResult result =
        new ConstraintSuggestionRunner().onData(data).addConstraintRules(Rules.DEFAULT()).addConstraintRules(Rules.COMMON()).run();
    long rows = result.numRecordsUsedForProfiling();
    Map<String, Double> completeness = new LinkedHashMap<>();
    Map<String, ColumnProfile> profiles = JavaConverters.mapAsJavaMap(result.columnProfiles());
    for (String column : data.columns()) {
      ColumnProfile p = profiles.get(column);
      if (p != null) {
        completeness.put(column, p.completeness());
      }
    }
    Map<String, scala.collection.Seq<ConstraintSuggestion>> byColumn = JavaConverters.mapAsJavaMap(result.constraintSuggestions());
    List<Suggestion> out = new ArrayList<>();
    for (String column : data.columns()) {
      scala.collection.Seq<ConstraintSuggestion> suggestions = byColumn.get(column);
      if (suggestions == null) {
        continue;
      }
      for (ConstraintSuggestion s : JavaConverters.seqAsJavaList(suggestions)) {
        Suggestion translated = translate(s, rows);
        if (translated != null) {
          out.add(translated);
        }
      }
    }
    return new Profile(rows, completeness, out);
  }

  private static Suggestion translate(ConstraintSuggestion s, long rows) {
    String rule = s.suggestingRule().getClass().getSimpleName();
    String evidence = s.description() + " (" + s.currentValue() + " over " + Numbers.rows(rows) + "; Deequ " + rule + ")";
    String code = s.codeForConstraint();
    Map<String, Object> params = new LinkedHashMap<>();
    switch (rule) {
      case "CompleteIfCompleteRule":
        return new Suggestion(s.columnName(), Check.COMPLETE, params, evidence);
      case "RetainCompletenessRule": {
        Double bound = atLeast(code);
        if (bound == null) {
          return null;
        }
        params.put("min-fraction", bound);
        return new Suggestion(s.columnName(), Check.COMPLETE, params, evidence);
      }
      case "UniqueIfApproximatelyUniqueRule":
        return new Suggestion(s.columnName(), Check.UNIQUE, params, evidence);
      case "NonNegativeNumbersRule":
        return new Suggestion(s.columnName(), Check.NON_NEGATIVE, params, evidence);
      case "CategoricalRangeRule":
      case "FractionalCategoricalRangeRule": {
        List<String> values = values(code);
        if (values.isEmpty()) {
          return null;
        }
        params.put("values", values);
        Double bound = atLeast(code);
        if (bound != null && bound < 1.0) {
          params.put("min-fraction", bound);
        }
        return new Suggestion(s.columnName(), Check.ALLOWED_VALUES, params, evidence);
      }
      default:
        return null; // RetainTypeRule: the schema already carries the type
    }
  }

  private static Double atLeast(String code) {
    Matcher m = AT_LEAST.matcher(code);
    return m.find() ? Double.valueOf(m.group(1)) : null;
  }

  private static List<String> values(String code) {
    Matcher array = ARRAY.matcher(code);
    if (!array.find()) {
      return List.of();
    }
    List<String> values = new ArrayList<>();
    Matcher m = STRING.matcher(array.group(1));
    while (m.find()) {
      values.add(unescape(m.group(1)));
    }
    return values;
  }

  /** Reverses {@code StringEscapeUtils.escapeJava} for the escapes it produces. */
  private static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 == s.length()) {
        out.append(c);
        continue;
      }
      char n = s.charAt(++i);
      switch (n) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> out.append(n);
      }
    }
    return out.toString();
  }
}
