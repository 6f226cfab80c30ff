package io.meshwork.core.odcs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.meshwork.core.model.Check;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The vocabulary both directions share: names of ODCS fields, our custom properties, types. */
final class Odcs {
  static final String API_VERSION = "v3.1.0";
  static final List<String> API_VERSIONS = List.of("v3.1.0", "v3.0.2", "v3.0.1", "v3.0.0", "v2.2.2", "v2.2.1", "v2.2.0");
  static final String KIND = "DataContract";
  /** The {@code engine} of custom quality rules that hold a Meshwork check. */
  static final String ENGINE = "meshwork";

  static final String SQL = "meshworkSql";
  static final String JOB = "meshworkJob";
  static final String SOURCES = "meshworkSources";
  static final String INPUT_PRODUCTS = "meshworkInputProducts";
  static final String WRITE_MODE = "meshworkWriteMode";
  static final String MASKING = "meshworkMasking";
  static final String DEPRECATION = "meshworkDeprecation";
  static final String BUILD_PENDING = "meshworkBuildPending";
  /** The custom property of each product key kept for other modules ({@code kind}, {@code entity}, {@code features}). */
  static final Map<String, String> EXTENSIONS =
      Map.of("kind", "meshworkKind", "entity", "meshworkEntity", "features", "meshworkFeatures");
  static final List<String> CUSTOM_PROPERTIES =
      List.of(SQL, JOB, SOURCES, INPUT_PRODUCTS, WRITE_MODE, MASKING, DEPRECATION, BUILD_PENDING, "meshworkKind", "meshworkEntity",
          "meshworkFeatures");

  /** The {@code support} channel whose {@code mailto:} URL is the owner's e-mail. */
  static final String EMAIL_CHANNEL = "email";
  static final String MAILTO = "mailto:";

  /**
   * Meshwork's classification of each ODCS one (ODCS leaves the list open; these are the values
   * its documentation and examples use). Any other value becomes {@code confidential}, with a warning.
   */
  static final Map<String, String> CLASSIFICATION_OF =
      Map.ofEntries(
          Map.entry("public", "public"), Map.entry("internal", "internal"), Map.entry("confidential", "confidential"),
          Map.entry("pii", "pii"), Map.entry("restricted", "confidential"), Map.entry("sensitive", "confidential"),
          Map.entry("secret", "confidential"), Map.entry("highly-confidential", "confidential"),
          Map.entry("highly_confidential", "confidential"), Map.entry("proprietary", "confidential"),
          Map.entry("personal", "pii"), Map.entry("personal-data", "pii"), Map.entry("personal_data", "pii"),
          Map.entry("gdpr", "pii"), Map.entry("open", "public"));
  /** A role's {@code access}: it may read the product; {@link #READ_PII}: and see its pii columns in clear. */
  static final String READ = "read";
  static final String READ_PII = "read-pii";

  /** The SLA property our {@code sla.freshness} becomes (ODCS's closest, "latency"). */
  static final String FRESHNESS_PROPERTY = "latency";
  /** The SLA property of {@code retention.versions}. */
  static final String RETENTION_PROPERTY = "retention";

  static final List<String> LOGICAL_TYPES =
      List.of("string", "date", "timestamp", "time", "number", "integer", "object", "array", "boolean");
  static final List<String> METRICS = List.of("nullValues", "missingValues", "invalidValues", "duplicateValues", "rowCount");
  static final List<String> OPERATORS =
      List.of("mustBe", "mustNotBe", "mustBeGreaterThan", "mustBeGreaterOrEqualTo", "mustBeLessThan", "mustBeLessOrEqualTo",
          "mustBeBetween", "mustNotBeBetween");
  static final List<String> QUALITY_TYPES = List.of("text", "library", "sql", "custom");
  static final List<String> DIMENSIONS =
      List.of("accuracy", "completeness", "conformity", "consistency", "coverage", "timeliness", "uniqueness");

  /** Quality dimension of each Meshwork check (ODCS's list of dimensions is closed). */
  static String dimension(Check check) {
    return switch (check) {
      case COMPLETE, ROW_COUNT -> "completeness";
      case UNIQUE -> "uniqueness";
      case ALLOWED_VALUES, PATTERN, MAX_LENGTH -> "conformity";
      case COMPLIANCE, REFERENCES -> "consistency";
      case FRESHNESS -> "timeliness";
      case RANGE, NON_NEGATIVE, MEAN, STDDEV, SUM, DISTINCT_COUNT, ANOMALY -> "accuracy";
    };
  }

  private Odcs() {}

  static ObjectMapper yaml() {
    YAMLFactory factory =
        YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();
    return new ObjectMapper(factory);
  }

  /** The ODCS logical type of a Spark DDL type. */
  static String logicalType(String sparkType) {
    String t = sparkType.strip().toLowerCase(Locale.ROOT);
    if (t.startsWith("decimal") || t.startsWith("numeric") || t.startsWith("dec(") || t.equals("dec") || t.equals("float")
        || t.equals("double") || t.equals("real")) {
      return "number";
    }
    if (List.of("tinyint", "byte", "smallint", "short", "int", "integer", "bigint", "long").contains(t)) {
      return "integer";
    }
    if (t.equals("boolean")) {
      return "boolean";
    }
    if (t.equals("date")) {
      return "date";
    }
    if (t.startsWith("timestamp")) {
      return "timestamp";
    }
    if (t.startsWith("array")) {
      return "array";
    }
    if (t.startsWith("struct") || t.startsWith("map")) {
      return "object";
    }
    return "string";
  }

  /** The Spark type a logical type becomes when no usable physical type is given; null for nested types. */
  static String sparkType(String logicalType) {
    return switch (logicalType) {
      case "string", "time" -> "string";
      case "date" -> "date";
      case "timestamp" -> "timestamp";
      case "integer" -> "bigint";
      case "number" -> "double";
      case "boolean" -> "boolean";
      default -> null;
    };
  }
}
