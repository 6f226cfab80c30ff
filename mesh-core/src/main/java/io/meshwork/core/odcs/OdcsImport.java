package io.meshwork.core.odcs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshwork.core.contract.Contracts;
import io.meshwork.core.model.AccessPolicy;
import io.meshwork.core.model.Check;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Problem;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.SemVer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * Reads an ODCS data contract (YAML, v3.x) and writes the Meshwork contract it describes.
 *
 * <pre>{@code
 * OdcsImport.Result r = OdcsImport.read(Path.of("orders.odcs.yaml"));
 * r.warnings().forEach(System.err::println);   // orders.odcs.yaml: servers: not imported: ...
 * Files.writeString(Path.of("conf/products/sales/orders.conf"), r.hocon());
 * }</pre>
 *
 * <p>The document is first checked against the structure of ODCS v3.1.0 (required fields, types,
 * closed enumerations, unknown fields); every violation is reported at once in one {@link
 * ContractException} (exit 2), each line {@code <file>: <YAML path>: <what is wrong>}, for
 * example {@code orders.odcs.yaml: schema[0].properties[2].logicalType: 'strin' is not one of
 * string, date, ...}. A valid document that cannot become a Meshwork contract (no domain, a
 * version that is not {@code MAJOR.MINOR.PATCH}, no columns) is reported the same way.
 *
 * <p>Everything a Meshwork contract cannot hold is named in {@link Result#warnings()} with its
 * YAML path and the reason, and listed as comments at the top of the generated contract. {@link
 * OdcsExport}'s own documents import without warnings.
 */
public final class OdcsImport {
  private static final List<String> ROOT_KEYS =
      List.of("version", "kind", "apiVersion", "id", "name", "tenant", "tags", "status", "servers", "dataProduct",
          "description", "domain", "schema", "support", "price", "team", "roles", "slaDefaultElement", "slaProperties",
          "authoritativeDefinitions", "customProperties", "contractCreatedTs");
  private static final List<String> ELEMENT_KEYS =
      List.of("id", "name", "physicalType", "description", "businessName", "authoritativeDefinitions", "tags", "customProperties");
  private static final List<String> OBJECT_KEYS =
      concat(ELEMENT_KEYS, List.of("logicalType", "physicalName", "dataGranularityDescription", "properties", "relationships", "quality"));
  private static final List<String> PROPERTY_KEYS =
      concat(ELEMENT_KEYS, List.of("primaryKey", "primaryKeyPosition", "logicalType", "logicalTypeOptions", "physicalName", "required",
          "unique", "partitioned", "partitionKeyPosition", "classification", "encryptedName", "transformSourceObjects",
          "transformLogic", "transformDescription", "examples", "criticalDataElement", "relationships", "quality"));
  private static final List<String> QUALITY_KEYS =
      List.of("id", "authoritativeDefinitions", "businessImpact", "customProperties", "description", "dimension", "method", "name",
          "schedule", "scheduler", "severity", "tags", "type", "unit");
  private static final List<String> TEAM_KEYS =
      List.of("id", "name", "description", "members", "tags", "customProperties", "authoritativeDefinitions");
  private static final List<String> MEMBER_KEYS =
      List.of("id", "username", "name", "description", "role", "dateIn", "dateOut", "replacedByUsername", "tags", "customProperties",
          "authoritativeDefinitions");
  private static final List<String> SLA_KEYS =
      List.of("id", "property", "value", "valueExt", "unit", "element", "driver", "description", "scheduler", "schedule");
  private static final List<String> SUPPORT_KEYS =
      List.of("id", "channel", "url", "description", "tool", "scope", "invitationUrl", "customProperties");
  private static final List<String> CUSTOM_KEYS = List.of("id", "property", "value", "description");
  private static final List<String> DESCRIPTION_KEYS = List.of("usage", "purpose", "limitations", "authoritativeDefinitions", "customProperties");

  /** A field of the document that the Meshwork contract does not hold. */
  public record Warning(String path, String reason) {
    /** {@code <path>: <reason>}. */
    @Override
    public String toString() {
      return path + ": " + reason;
    }
  }

  /**
   * An imported contract.
   *
   * @param hocon the Meshwork contract text ({@code product { ... }}), warnings listed as comments
   * @param warnings every field that could not be mapped, in document order
   * @param product the contract as {@link Contracts#parse} loads it (its file names the document)
   */
  public record Result(String hocon, List<Warning> warnings, DataProduct product) {
    public Result {
      warnings = List.copyOf(warnings);
    }
  }

  private static final ObjectMapper MAPPER = Odcs.yaml();

  private final String fileName;
  private final List<String> errors = new ArrayList<>();
  private final List<Warning> warnings = new ArrayList<>();

  // What the contract gets.
  private String apiVersion;
  private String domain;
  private String name;
  private String version;
  private String description;
  private String team;
  private final List<String> readers = new ArrayList<>();
  private final List<String> piiReaders = new ArrayList<>();
  private String masking;
  private String email;
  private final List<Object> tags = new ArrayList<>();
  private final List<Column> columns = new ArrayList<>();
  private final List<Rule> rules = new ArrayList<>();
  private final List<Rule> objectRules = new ArrayList<>();
  private String freshness;
  private String retention;
  private String sql;
  private String job;
  private Object sources;
  private Object inputProducts;
  private String writeMode;
  private Object deprecation;
  private String pendingBuild;
  private final Map<String, Object> extensions = new LinkedHashMap<>();
  /** The YAML path the owner's e-mail came from. */
  private String emailPath;

  private record Column(String name, String type, boolean nullable, String description, String classification, Map<String, String> tags) {}

  private record Key(int position, int index, String column) {}

  private final List<Key> primaryKey = new ArrayList<>();
  private final List<Key> partitionBy = new ArrayList<>();

  /** One constraint, as the contract will declare it. */
  private record Rule(Check check, List<String> columns, Map<String, Object> params, String level, String name) {}

  /**
   * What the command line supplies when the document lacks it ({@code contract import --domain D
   * --name N}); either may be null. A given value wins over the document's, with a warning.
   */
  public record Names(String domain, String name) {
    public static final Names NONE = new Names(null, null);
  }

  private final Names given;

  private OdcsImport(String fileName, Names given) {
    this.fileName = fileName;
    this.given = given == null ? Names.NONE : given;
  }

  /**
   * Imports an ODCS document from a file; messages name the file as given.
   *
   * @throws ContractException (exit 2) when the file cannot be read, is not valid ODCS, or cannot
   *     become a Meshwork contract; every problem listed with its YAML path
   */
  public static Result read(Path file) {
    return read(file, Names.NONE);
  }

  /** {@link #read(Path)}, with the domain and/or name the document lacks. */
  public static Result read(Path file, Names names) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ContractException(file + ": no ODCS document: " + file + " does not exist");
    } catch (IOException e) {
      throw new ContractException(file + ": cannot read ODCS document: " + e);
    }
    return fromYaml(text, file.toString(), names);
  }

  /**
   * Imports an ODCS document given as text.
   *
   * @param fileName names the document in messages
   * @throws ContractException (exit 2) when the text is not valid ODCS or cannot become a Meshwork
   *     contract; every problem listed with its YAML path
   */
  public static Result fromYaml(String yaml, String fileName) {
    return fromYaml(yaml, fileName, Names.NONE);
  }

  /** {@link #fromYaml(String, String)}, with the domain and/or name the document lacks. */
  public static Result fromYaml(String yaml, String fileName, Names names) {
    return new OdcsImport(fileName, names).run(yaml);
  }

  private Result run(String yaml) {
    JsonNode root;
    try {
      root = MAPPER.readTree(yaml);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new ContractException(Problem.at(fileName, line, "not a YAML document: " + e.getOriginalMessage()));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new ContractException(fileName + ": empty document: expected an ODCS data contract (apiVersion, kind, id, version, status, ...)");
    }
    if (!root.isObject()) {
      throw new ContractException(fileName + ": the document must be a mapping (an ODCS data contract) but was " + typeName(root));
    }
    document((ObjectNode) root);
    if (!errors.isEmpty()) {
      throw new ContractException(errors.stream().map(Problem::of).toList());
    }
    String hocon = render();
    DataProduct product;
    try {
      product = Contracts.parse(hocon, fileName);
    } catch (ContractException e) {
      // The generated text is not shown to the user, so its line numbers would mislead.
      List<Problem> problems = new ArrayList<>();
      for (Problem p : e.problems()) {
        problems.add(Problem.of(fileName + ": as a Meshwork contract: " + (fileName.equals(p.file()) ? p.message() : p.format())).about(p.product()));
      }
      throw new ContractException(problems);
    }
    return new Result(hocon, warnings, product);
  }

  // ---------------------------------------------------------------- the document

  private void document(ObjectNode root) {
    knownKeys(root, "", ROOT_KEYS);
    for (String key : List.of("version", "apiVersion", "kind", "id", "status")) {
      if (!present(root, key)) {
        error(key, "required field is missing");
      }
    }
    apiVersion = oneOf(root, "", "apiVersion", Odcs.API_VERSIONS);
    oneOf(root, "", "kind", List.of(Odcs.KIND));
    string(root, "", "id");
    String status = string(root, "", "status");
    if (status != null && !status.equalsIgnoreCase("active")) {
      warn("status", "not imported: a Meshwork contract has no status ('" + status + "')");
    }
    for (String key : List.of("tenant", "dataProduct", "slaDefaultElement", "contractCreatedTs")) {
      if (string(root, "", key) != null && !key.equals("dataProduct")) {
        warn(key, "not imported: a Meshwork contract has no " + key);
      }
    }
    version = string(root, "", "version");
    if (version != null && SemVer.parse(version).isEmpty()) {
      error("version", "'" + version + "' is not a semantic version MAJOR.MINOR.PATCH, which a Meshwork contract needs");
    }
    String contractName = string(root, "", "name");
    String rawDomain = string(root, "", "domain");
    if (given.domain() != null) {
      if (!ProductId.isIdentifier(given.domain())) {
        error("domain", "--domain '" + given.domain() + "' cannot name a Meshwork domain: expected a plain lower-case identifier ([a-z][a-z0-9_]*)");
      }
      domain = given.domain();
      if (rawDomain != null && !rawDomain.equals(given.domain())) {
        warn("domain", "not imported: '" + rawDomain + "' replaced by --domain " + given.domain());
      }
    } else if (rawDomain == null && !root.has("domain")) {
      error("domain", "required by Meshwork: a product is named <domain>.<name>, and the document has no domain (give one with --domain)");
    } else if (rawDomain != null) {
      domain = identifier(rawDomain, "domain");
    }
    ObjectNode desc = object(root, "", "description");
    if (desc != null) {
      knownKeysOpen(desc);
      description = string(desc, "description", "purpose");
      for (String key : List.of("usage", "limitations", "authoritativeDefinitions", "customProperties")) {
        if (desc.has(key)) {
          warn("description." + key, "not imported: a Meshwork contract has one description (description.purpose)");
        }
      }
    }
    List<String> tagList = strings(root, "", "tags");
    if (tagList != null) {
      tags.addAll(tagList);
    }
    schema(root, contractName);
    support(root);
    team(root);
    sla(root);
    customProperties(root);
    roles(root);
    keyRules();
    servers(root);
    for (String key : List.of("price", "authoritativeDefinitions")) {
      if (root.has(key)) {
        JsonNode v = root.get(key);
        boolean list = key.equals("authoritativeDefinitions");
        if (list ? !v.isArray() : !v.isObject()) {
          error(key, "must be " + (list ? "a list" : "an object") + " but was " + typeName(v));
        } else {
          warn(key, "not imported: a Meshwork contract has no " + key);
        }
      }
    }
  }

  private void schema(ObjectNode root, String contractName) {
    JsonNode schema = root.get("schema");
    if (schema == null || schema.isNull()) {
      error("schema", "required by Meshwork: a product needs a schema with at least one column");
      return;
    }
    if (!schema.isArray()) {
      error("schema", "must be a list but was " + typeName(schema));
      return;
    }
    if (schema.isEmpty()) {
      error("schema", "required by Meshwork: a product needs a schema with at least one column");
    }
    for (int i = 0; i < schema.size(); i++) {
      String path = "schema[" + i + "]";
      JsonNode o = schema.get(i);
      if (!o.isObject()) {
        error(path, "must be an object but was " + typeName(o));
        continue;
      }
      schemaObject((ObjectNode) o, path, i == 0, contractName);
    }
  }

  private void schemaObject(ObjectNode o, String path, boolean first, String contractName) {
    knownKeys(o, path, OBJECT_KEYS);
    String objectName = string(o, path, "name");
    if (!present(o, "name")) {
      error(path + ".name", "required field is missing");
    }
    oneOf(o, path, "logicalType", List.of("object"));
    string(o, path, "physicalType");
    String objectDescription = string(o, path, "description");
    for (String key : List.of("businessName", "physicalName", "dataGranularityDescription")) {
      string(o, path, key);
    }
    if (!first) {
      warn(path, "not imported: a Meshwork product is one table; only schema[0] becomes its columns");
      return;
    }
    if (given.name() != null) {
      if (!ProductId.isIdentifier(given.name())) {
        error("name", "--name '" + given.name() + "' cannot name a Meshwork product: expected a plain lower-case identifier ([a-z][a-z0-9_]*)");
      }
      name = given.name();
    } else if (objectName != null) {
      name = identifier(objectName, path + ".name");
      if (contractName != null && !contractName.equals(objectName)) {
        warn("name", "not imported: the product is named after its table, schema[0].name '" + objectName + "'");
      }
    } else if (contractName != null) {
      name = identifier(contractName, "name");
    }
    if (objectDescription != null) {
      if (description == null) {
        description = objectDescription;
      } else if (!description.equals(objectDescription)) {
        warn(path + ".description", "not imported: the product's description is description.purpose");
      }
    }
    for (String key : List.of("id", "businessName", "physicalName", "dataGranularityDescription", "relationships",
        "authoritativeDefinitions", "tags", "customProperties")) {
      if (o.has(key)) {
        warn(path + "." + key, "not imported: a Meshwork product has no " + key + " for its table");
      }
    }
    JsonNode properties = o.get("properties");
    if (properties == null || properties.isNull() || (properties.isArray() && properties.isEmpty())) {
      error(path + ".properties", "required by Meshwork: a product needs at least one column");
    } else if (!properties.isArray()) {
      error(path + ".properties", "must be a list but was " + typeName(properties));
    } else {
      for (int i = 0; i < properties.size(); i++) {
        String p = path + ".properties[" + i + "]";
        JsonNode node = properties.get(i);
        if (!node.isObject()) {
          error(p, "must be an object but was " + typeName(node));
        } else {
          property((ObjectNode) node, p, i);
        }
      }
    }
    quality(o, path, null, objectRules);
  }

  private void property(ObjectNode o, String path, int index) {
    knownKeys(o, path, PROPERTY_KEYS);
    String logical = oneOf(o, path, "logicalType", Odcs.LOGICAL_TYPES);
    if ("array".equals(logical)) {
      allow(o, path, "items");
    } else if ("object".equals(logical)) {
      allow(o, path, "properties");
    }
    String column = string(o, path, "name");
    if (!present(o, "name")) {
      error(path + ".name", "required field is missing");
    }
    String physical = string(o, path, "physicalType");
    Boolean required = bool(o, path, "required");
    Boolean primary = bool(o, path, "primaryKey");
    Integer primaryPosition = integer(o, path, "primaryKeyPosition");
    Boolean partitioned = bool(o, path, "partitioned");
    Integer partitionPosition = integer(o, path, "partitionKeyPosition");
    Boolean unique = bool(o, path, "unique");
    bool(o, path, "criticalDataElement");
    String classification = string(o, path, "classification");
    String text = string(o, path, "description");
    for (String key : List.of("businessName", "physicalName", "encryptedName", "transformLogic", "transformDescription")) {
      string(o, path, key);
    }
    List<String> tagList = strings(o, path, "tags");
    strings(o, path, "transformSourceObjects");
    if (o.has("examples") && !o.get("examples").isArray()) {
      error(path + ".examples", "must be a list but was " + typeName(o.get("examples")));
    }
    if (o.has("logicalTypeOptions") && !o.get("logicalTypeOptions").isObject()) {
      error(path + ".logicalTypeOptions", "must be an object but was " + typeName(o.get("logicalTypeOptions")));
    }
    if (column == null) {
      return;
    }
    for (String key : List.of("id", "businessName", "physicalName", "encryptedName", "transformSourceObjects", "transformLogic",
        "transformDescription", "examples", "criticalDataElement", "relationships", "authoritativeDefinitions", "customProperties",
        "items", "properties")) {
      if (o.has(key)) {
        warn(path + "." + key, "not imported: a Meshwork column has no " + key);
      }
    }
    String type = columnType(path, logical, physical);
    if (type == null) {
      return;
    }
    if (classification != null) {
      String mapped = Odcs.CLASSIFICATION_OF.get(classification.strip().toLowerCase(Locale.ROOT));
      if (mapped == null) {
        warn(path + ".classification", "'" + classification + "' is not a classification Meshwork knows; imported as confidential (one of "
            + String.join(", ", Contracts.CLASSIFICATIONS) + ")");
        mapped = "confidential";
      }
      classification = mapped;
    }
    Map<String, String> columnTags = new LinkedHashMap<>();
    if (tagList != null) {
      for (int i = 0; i < tagList.size(); i++) {
        String tag = tagList.get(i);
        int colon = tag.indexOf(':');
        if (colon <= 0) {
          warn(path + ".tags[" + i + "]", "not imported: Meshwork column tags are key:value pairs but '" + tag + "' has no key");
        } else {
          columnTags.put(tag.substring(0, colon), tag.substring(colon + 1));
        }
      }
    }
    columns.add(new Column(column, type, required == null || !required,
        text, classification == null ? null : classification.toLowerCase(Locale.ROOT), columnTags));
    if (Boolean.TRUE.equals(primary)) {
      primaryKey.add(new Key(primaryPosition == null || primaryPosition < 1 ? Integer.MAX_VALUE : primaryPosition, index, column));
    }
    if (Boolean.TRUE.equals(partitioned)) {
      partitionBy.add(new Key(partitionPosition == null || partitionPosition < 1 ? Integer.MAX_VALUE : partitionPosition, index, column));
    }
    int before = rules.size();
    quality(o, path, column, rules);
    if (o.get("logicalTypeOptions") instanceof ObjectNode options) {
      logicalTypeOptions(options, path + ".logicalTypeOptions", column, logical);
    }
    if (Boolean.TRUE.equals(unique)) {
      Rule rule = new Rule(Check.UNIQUE, List.of(column), Map.of(), "error", null);
      boolean declared = rules.subList(before, rules.size()).stream().anyMatch(r -> r.check() == Check.UNIQUE && r.columns().equals(List.of(column)));
      if (!declared) {
        rules.add(rule);
      }
    }
  }

  /**
   * {@code pattern} becomes a {@code pattern} check, {@code maxLength} a {@code max-length} check,
   * {@code minimum}/{@code maximum} a {@code range} check; each other option is a warning.
   */
  private void logicalTypeOptions(ObjectNode options, String path, String column, String logical) {
    Map<String, Object> range = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String p = path + "." + e.getKey();
      JsonNode v = e.getValue();
      switch (e.getKey()) {
        case "pattern" -> {
          if (!v.isTextual()) {
            error(p, "must be a string but was " + typeName(v));
            continue;
          }
          try {
            java.util.regex.Pattern.compile(v.asText());
          } catch (java.util.regex.PatternSyntaxException x) {
            warn(p, "not imported: '" + v.asText() + "' is not a Java regular expression: " + x.getDescription());
            continue;
          }
          addRule(new Rule(Check.PATTERN, List.of(column), Map.of("regex", v.asText()), "error", null));
        }
        case "maxLength" -> {
          if (!v.canConvertToExactIntegral() || v.asLong() < 0) {
            error(p, "must be a non-negative integer but was " + typeName(v));
            continue;
          }
          addRule(new Rule(Check.MAX_LENGTH, List.of(column), Map.of("max", plain(v)), "error", null));
        }
        case "minimum", "maximum" -> {
          if (!v.isNumber()) {
            warn(p, "not imported: Meshwork's range check takes a number, not " + typeName(v));
            continue;
          }
          range.put(e.getKey().equals("minimum") ? "min" : "max", plain(v));
        }
        default -> warn(p, "not imported: Meshwork has no check for " + e.getKey()
            + (logical == null ? "" : " of a " + logical) + " (pattern, maxLength, minimum and maximum are imported)");
      }
    }
    if (!range.isEmpty()) {
      addRule(new Rule(Check.RANGE, List.of(column), range, "error", null));
    }
  }

  /** Adds a column rule unless the same check on the same columns is already declared. */
  private void addRule(Rule rule) {
    boolean declared = java.util.stream.Stream.concat(rules.stream(), objectRules.stream())
        .anyMatch(r -> r.check() == rule.check() && r.columns().equals(rule.columns()) && r.params().equals(rule.params()));
    if (!declared) {
      rules.add(rule);
    }
  }

  private String columnType(String path, String logical, String physical) {
    if (physical != null && isSparkType(physical)) {
      return physical;
    }
    String derived = logical == null ? null : Odcs.sparkType(logical);
    if (physical != null && derived != null) {
      warn(path + ".physicalType", "'" + physical + "' is not a Spark type; imported as " + derived + " (from logicalType " + logical + ")");
    } else if (physical != null) {
      warn(path, "not imported: physicalType '" + physical + "' is not a Spark type"
          + (logical == null ? " and there is no logicalType" : " and logicalType " + logical + " needs one (struct<...>, array<...>)"));
    } else if (derived == null && logical != null) {
      warn(path, "not imported: logicalType " + logical + " needs a Spark physicalType (struct<...>, array<...>, map<...>)");
    } else if (logical == null) {
      warn(path, "no logicalType or physicalType; imported as string");
      derived = "string";
    } else if (logical.equals("time")) {
      warn(path + ".logicalType", "Spark has no time type; imported as string");
    }
    return derived;
  }

  /** Whether Spark parses the text as a column type (a bare {@code a int} would parse as a struct). */
  private static boolean isSparkType(String type) {
    try {
      DataType parsed = DataType.fromDDL(type);
      return !(parsed instanceof StructType) || type.strip().toLowerCase(Locale.ROOT).startsWith("struct");
    } catch (Exception e) { // Spark's ParseException is a checked AnalysisException
      return false;
    }
  }

  // ---------------------------------------------------------------- quality

  private void quality(ObjectNode owner, String path, String column, List<Rule> into) {
    JsonNode list = owner.get("quality");
    if (list == null) {
      return;
    }
    if (!list.isArray()) {
      error(path + ".quality", "must be a list but was " + typeName(list));
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      String p = path + ".quality[" + i + "]";
      JsonNode r = list.get(i);
      if (!r.isObject()) {
        error(p, "must be an object but was " + typeName(r));
        continue;
      }
      rule((ObjectNode) r, p, column, into);
    }
  }

  private void rule(ObjectNode r, String path, String column, List<Rule> into) {
    String type = oneOf(r, path, "type", Odcs.QUALITY_TYPES);
    if (type == null && r.has("metric")) {
      type = "library";
    }
    List<String> allowed = new ArrayList<>(QUALITY_KEYS);
    if (type != null) {
      switch (type) {
        case "library" -> {
          allowed.addAll(List.of("metric", "rule", "arguments"));
          allowed.addAll(Odcs.OPERATORS);
        }
        case "sql" -> {
          allowed.add("query");
          allowed.addAll(Odcs.OPERATORS);
        }
        case "custom" -> allowed.addAll(List.of("engine", "implementation"));
        default -> {}
      }
    }
    int errorsBefore = errors.size();
    knownKeys(r, path, allowed);
    oneOf(r, path, "dimension", Odcs.DIMENSIONS);
    String ruleName = string(r, path, "name");
    String severity = string(r, path, "severity");
    String unit = string(r, path, "unit");
    for (String key : List.of("id", "businessImpact", "description", "method", "schedule", "scheduler")) {
      string(r, path, key);
    }
    String operator = null;
    if ("library".equals(type) || "sql".equals(type)) {
      List<String> given = Odcs.OPERATORS.stream().filter(r::has).toList();
      if (given.size() != 1) {
        error(path, (given.isEmpty() ? "needs" : "has " + given.size() + " operators (" + String.join(", ", given) + ") but needs")
            + " exactly one of " + String.join(", ", Odcs.OPERATORS));
      } else {
        operator = given.get(0);
        JsonNode v = r.get(operator);
        if (operator.endsWith("Between")) {
          if (!v.isArray() || v.size() != 2 || !v.get(0).isNumber() || !v.get(1).isNumber()) {
            error(path + "." + operator, "must be a list of two numbers but was " + v);
          } else if (v.get(0).equals(v.get(1))) {
            error(path + "." + operator, "must hold two different numbers but was " + v);
          }
        } else if (!operator.equals("mustBe") && !operator.equals("mustNotBe") && !v.isNumber()) {
          error(path + "." + operator, "must be a number but was " + typeName(v));
        }
      }
    }
    String metric = null;
    if ("library".equals(type)) {
      metric = oneOf(r, path, "metric", Odcs.METRICS);
      if (!present(r, "metric")) {
        error(path + ".metric", "required field is missing (a library rule names its metric)");
      }
      object(r, path, "arguments");
    } else if ("sql".equals(type)) {
      string(r, path, "query");
      if (!present(r, "query")) {
        error(path + ".query", "required field is missing (an sql rule has a query)");
      }
    } else if ("custom".equals(type)) {
      string(r, path, "engine");
      for (String key : List.of("engine", "implementation")) {
        if (!present(r, key)) {
          error(path + "." + key, "required field is missing (a custom rule has an engine and an implementation)");
        }
      }
      JsonNode impl = r.get("implementation");
      if (impl != null && !impl.isTextual() && !impl.isObject()) {
        error(path + ".implementation", "must be a string or an object but was " + typeName(impl));
      }
    }
    if (errors.size() > errorsBefore) {
      return;
    }
    for (String key : List.of("id", "authoritativeDefinitions", "businessImpact", "customProperties", "description", "method",
        "schedule", "scheduler", "tags")) {
      if (r.has(key)) {
        warn(path + "." + key, "not imported: a Meshwork constraint has no " + key);
      }
    }
    String level = level(severity, path);
    if (type == null) {
      warn(path, "not imported: a rule without type or metric has nothing to check");
      return;
    }
    switch (type) {
      case "text" -> warn(path, "not imported: a text rule describes quality in prose; there is nothing to check");
      case "sql" -> warn(path, "not imported: Meshwork has no SQL-query check (a 'compliance' constraint takes a row predicate instead)");
      case "custom" -> custom(r, path, column, level, ruleName, into);
      default -> library(r, path, metric, operator, unit, column, level, ruleName, into);
    }
  }

  private String level(String severity, String path) {
    if (severity == null || severity.equalsIgnoreCase("error")) {
      return "error";
    }
    if (severity.equalsIgnoreCase("warning") || severity.equalsIgnoreCase("warn")) {
      return "warning";
    }
    if (severity.equalsIgnoreCase("info")) {
      warn(path + ".severity", "Meshwork has no level info; imported as warning");
      return "warning";
    }
    warn(path + ".severity", "'" + severity + "' is not error or warning; imported as error");
    return "error";
  }

  private void custom(ObjectNode r, String path, String column, String level, String ruleName, List<Rule> into) {
    String engine = r.get("engine").asText();
    JsonNode impl = r.get("implementation");
    if (!engine.equalsIgnoreCase(Odcs.ENGINE)) {
      warn(path, "not imported: engine '" + engine + "' is not Meshwork's; only engine: " + Odcs.ENGINE + " rules hold a Meshwork check");
      return;
    }
    if (!impl.isObject() || !impl.path("check").isTextual()) {
      warn(path + ".implementation", "not imported: a " + Odcs.ENGINE + " rule's implementation is an object with a 'check'");
      return;
    }
    String keyword = impl.get("check").asText();
    Check check = Check.of(keyword).orElse(null);
    if (check == null) {
      warn(path + ".implementation.check", "not imported: '" + keyword + "' is not a Meshwork check (" + String.join(", ", Check.KEYWORDS) + ")");
      return;
    }
    List<String> cols = new ArrayList<>();
    if (column != null) {
      cols.add(column);
    }
    Map<String, Object> params = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = impl.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      switch (e.getKey()) {
        case "check" -> {}
        case "column", "columns" -> {
          if (column != null) {
            warn(path + ".implementation." + e.getKey(), "not imported: a rule on a property checks that property ('" + column + "')");
          } else if (e.getValue().isTextual()) {
            cols.add(e.getValue().asText());
          } else {
            for (JsonNode c : e.getValue()) {
              cols.add(c.asText());
            }
          }
        }
        default -> params.put(e.getKey(), plain(e.getValue()));
      }
    }
    into.add(new Rule(check, cols, params, level, ruleName));
  }

  private void library(ObjectNode r, String path, String metric, String operator, String unit, String column, String level,
      String ruleName, List<Rule> into) {
    JsonNode value = r.get(operator);
    JsonNode arguments = r.path("arguments");
    boolean percent = "percent".equalsIgnoreCase(unit);
    boolean zero = operator.equals("mustBe") && value.isNumber() && value.decimalValue().signum() == 0;
    if (column == null && !metric.equals("rowCount") && !metric.equals("duplicateValues")) {
      warn(path, "not imported: metric " + metric + " needs a column; put the rule on the property it checks");
      return;
    }
    switch (metric) {
      case "nullValues", "missingValues" -> {
        Map<String, Object> params = new LinkedHashMap<>();
        if (percent && operator.equals("mustBeLessOrEqualTo") && value.isNumber()) {
          BigDecimal max = value.decimalValue();
          if (max.signum() > 0) {
            params.put("min-fraction", OdcsExport.number(BigDecimal.ONE.subtract(max.movePointLeft(2))));
          }
        } else if (!zero) {
          warn(path, "not imported: Meshwork's complete check needs mustBe: 0, or unit: percent with mustBeLessOrEqualTo");
          return;
        }
        if (metric.equals("missingValues") && arguments.has("missingValues")) {
          boolean onlyNull = true;
          for (JsonNode v : arguments.get("missingValues")) {
            onlyNull &= v.isNull();
          }
          if (!onlyNull) {
            warn(path + ".arguments.missingValues", "imported as complete: Meshwork counts only nulls as missing");
          }
        }
        otherArguments(arguments, path, metric.equals("missingValues") ? Set.of("missingValues") : Set.of());
        into.add(new Rule(Check.COMPLETE, List.of(column), params, level, ruleName));
      }
      case "duplicateValues" -> {
        List<String> cols = new ArrayList<>();
        if (column != null) {
          cols.add(column);
        } else if (arguments.path("properties").isArray()) {
          arguments.get("properties").forEach(n -> cols.add(n.asText()));
        }
        if (cols.isEmpty()) {
          warn(path, "not imported: duplicateValues on a schema object needs arguments.properties (the key columns)");
        } else if (!zero) {
          warn(path, "not imported: Meshwork's unique check needs mustBe: 0");
        } else {
          otherArguments(arguments, path, Set.of("properties"));
          into.add(new Rule(Check.UNIQUE, cols, Map.of(), level, ruleName));
        }
      }
      case "invalidValues" -> {
        if (!zero) {
          warn(path, "not imported: Meshwork's allowed-values and pattern checks need mustBe: 0");
          return;
        }
        boolean any = false;
        if (arguments.has("validValues")) {
          into.add(new Rule(Check.ALLOWED_VALUES, List.of(column), Map.of("values", plain(arguments.get("validValues"))), level, ruleName));
          any = true;
        }
        if (arguments.has("pattern")) {
          into.add(new Rule(Check.PATTERN, List.of(column), Map.of("regex", arguments.get("pattern").asText()), level, ruleName));
          any = true;
        }
        if (!any) {
          warn(path, "not imported: invalidValues needs arguments.validValues or arguments.pattern");
        }
        otherArguments(arguments, path, Set.of("validValues", "pattern"));
      }
      default -> rowCount(r, path, operator, value, percent, level, ruleName, into);
    }
  }

  private void rowCount(ObjectNode r, String path, String operator, JsonNode value, boolean percent, String level, String ruleName,
      List<Rule> into) {
    if (percent) {
      warn(path, "not imported: a row count in percent has no Meshwork check");
      return;
    }
    Map<String, Object> params = new LinkedHashMap<>();
    switch (operator) {
      case "mustBe" -> {
        if (!value.isNumber()) {
          warn(path + ".mustBe", "not imported: a row count is a number");
          return;
        }
        params.put("min", plain(value));
        params.put("max", plain(value));
      }
      case "mustBeGreaterOrEqualTo" -> params.put("min", plain(value));
      case "mustBeGreaterThan" -> params.put("min", OdcsExport.number(value.decimalValue().setScale(0, RoundingMode.FLOOR).add(BigDecimal.ONE)));
      case "mustBeLessOrEqualTo" -> params.put("max", plain(value));
      case "mustBeLessThan" -> params.put("max", OdcsExport.number(value.decimalValue().setScale(0, RoundingMode.CEILING).subtract(BigDecimal.ONE)));
      case "mustBeBetween" -> {
        params.put("min", plain(value.get(0)));
        params.put("max", plain(value.get(1)));
      }
      default -> {
        warn(path + "." + operator, "not imported: Meshwork's row-count check takes a minimum and/or a maximum");
        return;
      }
    }
    otherArguments(r.path("arguments"), path, Set.of());
    into.add(new Rule(Check.ROW_COUNT, List.of(), params, level, ruleName));
  }

  private void otherArguments(JsonNode arguments, String path, Set<String> used) {
    for (Iterator<String> it = arguments.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!used.contains(key)) {
        warn(path + ".arguments." + key, "not imported: the Meshwork check has no such argument");
      }
    }
  }

  // ---------------------------------------------------------------- team, SLA, custom properties

  private void team(ObjectNode root) {
    JsonNode t = root.get("team");
    if (t == null) {
      return;
    }
    JsonNode members;
    String membersPath;
    if (t.isObject()) {
      knownKeys((ObjectNode) t, "team", TEAM_KEYS);
      team = string((ObjectNode) t, "team", "name");
      string((ObjectNode) t, "team", "description");
      for (String key : List.of("id", "description", "tags", "customProperties", "authoritativeDefinitions")) {
        if (t.has(key)) {
          warn("team." + key, "not imported: a Meshwork owner is a team name and an email");
        }
      }
      members = t.get("members");
      membersPath = "team.members";
      if (members != null && !members.isArray()) {
        error(membersPath, "must be a list but was " + typeName(members));
        return;
      }
    } else if (t.isArray()) {
      members = t;
      membersPath = "team";
    } else {
      error("team", "must be an object (or, before v3.1.0, a list of members) but was " + typeName(t));
      return;
    }
    if (members == null) {
      return;
    }
    int owner = -1;
    for (int i = 0; i < members.size(); i++) {
      String p = membersPath + "[" + i + "]";
      JsonNode m = members.get(i);
      if (!m.isObject()) {
        error(p, "must be an object but was " + typeName(m));
        continue;
      }
      knownKeys((ObjectNode) m, p, MEMBER_KEYS);
      string((ObjectNode) m, p, "username");
      String role = string((ObjectNode) m, p, "role");
      if (!present((ObjectNode) m, "username")) {
        error(p + ".username", "required field is missing");
      }
      if (owner < 0 || ("owner".equalsIgnoreCase(role) && !"owner".equalsIgnoreCase(members.get(owner).path("role").asText()))) {
        owner = i;
      }
    }
    for (int i = 0; i < members.size(); i++) {
      String username = members.get(i).path("username").asText(null);
      if (i == owner && email == null && username != null && username.contains("@")) {
        email = username;
        emailPath = membersPath + "[" + i + "]";
      } else {
        warn(membersPath + "[" + i + "]", "not imported: a Meshwork owner has one contact (owner.email"
            + (emailPath == null ? ", from a support channel's mailto: URL" : ", from " + emailPath) + ")");
      }
    }
  }

  /** The formats a server's files may have to become a source Spark reads. */
  private static final List<String> FILE_FORMATS = List.of("parquet", "csv", "delta", "json", "orc");

  /**
   * The first {@code servers} entry Spark can read (type {@code local}, with a {@code path} and a
   * file format) becomes the product's source, read by an SQL that casts each column to its type. A document that says how the
   * product is built ({@code meshworkSql}/{@code meshworkJob}) keeps its own inputs.
   */
  private void servers(ObjectNode root) {
    JsonNode list = root.get("servers");
    if (list == null) {
      return;
    }
    if (!list.isArray()) {
      error("servers", "must be a list but was " + typeName(list));
      return;
    }
    boolean built = sql != null || job != null;
    String chosen = null;
    for (int i = 0; i < list.size(); i++) {
      String p = "servers[" + i + "]";
      JsonNode n = list.get(i);
      if (!n.isObject()) {
        error(p, "must be an object but was " + typeName(n));
        continue;
      }
      if (built) {
        warn(p, "not imported: the product is built by its " + (sql != null ? Odcs.SQL : Odcs.JOB) + " and kept in Meshwork's warehouse");
        continue;
      }
      if (chosen != null) {
        warn(p, "not imported: the product reads one source, " + chosen);
        continue;
      }
      String type = n.path("type").asText("");
      String format = n.path("format").asText("").toLowerCase(Locale.ROOT);
      String location = n.path("path").asText(null);
      if (!type.equals("local")) {
        warn(p, "not imported: a Meshwork source is a file (or directory) Spark reads, a server of type local with a path and a format"
            + (type.isEmpty() ? "; this server has no type" : "; not a server of type " + type));
        continue;
      }
      if (location == null) {
        warn(p, "not imported: a local server needs its path to be read");
        continue;
      }
      if (!FILE_FORMATS.contains(format)) {
        warn(p + ".format", "not imported: " + (format.isEmpty() ? "no format" : "format '" + format + "'") + "; Spark reads "
            + String.join(", ", FILE_FORMATS));
        continue;
      }
      String sourceName = sourceName(n.path("server").asText(""));
      Map<String, Object> source = new LinkedHashMap<>();
      source.put("path", location);
      source.put("format", format);
      sources = Map.of(sourceName, source);
      sql = readSql(sourceName);
      chosen = p + " (" + sourceName + ")";
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!List.of("server", "type", "path", "format").contains(key)) {
          warn(p + "." + key, "not imported: a Meshwork source has a path, a format and Spark reader options");
        }
      }
    }
  }

  /** A server name as a view name the SQL can use. */
  private static String sourceName(String server) {
    String made = server.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("^_+|_+$", "");
    if (made.isEmpty()) {
      return "source";
    }
    return Character.isLetter(made.charAt(0)) ? made : "source_" + made;
  }

  /** {@code SELECT CAST(a AS type) AS a, ... FROM source}: every column, at its contract type. */
  private String readSql(String source) {
    StringBuilder b = new StringBuilder("SELECT\n");
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      String name = c.name().matches("[A-Za-z_][A-Za-z0-9_]*") ? c.name() : "`" + c.name().replace("`", "``") + "`";
      b.append("  ").append(c.type().contains("<") ? name : "CAST(" + name + " AS " + c.type() + ") AS " + name);
      b.append(i + 1 < columns.size() ? ",\n" : "\n");
    }
    return b.append("FROM ").append(source).append('\n').toString();
  }

  /** The first {@code support} channel with a {@code mailto:} URL gives the owner's e-mail. */
  private void support(ObjectNode root) {
    JsonNode list = root.get("support");
    if (list == null) {
      return;
    }
    if (!list.isArray()) {
      error("support", "must be a list but was " + typeName(list));
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      String p = "support[" + i + "]";
      JsonNode n = list.get(i);
      if (!n.isObject()) {
        error(p, "must be an object but was " + typeName(n));
        continue;
      }
      knownKeys((ObjectNode) n, p, SUPPORT_KEYS);
      string((ObjectNode) n, p, "channel");
      if (!present((ObjectNode) n, "channel")) {
        error(p + ".channel", "required field is missing");
      }
      String url = string((ObjectNode) n, p, "url");
      if (email == null && url != null && url.regionMatches(true, 0, Odcs.MAILTO, 0, Odcs.MAILTO.length())) {
        String address = url.substring(Odcs.MAILTO.length());
        int query = address.indexOf('?');
        email = query < 0 ? address : address.substring(0, query);
        emailPath = p + ".url";
      } else {
        warn(p, "not imported: a Meshwork owner has one contact, owner.email" + (emailPath == null ? "" : " (from " + emailPath + ")"));
      }
    }
  }

  private void sla(ObjectNode root) {
    JsonNode list = root.get("slaProperties");
    if (list == null) {
      return;
    }
    if (!list.isArray()) {
      error("slaProperties", "must be a list but was " + typeName(list));
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      String p = "slaProperties[" + i + "]";
      JsonNode n = list.get(i);
      if (!n.isObject()) {
        error(p, "must be an object but was " + typeName(n));
        continue;
      }
      ObjectNode o = (ObjectNode) n;
      knownKeys(o, p, SLA_KEYS);
      for (String key : List.of("property", "value")) {
        if (!o.has(key)) {
          error(p + "." + key, "required field is missing");
        }
      }
      String property = string(o, p, "property");
      String unit = string(o, p, "unit");
      JsonNode value = o.get("value");
      if (value != null && (value.isObject() || value.isArray())) {
        error(p + ".value", "must be a string, number, boolean or null but was " + typeName(value));
        continue;
      }
      if (property == null || value == null) {
        continue;
      }
      boolean isRetention = property.equalsIgnoreCase(Odcs.RETENTION_PROPERTY);
      if (!isRetention && !property.equalsIgnoreCase(Odcs.FRESHNESS_PROPERTY) && !property.equalsIgnoreCase("freshness")) {
        warn(p, "not imported: Meshwork's SLAs are freshness (property " + Odcs.FRESHNESS_PROPERTY + ") and retention (property "
            + Odcs.RETENTION_PROPERTY + "), not " + property);
        continue;
      }
      String what = isRetention ? "retention" : "freshness";
      if (isRetention ? retention != null : freshness != null) {
        warn(p, "not imported: the " + what + " SLA is already given by an earlier entry");
        continue;
      }
      String suffix = unit == null ? null : durationUnit(unit);
      if (isRetention && suffix == null && unit != null) {
        suffix = switch (unit.toLowerCase(Locale.ROOT)) { // ODCS writes retention in years and months too
          case "y", "yr", "year", "years" -> "y";
          case "mo", "month", "months" -> "mo";
          default -> null;
        };
      }
      if (!value.canConvertToExactIntegral() || !value.isNumber() || value.asLong() <= 0 || suffix == null) {
        warn(p, "not imported: a " + what + " SLA is a positive whole number with a unit (" + (isRetention ? "y, mo, " : "")
            + "d, h, min, s, ms) but was " + value.asText() + (unit == null ? " without unit" : " " + unit));
        continue;
      }
      long amount = value.asLong();
      if (suffix.equals("w")) {
        amount *= 7;
        suffix = "d";
      } else if (suffix.equals("y")) {
        amount *= 365;
        suffix = "d";
      } else if (suffix.equals("mo")) {
        amount *= 30;
        suffix = "d";
      }
      if (isRetention) {
        retention = amount + suffix;
      } else {
        freshness = amount + suffix;
      }
      for (String key : List.of("valueExt", "element", "driver", "scheduler", "schedule")) {
        if (o.has(key)) {
          warn(p + "." + key, "not imported: Meshwork's " + what + " SLA has no " + key);
        }
      }
    }
  }

  private static String durationUnit(String unit) {
    return switch (unit.toLowerCase(Locale.ROOT)) {
      case "d", "day", "days" -> "d";
      case "h", "hr", "hour", "hours" -> "h";
      case "min", "m", "minute", "minutes" -> "m";
      case "s", "sec", "second", "seconds" -> "s";
      case "ms", "millisecond", "milliseconds" -> "ms";
      case "w", "week", "weeks" -> "w";
      default -> null;
    };
  }

  /** {@code roles} with access read / read-pii become the contract's access block. */
  private void roles(ObjectNode root) {
    JsonNode list = root.get("roles");
    if (list == null) {
      return;
    }
    if (!list.isArray()) {
      error("roles", "must be a list but was " + typeName(list));
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      String p = "roles[" + i + "]";
      JsonNode n = list.get(i);
      String role = n.path("role").asText(null);
      if (!n.isObject() || role == null) {
        error(p, "must be an object with a 'role'");
        continue;
      }
      String access = n.path("access").asText(Odcs.READ);
      if (!AccessPolicy.ROLE.matcher(role).matches()) {
        warn(p + ".role", "not imported: '" + role + "' is not a Meshwork role name (lower-case letters, digits, - or _)");
      } else if (access.equals(Odcs.READ) || access.equals(Odcs.READ_PII)) {
        readers.add(role);
        if (access.equals(Odcs.READ_PII)) {
          piiReaders.add(role);
        }
      } else {
        warn(p + ".access", "not imported: access '" + access + "' is not " + Odcs.READ + " or " + Odcs.READ_PII);
      }
      for (String key : List.of("id", "firstLevelApprovers", "secondLevelApprovers", "customProperties")) {
        if (n.has(key)) {
          warn(p + "." + key, "not imported: a Meshwork access block names roles only");
        }
      }
    }
  }

  private void customProperties(ObjectNode root) {
    JsonNode list = root.get("customProperties");
    if (list == null) {
      return;
    }
    if (!list.isArray()) {
      error("customProperties", "must be a list but was " + typeName(list));
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      String p = "customProperties[" + i + "]";
      JsonNode n = list.get(i);
      if (!n.isObject()) {
        error(p, "must be an object but was " + typeName(n));
        continue;
      }
      ObjectNode o = (ObjectNode) n;
      knownKeys(o, p, CUSTOM_KEYS);
      String property = string(o, p, "property");
      for (String key : List.of("property", "value")) {
        if (!o.has(key)) {
          error(p + "." + key, "required field is missing");
        }
      }
      JsonNode value = o.get("value");
      if (property == null || value == null) {
        continue;
      }
      switch (property) {
        case Odcs.SQL -> sql = textValue(value, p);
        case Odcs.JOB -> job = textValue(value, p);
        case Odcs.WRITE_MODE -> writeMode = textValue(value, p);
        case Odcs.MASKING -> masking = textValue(value, p);
        case Odcs.SOURCES -> sources = plain(value);
        case Odcs.INPUT_PRODUCTS -> inputProducts = plain(value);
        case Odcs.DEPRECATION -> deprecation = plain(value);
        case Odcs.BUILD_PENDING -> pendingBuild = textValue(value, p);
        default -> {
          String extension = Odcs.EXTENSIONS.entrySet().stream().filter(e -> e.getValue().equals(property)).map(Map.Entry::getKey)
              .findFirst().orElse(null);
          if (extension != null) {
            extensions.put(extension, plain(value));
          } else {
            warn(p, "not imported: custom property '" + property + "' has no Meshwork counterpart (known: "
                + String.join(", ", Odcs.CUSTOM_PROPERTIES) + ")");
          }
        }
      }
    }
  }

  /**
   * The ODCS primary key becomes a {@code unique} check on the key columns and a {@code complete}
   * check on each, unless declared already. Meshwork's own exports (they carry {@code
   * meshworkSql} or {@code meshworkJob}) list every constraint, so nothing is added to them.
   */
  private void keyRules() {
    if (primaryKey.isEmpty() || sql != null || job != null) {
      return;
    }
    List<String> key = ordered(primaryKey);
    addRule(new Rule(Check.UNIQUE, key, Map.of(), "error", null));
    for (String column : key) {
      addRule(new Rule(Check.COMPLETE, List.of(column), Map.of(), "error", null));
    }
  }

  private String textValue(JsonNode value, String path) {
    if (!value.isTextual()) {
      error(path + ".value", "must be a string but was " + typeName(value));
      return null;
    }
    return value.asText();
  }

  // ---------------------------------------------------------------- the contract text

  private String render() {
    if (sql == null && job == null) {
      List<String> names = columns.stream().map(Column::name).toList();
      sql = "SELECT " + String.join(", ", names) + " FROM source";
      pendingBuild = "no servers entry Spark can read (type local, with a path and a format: " + String.join(", ", FILE_FORMATS) + ") and no "
          + Odcs.SQL + " or " + Odcs.JOB + "; declare the inputs and the sql (or job) that build the product, then remove build-pending";
      warn("servers", Contracts.NO_BUILD + ": " + pendingBuild);
    }
    StringBuilder b = new StringBuilder();
    b.append("# Imported from ").append(fileName).append(" (ODCS ").append(apiVersion).append(") by mesh contract import.\n");
    if (!warnings.isEmpty()) {
      b.append("# Not imported (").append(warnings.size()).append("):\n");
      for (Warning w : warnings) {
        b.append("#   ").append(w.toString().replace('\n', ' ')).append('\n');
      }
    }
    b.append("product {\n");
    line(b, "domain", Hocon.value(domain));
    line(b, "name", Hocon.value(name));
    line(b, "version", Hocon.value(version));
    if (description != null) {
      line(b, "description", Hocon.value(description));
    }
    if (team != null || email != null) {
      Map<String, Object> owner = new LinkedHashMap<>();
      if (team != null) {
        owner.put("team", team);
      }
      if (email != null) {
        owner.put("email", email);
      }
      line(b, "owner", Hocon.value(owner));
    }
    if (!tags.isEmpty()) {
      line(b, "tags", Hocon.value(tags));
    }
    if (!readers.isEmpty()) {
      Map<String, Object> access = new LinkedHashMap<>();
      access.put("readers", readers);
      access.put("pii-readers", piiReaders);
      access.put("masking", masking == null ? "hash" : masking);
      line(b, "access", Hocon.value(access));
    }
    if (sources != null || inputProducts != null) {
      b.append("  inputs {\n");
      if (sources != null) {
        b.append("    sources = ").append(Hocon.value(sources)).append('\n');
      }
      if (inputProducts != null) {
        b.append("    products = ").append(Hocon.value(inputProducts)).append('\n');
      }
      b.append("  }\n");
    }
    if (pendingBuild != null) {
      b.append("  # ").append(Contracts.NO_BUILD).append(": mesh run and mesh policy check refuse it until build-pending is removed.\n");
      line(b, Contracts.BUILD_PENDING, Hocon.value(pendingBuild));
    }
    for (Map.Entry<String, Object> e : extensions.entrySet()) {
      line(b, e.getKey(), Hocon.value(e.getValue()));
    }
    if (sql != null) {
      line(b, "sql", Hocon.text(sql));
    }
    if (job != null) {
      line(b, "job", Hocon.value(job));
    }
    b.append("  schema {\n    columns = [\n");
    for (Column c : columns) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", c.name());
      m.put("type", c.type());
      m.put("nullable", c.nullable());
      if (c.description() != null) {
        m.put("description", c.description());
      }
      if (c.classification() != null) {
        m.put("classification", c.classification());
      }
      if (!c.tags().isEmpty()) {
        m.put("tags", c.tags());
      }
      b.append("      ").append(Hocon.value(m)).append('\n');
    }
    b.append("    ]\n");
    if (!primaryKey.isEmpty()) {
      b.append("    primary-key = ").append(Hocon.value(ordered(primaryKey))).append('\n');
    }
    b.append("  }\n");
    List<Rule> all = new ArrayList<>(rules);
    all.addAll(objectRules);
    if (!all.isEmpty()) {
      b.append("  quality.constraints = [\n");
      for (Rule r : all) {
        b.append("    ").append(Hocon.value(constraint(r))).append('\n');
      }
      b.append("  ]\n");
    }
    if (freshness != null) {
      line(b, "sla.freshness", Hocon.value(freshness));
    }
    if (retention != null) {
      line(b, "retention.versions", Hocon.value(retention));
    }
    if (deprecation != null) {
      line(b, "deprecation", Hocon.value(deprecation));
    }
    if (writeMode != null || !partitionBy.isEmpty()) {
      Map<String, Object> write = new LinkedHashMap<>();
      if (writeMode != null) {
        write.put("mode", writeMode);
      }
      if (!partitionBy.isEmpty()) {
        write.put("partition-by", ordered(partitionBy));
      }
      line(b, "write", Hocon.value(write));
    }
    return b.append("}\n").toString();
  }

  private static Map<String, Object> constraint(Rule r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("check", r.check().keyword());
    if (r.check().columns() == Check.Columns.AT_LEAST_ONE || r.columns().size() > 1) {
      m.put("columns", r.columns());
    } else if (r.columns().size() == 1) {
      m.put("column", r.columns().get(0));
    }
    m.putAll(r.params());
    if (r.name() != null) {
      m.put("name", r.name());
    }
    if (!r.level().equals("error")) {
      m.put("level", r.level());
    }
    return m;
  }

  private static List<String> ordered(List<Key> keys) {
    return keys.stream().sorted(Comparator.comparingInt(Key::position).thenComparingInt(Key::index)).map(Key::column).toList();
  }

  private static void line(StringBuilder b, String key, String value) {
    b.append("  ").append(key).append(" = ").append(value).append('\n');
  }

  // ---------------------------------------------------------------- structural checks

  private void error(String path, String message) {
    errors.add(fileName + ": " + path + ": " + message);
  }

  private void warn(String path, String reason) {
    warnings.add(new Warning(path, reason));
  }

  private void knownKeys(ObjectNode o, String path, List<String> allowed) {
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        error(join(path, key), "unknown field: ODCS " + Odcs.API_VERSION + " does not allow it here");
      }
    }
  }

  /** ODCS's description object is open: no key is an error. */
  private void knownKeysOpen(ObjectNode o) {
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!DESCRIPTION_KEYS.contains(key)) {
        warn("description." + key, "not imported: a Meshwork contract has one description (description.purpose)");
      }
    }
  }

  /** Removes the unknown-field error a conditionally allowed key ({@code items} of an array) caused. */
  private void allow(ObjectNode o, String path, String key) {
    if (o.has(key)) {
      errors.remove(fileName + ": " + join(path, key) + ": unknown field: ODCS " + Odcs.API_VERSION + " does not allow it here");
    }
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static boolean present(ObjectNode o, String key) {
    return o.has(key) && !o.get(key).isNull();
  }

  private String string(ObjectNode o, String path, String key) {
    JsonNode v = o.get(key);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      error(join(path, key), "must be a string but was " + typeName(v));
      return null;
    }
    return v.asText();
  }

  private String oneOf(ObjectNode o, String path, String key, List<String> allowed) {
    String s = string(o, path, key);
    if (s != null && !allowed.contains(s)) {
      error(join(path, key), "'" + s + "' is not one of " + String.join(", ", allowed));
      return null;
    }
    return s;
  }

  private Boolean bool(ObjectNode o, String path, String key) {
    JsonNode v = o.get(key);
    if (v == null) {
      return null;
    }
    if (!v.isBoolean()) {
      error(join(path, key), "must be a boolean but was " + typeName(v));
      return null;
    }
    return v.asBoolean();
  }

  private Integer integer(ObjectNode o, String path, String key) {
    JsonNode v = o.get(key);
    if (v == null) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      error(join(path, key), "must be an integer but was " + typeName(v));
      return null;
    }
    return v.asInt();
  }

  private ObjectNode object(ObjectNode o, String path, String key) {
    JsonNode v = o.get(key);
    if (v == null) {
      return null;
    }
    if (!v.isObject()) {
      error(join(path, key), "must be an object but was " + typeName(v));
      return null;
    }
    return (ObjectNode) v;
  }

  private List<String> strings(ObjectNode o, String path, String key) {
    JsonNode v = o.get(key);
    if (v == null) {
      return null;
    }
    if (!v.isArray()) {
      error(join(path, key), "must be a list of strings but was " + typeName(v));
      return null;
    }
    List<String> result = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) {
        error(join(path, key) + "[" + i + "]", "must be a string but was " + typeName(v.get(i)));
      } else {
        result.add(v.get(i).asText());
      }
    }
    return result;
  }

  /** A product name part: kept when it is an identifier, else made one (with a warning) or rejected. */
  private String identifier(String raw, String path) {
    if (ProductId.isIdentifier(raw)) {
      return raw;
    }
    String made = raw.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("^_+|_+$", "");
    if (ProductId.isIdentifier(made)) {
      warn(path, "'" + raw + "' is not a plain lower-case identifier; imported as '" + made + "'");
      return made;
    }
    error(path, "'" + raw + "' cannot name a Meshwork product: expected a plain lower-case identifier ([a-z][a-z0-9_]*); give one with "
        + (path.equals("domain") ? "--domain" : "--name"));
    return null;
  }

  private static String typeName(JsonNode v) {
    if (v.isTextual()) {
      return "a string ('" + v.asText() + "')";
    }
    if (v.isNumber()) {
      return "a number (" + v.asText() + ")";
    }
    if (v.isBoolean()) {
      return "a boolean (" + v.asText() + ")";
    }
    if (v.isArray()) {
      return "a list";
    }
    if (v.isObject()) {
      return "an object";
    }
    return "null";
  }

  /** A YAML value as plain Java: strings, numbers, booleans, null, lists and ordered maps. */
  private static Object plain(JsonNode v) {
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isNumber()) {
      return v.numberValue();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isArray()) {
      List<Object> list = new ArrayList<>();
      v.forEach(n -> list.add(plain(n)));
      return list;
    }
    if (v.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      v.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue())));
      return map;
    }
    return null;
  }

  @SafeVarargs
  private static <T> List<T> concat(List<T>... lists) {
    List<T> all = new ArrayList<>();
    for (List<T> l : lists) {
      all.addAll(l);
    }
    return List.copyOf(all);
  }
}
