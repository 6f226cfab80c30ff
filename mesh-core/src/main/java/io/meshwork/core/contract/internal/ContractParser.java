package io.meshwork.core.contract.internal;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.meshwork.core.contract.Contracts;
import io.meshwork.core.model.AccessPolicy;
import io.meshwork.core.model.Check;
import io.meshwork.core.model.ColumnSpec;
import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Deprecation;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.Owner;
import io.meshwork.core.model.Problem;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.ProductRef;
import io.meshwork.core.model.SemVer;
import io.meshwork.core.model.SourceLocation;
import io.meshwork.core.model.SourceSpec;
import io.meshwork.core.model.WriteSpec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns the text of one contract into a {@link DataProduct}, collecting every problem before
 * throwing one {@link ContractException}. Single use: one instance per contract.
 *
 * <p>The tree is walked with {@link ConfigObject} maps rather than path expressions, so that keys
 * holding dots or odd characters never change which value is read.
 */
public final class ContractParser {
  private static final Pattern JAVA_CLASS =
      Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");
  private static final String DURATION_EXAMPLES = "(for example 24h, 30m, 7d)";
  private static final Set<String> CONSTRAINT_FIELDS = Set.of("check", "column", "columns", "level", "name");
  /** An integer literal, which HOCON reads as a string when it does not fit in a long. */
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
  /** The row-level checks, as messages list them. */
  private static final String ROW_LEVEL =
      String.join(", ", Arrays.stream(Check.values()).filter(Check::rowLevel).map(Check::keyword).sorted().toList());

  private final String fileName;
  private final List<Finding> problems = new ArrayList<>();
  /**
   * The known keys that the unknown keys of the constraint being read look like ({@code column}
   * for {@code colum}): its "needs 'column'" is then left out, the misspelling being the problem.
   */
  private final Set<String> misspelt = new java.util.HashSet<>();
  /** Set once domain and name are both valid; prefixes every message. */
  private ProductId id;

  private ContractParser(String fileName) {
    this.fileName = fileName;
  }

  /**
   * Parses and validates a contract.
   *
   * @param bytes the file's bytes (UTF-8); the SHA-256 is taken over exactly these
   * @param fileName how messages name the file
   * @param file becomes {@link DataProduct#file()}
   * @param expected when not null, the product the file's path says it holds; a different
   *     {@code domain}/{@code name} is a problem
   * @throws ContractException with every problem found
   */
  public static DataProduct parse(byte[] bytes, String fileName, Path file, ProductId expected) {
    return new ContractParser(fileName).run(bytes, file, expected);
  }

  /** A problem found in this file, at a line, before the product is known to prefix it. */
  private record Finding(int line, String message) {}

  /** One problem, reported where the value (or else its enclosing object) was written. */
  private void problem(ConfigOrigin origin, String message) {
    problems.add(new Finding(line(origin), message));
  }

  private static int line(ConfigOrigin origin) {
    return ConfigErrors.line(origin);
  }

  /**
   * Where a value starts. typesafe-config gives a multi-line {@code """triple-quoted"""} string
   * the line where it ends, so such a string counts back the line breaks it holds.
   */
  private SourceLocation location(ConfigValue v) {
    int line = line(v.origin());
    if (v.valueType() == ConfigValueType.STRING) {
      line -= (int) ((String) v.unwrapped()).chars().filter(c -> c == '\n').count();
    }
    return new SourceLocation(fileName, Math.max(1, line));
  }

  private DataProduct run(byte[] bytes, Path file, ProductId expected) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    ConfigObject root;
    try {
      ConfigParseOptions options =
          ConfigParseOptions.defaults()
              .setSyntax(ConfigSyntax.CONF)
              .setOriginDescription(fileName)
              .setAllowMissing(false);
      root = ConfigFactory.parseString(text, options).resolve().root();
    } catch (ConfigException e) {
      throw new ContractException(ConfigErrors.problem(fileName, e));
    }
    // Other top-level keys are allowed: they hold values for ${substitutions}.
    ConfigValue productValue = root.get("product");
    if (productValue == null) {
      problems.add(new Finding(1, "empty contract: expected a 'product { ... }' block"));
      throw failure(id);
    }
    if (productValue.valueType() != ConfigValueType.OBJECT) {
      problem(productValue.origin(), "'product' must be an object but was " + typeName(productValue));
      throw failure(id);
    }
    DataProduct product;
    try {
      product = product((ConfigObject) productValue, file, sha256(bytes), expected);
    } catch (ConfigException e) { // not expected: every read is type-checked first
      problem(e.origin(), ConfigErrors.reason(e));
      product = null;
    }
    if (product == null) {
      throw failure(id);
    }
    return product;
  }

  private ContractException failure(ProductId id) {
    String prefix = id == null ? "" : id + ": ";
    List<io.meshwork.core.model.Problem> lines =
        problems.stream()
            .sorted(Comparator.comparingInt(Finding::line))
            .map(p -> new io.meshwork.core.model.Problem(fileName, p.line(), id == null ? null : id.toString(), prefix + p.message()))
            .toList();
    return new ContractException(lines);
  }

  // ---------------------------------------------------------------- the product block

  /** The product, or null when any problem was found. */
  private DataProduct product(ConfigObject p, Path file, String sha256, ProductId expected) {
    Scope scope = new Scope(p, "", "product.");
    unknownKeys(p, Contracts.PRODUCT_KEYS, k -> "unknown key 'product." + k + "'");

    String domain = scope.string("domain", true);
    String name = scope.string("name", true);
    boolean domainOk = identifier(p, "domain", domain);
    boolean nameOk = identifier(p, "name", name);
    id = domainOk && nameOk ? new ProductId(domain, name) : null;
    if (expected != null) {
      if (domainOk && !domain.equals(expected.domain())) {
        problem(p.get("domain").origin(), "product domain '" + domain + "' does not match its file " + fileName + " (expected domain = " + expected.domain() + ")");
      }
      if (nameOk && !name.equals(expected.name())) {
        problem(p.get("name").origin(), "product name '" + name + "' does not match its file " + fileName + " (expected name = " + expected.name() + ")");
      }
    }

    String versionText = scope.string("version", true);
    SemVer version = null;
    if (versionText != null) {
      version = SemVer.parse(versionText).orElse(null);
      if (version == null) {
        problem(p.get("version").origin(), "contract version '" + versionText + "' is not a semantic version MAJOR.MINOR.PATCH");
      }
    }
    String description = scope.string("description", false);
    Owner owner = owner(scope);

    Map<String, SourceSpec> sources = new TreeMap<>();
    List<ProductRef> inputs = new ArrayList<>();
    inputs(scope, id, sources, inputs);

    String sql = scope.string("sql", false);
    String job = scope.string("job", false);
    if (sql != null && job != null) {
      problem(p.get("job").origin(), "both 'sql' and 'job' are given: a product is built by exactly one of them");
    } else if (!present(p, "sql") && !present(p, "job")) {
      problem(p.origin(), "neither 'sql' nor 'job' is given: a product is built by a SQL query (sql = \"SELECT ...\") or a DataProductJob class (job = \"com.example.MyJob\")");
    }
    if (sql != null && sql.isBlank()) {
      problem(p.get("sql").origin(), "'product.sql' is empty");
    }
    if (job != null && !JAVA_CLASS.matcher(job).matches()) {
      problem(p.get("job").origin(), "job '" + job + "' is not a fully qualified class name");
    }

    List<ColumnSpec> columns = new ArrayList<>();
    List<String> primaryKey = new ArrayList<>();
    List<String> columnNames = schema(scope, columns, primaryKey);
    List<ConstraintSpec> constraints = constraints(scope, columnNames);
    Duration freshness = freshness(scope);
    Duration retention = retention(scope);
    WriteSpec write = write(scope, columnNames);
    AccessPolicy access = access(scope, columnNames);
    Deprecation deprecation = deprecation(scope);

    List<String> tags = tags(scope);
    Map<String, Object> extensions = new LinkedHashMap<>();
    for (String key : Contracts.EXTENSION_KEYS) {
      if (present(p, key)) {
        extensions.put(key, p.get(key).unwrapped());
      }
    }
    String pendingBuild = scope.string(Contracts.BUILD_PENDING, false);

    if (!problems.isEmpty()) {
      return null;
    }
    return new DataProduct(
        id, version, description, owner, sources, inputs, sql, job, columns, primaryKey, constraints, freshness, write, file, sha256,
        access, locations(p), deprecation, tags, extensions, pendingBuild, retention);
  }

  /** {@code tags = [revenue, orders]}: a list of strings. */
  private List<String> tags(Scope product) {
    ConfigList list = product.list("tags", false);
    List<String> tags = new ArrayList<>();
    if (list == null) {
      return tags;
    }
    for (ConfigValue v : list) {
      String tag = scalar(v);
      if (tag == null) {
        problem(v.origin(), "'product.tags' must be a list of strings but holds " + typeName(v));
      } else {
        tags.add(tag);
      }
    }
    return tags;
  }

  // ---------------------------------------------------------------- deprecation

  private static final List<String> DEPRECATION_KEYS = List.of("sunset", "successor-major", "note");

  /** {@code deprecation { sunset = "2027-03-31", successor-major = 2, note = "..." }}; null when absent or after a problem. */
  private Deprecation deprecation(Scope product) {
    Scope d = product.object("deprecation", false);
    if (d == null) {
      return null;
    }
    unknownKeys(d.obj, DEPRECATION_KEYS, k -> "unknown key 'product.deprecation." + k + "'");
    String sunsetText = d.string("sunset", true);
    LocalDate sunset = null;
    if (sunsetText != null) {
      try {
        sunset = LocalDate.parse(sunsetText);
      } catch (DateTimeParseException e) {
        problem(d.obj.get("sunset").origin(), "'product.deprecation.sunset' must be a date YYYY-MM-DD but was '" + sunsetText + "'");
      }
    }
    Number successor = d.number("successor-major");
    if (successor != null && (successor.doubleValue() != Math.rint(successor.doubleValue()) || successor.intValue() < 1)) {
      problem(d.obj.get("successor-major").origin(), "'product.deprecation.successor-major' must be a whole number of at least 1 but was " + successor);
      return null;
    }
    String note = d.string("note", false);
    return sunset == null ? null : new Deprecation(sunset, successor == null ? null : successor.intValue(), note);
  }

  /**
   * Where {@code product} and each key under it, and one level further, were written
   * ({@code product.owner.email}, {@code product.quality.constraints}), for messages about a
   * valid contract (governance policies).
   */
  private Map<String, SourceLocation> locations(ConfigObject p) {
    Map<String, SourceLocation> locations = new LinkedHashMap<>();
    locations.put("product", location(p));
    for (Map.Entry<String, ConfigValue> e : p.entrySet()) {
      String key = "product." + e.getKey();
      locations.put(key, location(e.getValue()));
      if (e.getValue() instanceof ConfigObject o) {
        for (Map.Entry<String, ConfigValue> inner : o.entrySet()) {
          locations.put(key + "." + inner.getKey(), location(inner.getValue()));
        }
      }
    }
    return locations;
  }

  // ---------------------------------------------------------------- access

  private AccessPolicy access(Scope product, List<String> columnNames) {
    Scope a = product.object("access", false);
    if (a == null) {
      return null;
    }
    unknownKeys(a.obj, Contracts.ACCESS_KEYS, k -> "unknown key 'product.access." + k + "'");
    List<String> readers = roles(a, "readers", true);
    List<String> piiReaders = roles(a, "pii-readers", false);
    AccessPolicy.Masking masking = AccessPolicy.Masking.HASH;
    ConfigValue m = a.obj.get("masking");
    if (m != null) {
      // HOCON reads a bare `masking = null` as a null value; it means the masking called null.
      String text = m.valueType() == ConfigValueType.NULL ? "null" : scalar(m);
      masking = text == null ? null : AccessPolicy.Masking.parse(text).orElse(null);
      if (masking == null) {
        problem(m.origin(), "'product.access.masking' must be hash or null but was " + (text == null ? typeName(m) : "'" + text + "'"));
      }
    }
    String withoutRole = a.string("without-role", false);
    if (withoutRole != null && !withoutRole.equals("masked") && !withoutRole.equals("refused")) {
      problem(a.obj.get("without-role").origin(), "'product.access.without-role' must be masked or refused but was '" + withoutRole + "'");
    }
    Map<String, String> rowFilters = rowFilters(a, readers, columnNames);
    if (readers == null || piiReaders == null || masking == null || rowFilters == null) {
      return null;
    }
    if (!readers.contains(AccessPolicy.ANY_ROLE)) {
      ConfigList list = (ConfigList) a.obj.get("pii-readers");
      for (int i = 0; i < piiReaders.size(); i++) {
        String role = piiReaders.get(i);
        if (!role.equals(AccessPolicy.ANY_ROLE) && !readers.contains(role)) {
          problem(list.get(i).origin(), "access.pii-readers: role '" + role + "' is not in access.readers (" + String.join(", ", readers) + ")");
        }
      }
    }
    return new AccessPolicy(readers, piiReaders, masking, rowFilters, "refused".equals(withoutRole), location(a.obj));
  }

  /**
   * {@code roles { analyst { row-filter = "country = 'DE'" } }}: per reader, a SQL predicate over
   * the product's columns, checked here (it parses as Spark SQL, names only the schema's columns,
   * holds no subquery); null after a problem.
   */
  private Map<String, String> rowFilters(Scope access, List<String> readers, List<String> columnNames) {
    Scope roles = access.object("roles", false);
    Map<String, String> filters = new LinkedHashMap<>();
    if (roles == null) {
      return filters;
    }
    boolean ok = true;
    for (Map.Entry<String, ConfigValue> e : roles.obj.entrySet()) {
      String role = e.getKey();
      String key = "product.access.roles." + role;
      if (!AccessPolicy.ROLE.matcher(role).matches()) {
        problem(e.getValue().origin(), "'" + key + "': '" + role + "' is not a role name");
        ok = false;
        continue;
      }
      if (readers != null && !readers.contains(AccessPolicy.ANY_ROLE) && !readers.contains(role)) {
        problem(e.getValue().origin(), "'" + key + "': role '" + role + "' is not in access.readers (" + String.join(", ", readers) + ")");
        ok = false;
      }
      if (!(e.getValue() instanceof ConfigObject o)) {
        problem(e.getValue().origin(), "'" + key + "' must be an object: { row-filter = \"<SQL predicate>\" }");
        ok = false;
        continue;
      }
      unknownKeys(o, List.of("row-filter"), k -> "unknown key '" + key + "." + k + "'");
      Scope r = new Scope(o, "", key + ".");
      String filter = r.string("row-filter", true);
      if (filter == null) {
        ok = false;
        continue;
      }
      String wrong = RowFilterCheck.problem(filter, columnNames);
      if (wrong != null) {
        problem(o.get("row-filter").origin(), "'" + key + ".row-filter' " + wrong);
        ok = false;
        continue;
      }
      filters.put(role, filter.strip());
    }
    return ok ? filters : null;
  }

  /** A list of role names; an absent optional list is empty; null after a problem. */
  private List<String> roles(Scope access, String key, boolean required) {
    ConfigList list = access.list(key, required);
    if (list == null) {
      return access.obj.containsKey(key) || required ? null : List.of();
    }
    List<String> roles = new ArrayList<>();
    boolean ok = true;
    for (ConfigValue v : list) {
      String role = scalar(v);
      if (role == null || !(role.equals(AccessPolicy.ANY_ROLE) || AccessPolicy.ROLE.matcher(role).matches())) {
        problem(v.origin(), "'product.access." + key + "' holds " + (role == null ? typeName(v) : "'" + role + "'")
            + ", which is not a role name (a lower-case letter, then lower-case letters, digits, '-' or '_'; or \"*\" for every role)");
        ok = false;
      } else {
        roles.add(role);
      }
    }
    return ok ? roles : null;
  }

  private boolean identifier(ConfigObject p, String key, String value) {
    if (value == null) {
      return false;
    }
    if (!ProductId.isIdentifier(value)) {
      problem(p.get(key).origin(), "product " + key + " '" + value + "' must be a plain lower-case identifier ([a-z][a-z0-9_]*)");
      return false;
    }
    return true;
  }

  private Owner owner(Scope product) {
    Scope owner = product.object("owner", false);
    if (owner == null) {
      return Owner.UNKNOWN;
    }
    return new Owner(owner.string("team", false), owner.string("email", false));
  }

  private void inputs(Scope product, ProductId self, Map<String, SourceSpec> sources, List<ProductRef> inputs) {
    Scope in = product.object("inputs", false);
    if (in == null) {
      return;
    }
    unknownKeys(in.obj, Contracts.INPUT_KEYS, k -> "unknown key 'product.inputs." + k + "'");
    Scope sourcesScope = in.object("sources", false);
    if (sourcesScope != null) {
      for (Map.Entry<String, ConfigValue> e : sourcesScope.obj.entrySet()) {
        SourceSpec source = source(e.getKey(), e.getValue());
        if (source != null) {
          sources.put(source.name(), source);
        }
      }
    }
    ConfigList products = in.list("products", false);
    if (products == null) {
      return;
    }
    for (ConfigValue v : products) {
      String text = scalar(v);
      if (text == null) {
        problem(v.origin(), "'product.inputs.products' must be a list of product references but holds " + typeName(v));
        continue;
      }
      try {
        ProductRef ref = ProductRef.parse(text);
        if (ref.id().equals(self)) {
          problem(v.origin(), "product " + self + " cannot read itself in inputs.products");
        } else {
          inputs.add(ref);
        }
      } catch (MeshException e) {
        problem(v.origin(), "'" + text + "' is not a product reference: expected <domain>.<name>, <domain>.<name>@v<major>, <domain>.<name>@<data version> or <domain>.<name>@v<major>@<data version>");
      }
    }
  }

  private SourceSpec source(String name, ConfigValue value) {
    if (value.valueType() != ConfigValueType.OBJECT) {
      problem(value.origin(), "source '" + name + "' must be an object { path = ..., format = ... } but was " + typeName(value));
      return null;
    }
    ConfigObject o = (ConfigObject) value;
    Scope s = new Scope(o, "source '" + name + "': ", "");
    unknownKeys(o, Contracts.SOURCE_KEYS, k -> "source '" + name + "': unknown key '" + k + "'");
    String path = s.string("path", true);
    String format = s.string("format", true);
    Map<String, String> options = new LinkedHashMap<>();
    Scope opts = s.object("options", false);
    if (opts != null) {
      for (String key : opts.obj.keySet()) {
        String v = opts.string(key, false);
        if (v != null) {
          options.put(key, v);
        }
      }
    }
    if (format != null && format.equalsIgnoreCase("csv")) {
      csvDefault(options, "header");
      csvDefault(options, "inferSchema");
    }
    return path == null || format == null ? null : new SourceSpec(name, path, format, options, location(o));
  }

  /** Spark reader options are case-insensitive, so a user's {@code inferschema} counts as given. */
  private static void csvDefault(Map<String, String> options, String key) {
    if (options.keySet().stream().noneMatch(k -> k.equalsIgnoreCase(key))) {
      options.put(key, "true");
    }
  }

  // ---------------------------------------------------------------- schema

  /**
   * Reads the valid columns and the key. Returns the names of every declared column (valid or
   * not), against which other parts are checked, or null when there is no column list at all.
   */
  private List<String> schema(Scope product, List<ColumnSpec> columns, List<String> primaryKey) {
    Scope schema = product.object("schema", true);
    if (schema == null) {
      return null;
    }
    List<String> names = columns(schema.obj, columns);
    ConfigList key = schema.list("primary-key", false);
    if (key != null) {
      for (ConfigValue v : key) {
        String column = scalar(v);
        if (column == null) {
          problem(v.origin(), "'product.schema.primary-key' must be a list of column names but holds " + typeName(v));
        } else if (names != null && !names.contains(column)) {
          problem(v.origin(), "primary-key column '" + column + "' is not in the schema" + columnList(names));
        } else {
          primaryKey.add(column);
        }
      }
    }
    return names;
  }

  /** Adds the valid columns; returns every declared column name, or null without a column list. */
  private List<String> columns(ConfigObject schema, List<ColumnSpec> columns) {
    ConfigValue list = schema.get("columns");
    if (list == null || list.valueType() == ConfigValueType.NULL) {
      problem(schema.origin(), "missing required key 'product.schema.columns'");
      return null;
    }
    if (list.valueType() != ConfigValueType.LIST) {
      problem(list.origin(), "'product.schema.columns' must be a list of column objects but was " + typeName(list));
      return null;
    }
    ConfigList values = (ConfigList) list;
    if (values.isEmpty()) {
      problem(list.origin(), "'product.schema.columns' is empty: a product needs at least one column");
    }
    Map<String, Integer> seen = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      ConfigValue v = values.get(i);
      if (v.valueType() != ConfigValueType.OBJECT) {
        problem(v.origin(), "'product.schema.columns' must be a list of column objects but element " + (i + 1) + " is " + typeName(v));
        continue;
      }
      ConfigObject o = (ConfigObject) v;
      ColumnSpec column = column(o, i + 1);
      String name = o.get("name") == null ? null : scalar(o.get("name"));
      if (name == null || name.isBlank()) {
        continue;
      }
      // Spark resolves column names case-insensitively, so Amount and amount would collide.
      Integer first = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), line(o.origin()));
      if (first != null) {
        problem(o.origin(), "duplicate column '" + name + "' (first declared on line " + first + ")");
      } else {
        names.add(name);
        if (column != null) {
          columns.add(column);
        }
      }
    }
    return names;
  }

  private ColumnSpec column(ConfigObject o, int position) {
    String name = o.get("name") == null ? null : scalar(o.get("name"));
    String label = name == null ? "column " + position : "column '" + name + "'";
    Scope c = new Scope(o, label + ": ", "");
    unknownKeys(o, Contracts.COLUMN_KEYS, k -> label + ": unknown key '" + k + "'");
    name = c.string("name", true);
    if (name != null && name.isBlank()) {
      problem(o.get("name").origin(), label + ": 'name' is empty");
      name = null;
    }
    String type = c.string("type", true);
    if (type != null && !isSparkType(type)) {
      problem(o.get("type").origin(), label + " has unknown type '" + type + "'");
      type = null;
    }
    Boolean nullable = c.bool("nullable");
    String description = c.string("description", false);
    String classification = c.string("classification", false);
    if (classification != null && !Contracts.CLASSIFICATIONS.contains(classification)) {
      problem(o.get("classification").origin(), label + " has unknown classification '" + classification + "' (expected one of " + String.join(", ", Contracts.CLASSIFICATIONS) + ")");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    Scope tagScope = c.object("tags", false);
    if (tagScope != null) {
      for (String key : tagScope.obj.keySet()) {
        String v = tagScope.string(key, false);
        if (v != null) {
          tags.put(key, v);
        }
      }
    }
    if (name == null || type == null) {
      return null;
    }
    return new ColumnSpec(name, type, nullable == null || nullable, description, classification, tags, location(o));
  }

  /**
   * Whether Spark can parse the text as a data type. Common types are recognised without Spark
   * (its SQL parser takes seconds to load, too slow for {@code mesh policy check}); anything
   * else is left to Spark's own {@code DataType.fromDDL}.
   */
  static boolean isSparkType(String type) {
    return DdlTypes.isKnown(type) || DdlTypes.sparkAccepts(type);
  }

  private static String columnList(List<String> names) {
    return " (columns: " + String.join(", ", names) + ")";
  }

  // ---------------------------------------------------------------- quality

  private List<ConstraintSpec> constraints(Scope product, List<String> columnNames) {
    List<ConstraintSpec> result = new ArrayList<>();
    Scope quality = product.object("quality", false);
    if (quality == null) {
      return result;
    }
    ConfigList list = quality.list("constraints", false);
    if (list == null) {
      return result;
    }
    for (int i = 0; i < list.size(); i++) {
      ConfigValue v = list.get(i);
      if (v.valueType() != ConfigValueType.OBJECT) {
        problem(v.origin(), "'product.quality.constraints' must be a list of constraint objects but element " + (i + 1) + " is " + typeName(v));
        continue;
      }
      ConstraintSpec c = constraint((ConfigObject) v, i + 1, columnNames);
      if (c != null) {
        result.add(c);
      }
    }
    return result;
  }

  private ConstraintSpec constraint(ConfigObject o, int position, List<String> columnNames) {
    Scope bare = new Scope(o, "constraint " + position + ": ", "");
    String check = bare.string("check", true);
    List<ConfigValue> columnValues = new ArrayList<>();
    ConfigValue one = o.get("column");
    if (one != null && one.valueType() != ConfigValueType.NULL) {
      columnValues.add(one);
    }
    ConfigList many = bare.list("columns", false);
    if (many != null) {
      columnValues.addAll(many);
    }
    List<String> columns = new ArrayList<>();
    for (ConfigValue v : columnValues) {
      String text = scalar(v);
      if (text == null) {
        problem(v.origin(), "constraint " + position + ": a column must be a name but was " + typeName(v));
      } else {
        columns.add(text);
      }
    }
    String label =
        "constraint " + (check == null ? String.valueOf(position) : columns.isEmpty() ? check : check + "(" + String.join(", ", columns) + ")");
    Scope c = new Scope(o, label + ": ", "");
    if (one != null && many != null) {
      problem(one.origin(), label + ": give either 'column' or 'columns', not both");
    }
    String level = c.string("level", false);
    if (level == null) {
      level = ConstraintSpec.ERROR;
    } else if (ConstraintSpec.Level.of(level).isEmpty()) {
      problem(o.get("level").origin(), label + ": level '" + level + "' must be error or warning");
    }
    String name = c.string("name", false);
    Map<String, Object> params = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : o.entrySet()) {
      if (!CONSTRAINT_FIELDS.contains(e.getKey()) && e.getValue().valueType() != ConfigValueType.NULL) {
        params.put(e.getKey(), e.getValue().unwrapped());
      }
    }
    Check kind = check == null ? null : Check.of(check).orElse(null);
    if (check != null && kind == null) {
      problem(o.get("check").origin(), "unknown check '" + check + "'" + Suggestions.hint(check, Check.KEYWORDS, "known checks"));
    } else if (kind != null) {
      misspelt.clear();
      List<String> allowed = new ArrayList<>(Check.COMMON_KEYS);
      allowed.addAll(kind.keys());
      for (Map.Entry<String, ConfigValue> e : o.entrySet()) {
        if (!allowed.contains(e.getKey())) {
          problem(e.getValue().origin(), label + ": unknown key '" + e.getKey() + "'" + Suggestions.hint(e.getKey(), allowed, "allowed"));
          Suggestions.closest(e.getKey(), allowed).ifPresent(misspelt::add);
        }
      }
      checkParameters(kind, c, label, columns);
    }
    if (columnNames != null) {
      for (int i = 0; i < columns.size(); i++) {
        if (!columnNames.contains(columns.get(i))) {
          problem(columnValues.get(i).origin(), label + " names unknown column '" + columns.get(i) + "'" + columnList(columnNames));
        }
      }
    }
    return check == null ? null : new ConstraintSpec(check, columns, params, level, name, location(o));
  }

  /** The parameters each kind of check needs. */
  private void checkParameters(Check check, Scope c, String label, List<String> columns) {
    ConfigObject o = c.obj;
    boolean columnMisspelt = misspelt.contains("column") || misspelt.contains("columns");
    if (check.columns() == Check.Columns.ONE && columns.size() != 1 && !(columns.isEmpty() && columnMisspelt)) {
      problem(o.origin(), columns.isEmpty()
          ? label + " needs a column (column = ...)"
          : label + " needs exactly one column but has " + columns.size());
    }
    if (check.columns() == Check.Columns.AT_LEAST_ONE && columns.isEmpty() && !columnMisspelt) {
      problem(o.origin(), label + " needs at least one column (column = ... or columns = [...])");
    }
    if (check.bounded()) {
      Number min = c.number("min");
      Number max = c.number("max");
      if (!o.containsKey("min") && !o.containsKey("max") && !misspelt.contains("min") && !misspelt.contains("max")) {
        problem(o.origin(), label + " needs 'min' and/or 'max'");
      } else if (min != null && max != null && min.doubleValue() > max.doubleValue()) {
        problem(o.get("min").origin(), label + " has 'min' " + scalar(o.get("min")) + " greater than 'max' " + scalar(o.get("max")));
      }
    }
    ConfigValue onFail = o.get("on-fail");
    if (onFail != null && onFail.valueType() != ConfigValueType.NULL) {
      String action = scalar(onFail);
      if (action == null) {
        problem(onFail.origin(), label + ": on-fail must be fail, drop or quarantine but was " + typeName(onFail));
      } else if (ConstraintSpec.OnFail.of(action).isEmpty()) {
        problem(onFail.origin(), label + ": on-fail '" + action + "' must be fail, drop or quarantine");
      } else if (ConstraintSpec.OnFail.of(action).get() != ConstraintSpec.OnFail.FAIL && !check.rowLevel()) {
        problem(onFail.origin(), label + ": on-fail = " + action + " needs a row-level check (" + ROW_LEVEL + "), not " + check.keyword());
      }
    }
    // A switch expression: a check added to Check without a case here does not compile.
    Void parametersChecked = switch (check) {
      case COMPLETE -> {
        Number fraction = c.number("min-fraction");
        if (fraction != null && (fraction.doubleValue() < 0 || fraction.doubleValue() > 1)) {
          problem(o.get("min-fraction").origin(), label + ": 'min-fraction' must be between 0 and 1 but was " + scalar(o.get("min-fraction")));
        }
        yield null;
      }
      case ALLOWED_VALUES -> {
        if (required(c, label, "values")) {
          c.list("values", false);
        }
        yield null;
      }
      case PATTERN -> {
        String regex = required(c, label, "regex") ? c.string("regex", false) : null;
        if (regex != null) {
          try {
            Pattern.compile(regex);
          } catch (PatternSyntaxException e) {
            problem(o.get("regex").origin(), label + " has an invalid regex '" + regex + "': " + e.getDescription());
          }
        }
        yield null;
      }
      case MAX_LENGTH -> {
        if (required(c, label, "max")) {
          c.number("max");
        }
        yield null;
      }
      case COMPLIANCE -> {
        required(c, label, "name");
        if (required(c, label, "predicate")) {
          c.string("predicate", false);
        }
        yield null;
      }
      case REFERENCES -> {
        String product = required(c, label, "product") ? c.string("product", false) : null;
        if (product != null) {
          try {
            ProductRef.parse(product);
          } catch (MeshException e) {
            problem(o.get("product").origin(), label + ": '" + product + "' is not a product reference: expected <domain>.<name>, <domain>.<name>@v<major>, <domain>.<name>@<data version> or <domain>.<name>@v<major>@<data version>");
          }
        }
        if (required(c, label, "ref-column")) {
          c.string("ref-column", false);
        }
        yield null;
      }
      case FRESHNESS -> {
        if (required(c, label, "max-age")) {
          duration(o.get("max-age"), label + ": 'max-age'");
        }
        yield null;
      }
      case ANOMALY -> {
        if (required(c, label, "metric")) {
          c.string("metric", false);
        }
        if (required(c, label, "strategy")) {
          c.string("strategy", false);
        }
        yield null;
      }
      case UNIQUE, ROW_COUNT, RANGE, NON_NEGATIVE, MEAN, STDDEV, SUM, DISTINCT_COUNT -> null;
    };
  }

  private boolean required(Scope c, String label, String key) {
    ConfigValue v = c.obj.get(key);
    if (v == null || v.valueType() == ConfigValueType.NULL) {
      if (!misspelt.contains(key)) {
        problem(c.obj.origin(), label + " needs '" + key + "'");
      }
      return false;
    }
    return true;
  }

  // ---------------------------------------------------------------- sla and write

  private Duration freshness(Scope product) {
    Scope sla = product.object("sla", false);
    if (sla == null) {
      return null;
    }
    ConfigValue v = sla.obj.get("freshness");
    return v == null || v.valueType() == ConfigValueType.NULL ? null : duration(v, "sla.freshness");
  }

  /** {@code retention { versions = "90 days" }}: how long certified versions stay readable; null when absent. */
  private Duration retention(Scope product) {
    Scope r = product.object("retention", false);
    if (r == null) {
      return null;
    }
    unknownKeys(r.obj, List.of("versions"), k -> "unknown key 'product.retention." + k + "'");
    ConfigValue v = r.obj.get("versions");
    return v == null || v.valueType() == ConfigValueType.NULL ? null : duration(v, "retention.versions");
  }

  /** A positive duration written as text ({@code 24h}); bare numbers would silently mean milliseconds. */
  private Duration duration(ConfigValue v, String what) {
    String text = scalar(v);
    if (text == null) {
      problem(v.origin(), what + " must be a duration " + DURATION_EXAMPLES + " but was " + typeName(v));
      return null;
    }
    Duration d = null;
    if (v.valueType() == ConfigValueType.STRING) {
      try {
        d = v.atKey("d").getDuration("d");
      } catch (ConfigException e) {
        d = null;
      }
    }
    if (d == null) {
      problem(v.origin(), what + " '" + text + "' is not a duration " + DURATION_EXAMPLES);
    } else if (d.isNegative() || d.isZero()) {
      problem(v.origin(), what + " '" + text + "' must be longer than zero");
      d = null;
    }
    return d;
  }

  private WriteSpec write(Scope product, List<String> columnNames) {
    Scope w = product.object("write", false);
    if (w == null) {
      return WriteSpec.DEFAULT;
    }
    String mode = w.string("mode", false);
    if (mode == null) {
      mode = WriteSpec.DEFAULT.mode();
    } else if (!Contracts.WRITE_MODES.contains(mode)) {
      problem(w.obj.get("mode").origin(), "write.mode '" + mode + "' must be one of " + String.join(", ", Contracts.WRITE_MODES));
    }
    List<String> partitionBy = new ArrayList<>();
    ConfigList list = w.list("partition-by", false);
    if (list != null) {
      for (ConfigValue v : list) {
        String column = scalar(v);
        if (column == null) {
          problem(v.origin(), "'product.write.partition-by' must be a list of column names but holds " + typeName(v));
        } else if (columnNames != null && !columnNames.contains(column)) {
          problem(v.origin(), "partition-by column '" + column + "' is not in the schema" + columnList(columnNames));
        } else {
          partitionBy.add(column);
        }
      }
    }
    return new WriteSpec(mode, partitionBy);
  }

  // ---------------------------------------------------------------- helpers

  private static boolean present(ConfigObject o, String key) {
    ConfigValue v = o.get(key);
    return v != null && v.valueType() != ConfigValueType.NULL;
  }

  private void unknownKeys(ConfigObject o, List<String> allowed, java.util.function.Function<String, String> what) {
    for (Map.Entry<String, ConfigValue> e : o.entrySet()) {
      if (!allowed.contains(e.getKey())) {
        problem(e.getValue().origin(), what.apply(e.getKey()) + Suggestions.hint(e.getKey(), allowed, "allowed"));
      }
    }
  }

  /** The text of a string, number or boolean as written; null for objects, lists and null. */
  private static String scalar(ConfigValue v) {
    return switch (v.valueType()) {
      case STRING, NUMBER, BOOLEAN -> v.atKey("v").getString("v");
      default -> null;
    };
  }

  private static String typeName(ConfigValue v) {
    return switch (v.valueType()) {
      case OBJECT -> "an object";
      case LIST -> "a list";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case STRING -> "a string";
    };
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Typed reads of one object's keys. A wrong type is a problem at the value; a missing required
   * key is a problem at the object. {@code prefix} starts messages ({@code "column 'amount': "})
   * and {@code path} qualifies key names ({@code "product."}).
   */
  private final class Scope {
    final ConfigObject obj;
    final String prefix;
    final String path;

    Scope(ConfigObject obj, String prefix, String path) {
      this.obj = obj;
      this.prefix = prefix;
      this.path = path;
    }

    private ConfigValue value(String key, boolean required) {
      ConfigValue v = obj.get(key);
      if (v == null || v.valueType() == ConfigValueType.NULL) {
        if (required) {
          problem(obj.origin(), prefix + "missing required key '" + path + key + "'");
        }
        return null;
      }
      return v;
    }

    private void wrongType(ConfigValue v, String key, String expected) {
      problem(v.origin(), prefix + "'" + path + key + "' must be " + expected + " but was " + typeName(v));
    }

    String string(String key, boolean required) {
      ConfigValue v = value(key, required);
      if (v == null) {
        return null;
      }
      String s = scalar(v);
      if (s == null) {
        wrongType(v, key, "a string");
      }
      return s;
    }

    Boolean bool(String key) {
      ConfigValue v = value(key, false);
      if (v == null) {
        return null;
      }
      try {
        return v.atKey("v").getBoolean("v");
      } catch (ConfigException e) {
        wrongType(v, key, "a boolean");
        return null;
      }
    }

    Number number(String key) {
      ConfigValue v = value(key, false);
      if (v == null) {
        return null;
      }
      if (v.valueType() == ConfigValueType.STRING && INTEGER.matcher(scalar(v)).matches() && new BigInteger(scalar(v)).bitLength() > 63) {
        // HOCON reads an integer literal too large for a long as an unquoted string.
        String text = scalar(v);
        problem(v.origin(), prefix + "'" + path + key + "' " + text + " is out of range ("
            + (text.startsWith("-") ? "at least " + Long.MIN_VALUE : "at most " + Long.MAX_VALUE) + ")");
        return null;
      }
      if (v.valueType() != ConfigValueType.NUMBER) {
        wrongType(v, key, "a number");
        return null;
      }
      Number n = (Number) v.unwrapped();
      if (!Double.isFinite(n.doubleValue())) {
        // HOCON reads a literal beyond a double's range (1e400) as Infinity.
        problem(v.origin(), prefix + path + key + " " + scalar(v) + " is not a finite number");
        return null;
      }
      return n;
    }

    ConfigList list(String key, boolean required) {
      ConfigValue v = value(key, required);
      if (v == null) {
        return null;
      }
      if (v.valueType() != ConfigValueType.LIST) {
        wrongType(v, key, "a list");
        return null;
      }
      return (ConfigList) v;
    }

    Scope object(String key, boolean required) {
      ConfigValue v = value(key, required);
      if (v == null) {
        return null;
      }
      if (v.valueType() != ConfigValueType.OBJECT) {
        wrongType(v, key, "an object");
        return null;
      }
      return new Scope((ConfigObject) v, prefix, path + key + ".");
    }
  }

}
