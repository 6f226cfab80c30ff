package io.meshwork.core.governance.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.meshwork.core.contract.internal.ConfigErrors;
import io.meshwork.core.contract.internal.DdlTypes;
import io.meshwork.core.contract.internal.Suggestions;
import io.meshwork.core.governance.Severity;
import io.meshwork.core.governance.SharedIdentifier;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.Problem;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.SourceLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Reads the policy files of a {@code conf/} directory: {@code governance.conf} (the global
 * policies), {@code domains/<domain>.conf} (each domain's tuning), {@code identifiers.conf} and
 * {@code reference/<name>.csv}. Every problem of every file is collected before one {@link
 * ContractException} is thrown.
 */
public final class PolicyFiles {
  /** The keys every policy block may hold, besides the policy's own settings. */
  static final List<String> GENERIC_KEYS = List.of("severity", "description", "overridable", "enabled");

  private static final List<String> IDENTIFIER_KEYS = List.of("type", "pattern", "description");

  /** How a setting's value orders policies from lax to strict: what a domain may change freely. */
  public enum Kind {
    /** A number; a larger one is stricter ({@code min = 5}). */
    AT_LEAST,
    /** A list of words; more words is stricter ({@code reserved words}). */
    MORE_ITEMS,
    /** A list of words; fewer words is stricter ({@code allowed classifications}). */
    FEWER_ITEMS,
    /** A regex; any change counts as a relaxation, since nothing proves the new one stricter. */
    REGEX,
    /** A text; any change counts as a relaxation. */
    TEXT
  }

  /** One setting of a built-in policy: how it orders strictness, and its value when not written. */
  public record Param(Kind kind, Object defaultValue) {}

  /**
   * A policy as a domain sees it.
   *
   * @param settings the block with the domain's overrides and the built-in defaults applied
   * @param location where the global file configures it
   */
  public record Effective(String id, Severity severity, boolean enabled, String description, Config settings, SourceLocation location) {}

  /** Everything read, for one {@code conf/} directory. */
  public record Loaded(
      Map<String, Effective> global,
      Map<String, Map<String, Effective>> domains,
      Map<String, SharedIdentifier> identifiers,
      Map<String, List<String>> referenceSets) {}


  private final Path confDir;
  /** Where governance.conf, identifiers.conf and reference/ are: confDir, or the central governance. */
  private final CentralGovernance.Source source;
  /** The known policies' settings, by id; null for a policy that declares none (any key allowed). */
  private final Map<String, Map<String, Param>> known;
  private final List<Problem> problems = new ArrayList<>();

  private PolicyFiles(Path confDir, CentralGovernance.Source source, Map<String, Map<String, Param>> known) {
    this.confDir = confDir;
    this.source = source;
    this.known = known;
  }

  /**
   * Reads the policy files under {@code confDir}; a missing file means no policies, no
   * identifiers, no reference sets.
   *
   * @param known every policy that exists (built-in or discovered), by id, with its settings
   *     (null: a policy that accepts any setting)
   * @throws ContractException (exit 2) listing every problem, each as {@code <file>:<line>: <message>}
   */
  public static Loaded load(Path confDir, Map<String, Map<String, Param>> known) {
    return load(confDir, new CentralGovernance.Source(confDir, false, null), known);
  }

  /**
   * Reads the governance files of {@code source} and the domain files of {@code confDir}. With a
   * central governance, its {@code domains/<domain>.conf} apply first, then the project's own
   * {@code domains/<domain>.conf}, which may tighten anything and relax only what the central
   * {@code governance.conf} marks {@code overridable = true}; a {@code governance.conf}, {@code
   * identifiers.conf} or {@code reference/} of the project's own is refused (a copy would drift).
   */
  public static Loaded load(Path confDir, CentralGovernance.Source source, Map<String, Map<String, Param>> known) {
    return new PolicyFiles(confDir, source, known).run();
  }

  private Loaded run() {
    Path dir = source.dir();
    Path globalFile = dir.resolve("governance.conf");
    String globalName = CentralGovernance.display(globalFile);
    if (source.central()) {
      for (String own : List.of("governance.conf", "identifiers.conf", "reference")) {
        Path copy = confDir.resolve(own);
        if (Files.exists(copy)) {
          problem(
              copy.toString(), 1,
              "this project takes its governance from " + source.origin() + ": it holds only its domains' overrides (domains/<domain>.conf), not a "
                  + (own.equals("reference") ? "reference/ directory" : own) + " of its own; remove it (or move it into the central governance)");
        }
      }
    }
    Map<String, Effective> global = new LinkedHashMap<>();
    Map<String, ConfigObject> globalBlocks = new LinkedHashMap<>();
    if (Files.isRegularFile(globalFile)) {
      ConfigObject root = parse(globalFile);
      ConfigObject g = root == null ? null : section(root, "governance", globalFile);
      if (g != null) {
        blocks(g, "", globalName, globalBlocks);
        globalBlocks.forEach((id, block) -> {
          Effective e = global(id, block, globalName);
          if (e != null) {
            global.put(id, e);
          }
        });
      }
    }
    Map<String, Map<String, Effective>> domains = new TreeMap<>();
    domainFiles(dir.resolve("domains"), global, globalBlocks, globalName, domains);
    if (source.central()) {
      domainFiles(confDir.resolve("domains"), global, globalBlocks, globalName, domains);
    }
    Map<String, SharedIdentifier> identifiers = identifiers(dir.resolve("identifiers.conf"));
    Map<String, List<String>> referenceSets = referenceSets(dir.resolve("reference"));
    if (!problems.isEmpty()) {
      throw new ContractException(
          problems.stream()
              .sorted(Comparator.comparing(Problem::file).thenComparingInt(Problem::line).thenComparing(Problem::message))
              .toList());
    }
    return new Loaded(
        Collections.unmodifiableMap(global), Collections.unmodifiableMap(domains), Collections.unmodifiableMap(identifiers),
        Collections.unmodifiableMap(referenceSets));
  }

  /**
   * Applies each {@code <domain>.conf} of {@code dir} over what {@code domains} holds for that
   * domain so far (else the global policies): each file may tighten, and relax only what the
   * global file marks overridable.
   */
  private void domainFiles(
      Path dir, Map<String, Effective> global, Map<String, ConfigObject> globalBlocks, String globalName, Map<String, Map<String, Effective>> domains) {
    for (Path file : files(dir, ".conf")) {
      String name = CentralGovernance.display(file);
      String domain = baseName(file, ".conf");
      if (!ProductId.isIdentifier(domain)) {
        problem(name, 0, "domain file is not named <domain>.conf with a plain lower-case identifier ([a-z][a-z0-9_]*)");
        continue;
      }
      ConfigObject root = parse(file);
      if (root == null) {
        continue;
      }
      Map<String, Effective> base = domains.getOrDefault(domain, global);
      ConfigValue g = root.get("governance");
      Map<String, Effective> effective = new LinkedHashMap<>(base);
      if (g != null) {
        ConfigObject section = section(root, "governance", file);
        Map<String, ConfigObject> blocks = new LinkedHashMap<>();
        if (section != null) {
          blocks(section, "", name, blocks);
        }
        blocks.forEach((id, block) -> {
          Effective e = domain(domain, id, block, name, base.get(id), globalBlocks.get(id), globalName);
          if (e != null) {
            effective.put(id, e);
          }
        });
      }
      domains.put(domain, Collections.unmodifiableMap(effective));
    }
  }

  // ---------------------------------------------------------------- policy blocks

  /** Finds the policy blocks under {@code governance}: each known id, written as a HOCON path. */
  private void blocks(ConfigObject obj, String prefix, String file, Map<String, ConfigObject> found) {
    for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
      String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      ConfigValue v = e.getValue();
      boolean group = known.keySet().stream().anyMatch(id -> id.startsWith(path + "."));
      if (known.containsKey(path)) {
        if (v.valueType() == ConfigValueType.OBJECT) {
          found.put(path, (ConfigObject) v);
        } else {
          problem(file, v.origin(), "policy " + path + " must be an object { severity = ..., description = ... } but was " + typeName(v));
        }
      } else if (group && v.valueType() == ConfigValueType.OBJECT) {
        blocks((ConfigObject) v, path, file, found);
      } else {
        problem(file, v.origin(), "unknown policy '" + path + "'" + Suggestions.hint(path, known.keySet(), "known policies"));
      }
    }
  }

  private Effective global(String id, ConfigObject block, String file) {
    String prefix = "policy " + id + ": ";
    int before = problems.size();
    Severity severity = null;
    ConfigValue s = block.get("severity");
    if (s == null) {
      problem(file, block.origin(), prefix + "missing required key 'severity' (error or warning)");
    } else {
      severity = severity(file, prefix, s);
    }
    String description = null;
    ConfigValue d = block.get("description");
    if (d == null || d.valueType() == ConfigValueType.NULL) {
      problem(file, block.origin(), prefix + "missing required key 'description'");
    } else if (d.valueType() != ConfigValueType.STRING) {
      problem(file, d.origin(), prefix + "'description' must be a string but was " + typeName(d));
    } else {
      description = (String) d.unwrapped();
    }
    bool(file, prefix, block, "overridable");
    Boolean enabled = bool(file, prefix, block, "enabled");
    settings(file, prefix, id, block);
    if (problems.size() > before) {
      return null;
    }
    return new Effective(id, severity, enabled == null || enabled, description, withDefaults(id, block.toConfig()), location(file, block.origin()));
  }

  private Effective domain(String domain, String id, ConfigObject block, String file, Effective global, ConfigObject globalBlock, String globalFile) {
    String prefix = "policy " + id + ": ";
    if (global == null) {
      if (globalBlock == null) {
        problem(file, block.origin(), prefix + "not configured in " + globalFile + ": a domain file can only tune the policies the global file defines");
      }
      return null; // a global block with problems was reported already
    }
    int before = problems.size();
    ConfigValue overridable = globalBlock.get("overridable");
    boolean mayRelax = overridable != null && Boolean.TRUE.equals(overridable.unwrapped());
    SourceLocation where = location(globalFile, (overridable != null ? overridable : globalBlock).origin());
    List<String> relaxations = new ArrayList<>();
    List<ConfigOrigin> relaxedAt = new ArrayList<>();

    ConfigValue o = block.get("overridable");
    if (o != null) {
      problem(file, o.origin(), prefix + "'overridable' can only be set in " + globalFile);
    }
    ConfigValue s = block.get("severity");
    if (s != null) {
      Severity severity = severity(file, prefix, s);
      if (severity != null && severity.compareTo(global.severity()) < 0) {
        relaxations.add("relaxes severity from " + global.severity().keyword() + " to " + severity.keyword());
        relaxedAt.add(s.origin());
      }
    }
    ConfigValue d = block.get("description");
    if (d != null && d.valueType() != ConfigValueType.STRING) {
      problem(file, d.origin(), prefix + "'description' must be a string but was " + typeName(d));
    }
    Boolean enabled = bool(file, prefix, block, "enabled");
    if (Boolean.FALSE.equals(enabled) && global.enabled()) {
      relaxations.add("disables it");
      relaxedAt.add(block.get("enabled").origin());
    }
    Map<String, Param> params = settings(file, prefix, id, block);
    for (Map.Entry<String, ConfigValue> e : block.entrySet()) {
      String key = e.getKey();
      if (GENERIC_KEYS.contains(key) || params != null && !params.containsKey(key)) {
        continue;
      }
      Kind kind = params == null ? null : params.get(key).kind();
      ConfigValue g = global.settings().hasPath(quote(key)) ? global.settings().getValue(quote(key)) : null;
      String relaxation = relaxation(kind, key, g, e.getValue());
      if (relaxation != null) {
        relaxations.add(relaxation);
        relaxedAt.add(e.getValue().origin());
      }
    }
    if (problems.size() > before) {
      return null;
    }
    if (!mayRelax) {
      for (int i = 0; i < relaxations.size(); i++) {
        problem(file, relaxedAt.get(i), prefix + "domain " + domain + " " + relaxations.get(i) + ", but " + where + " does not mark it overridable = true");
      }
      if (!relaxations.isEmpty()) {
        return null;
      }
    }
    Severity severity = s == null ? global.severity() : Severity.parse((String) s.unwrapped()).orElseThrow();
    String description = d == null ? global.description() : (String) d.unwrapped();
    Config settings = block.toConfig().withFallback(global.settings());
    return new Effective(id, severity, enabled == null ? global.enabled() : enabled, description, settings, global.location());
  }

  /** What a domain's value does to the global one, when it relaxes it; null when it does not. */
  private static String relaxation(Kind kind, String key, ConfigValue global, ConfigValue domain) {
    Object g = global == null ? null : global.unwrapped();
    Object d = domain.unwrapped();
    if (kind == null || kind == Kind.REGEX || kind == Kind.TEXT) {
      return d.equals(g) ? null : "changes '" + key + "' from " + text(g) + " to " + text(d);
    }
    switch (kind) {
      case AT_LEAST -> {
        return ((Number) d).doubleValue() < ((Number) g).doubleValue() ? "lowers '" + key + "' from " + g + " to " + d : null;
      }
      case MORE_ITEMS -> {
        Set<Object> removed = new LinkedHashSet<>((List<?>) g);
        removed.removeAll((List<?>) d);
        return removed.isEmpty() ? null : "removes " + join(removed) + " from '" + key + "'";
      }
      case FEWER_ITEMS -> {
        Set<Object> added = new LinkedHashSet<>((List<?>) d);
        added.removeAll((List<?>) g);
        return added.isEmpty() ? null : "adds " + join(added) + " to '" + key + "'";
      }
      default -> throw new IllegalStateException(kind.toString());
    }
  }

  private static String text(Object v) {
    return v == null ? "nothing" : v instanceof String s ? "'" + s + "'" : String.valueOf(v);
  }

  private static String join(Set<Object> values) {
    return String.join(", ", values.stream().map(String::valueOf).toList());
  }

  /** Checks a block's own settings; returns the policy's declared settings (null: free-form). */
  private Map<String, Param> settings(String file, String prefix, String id, ConfigObject block) {
    Map<String, Param> params = known.get(id);
    for (Map.Entry<String, ConfigValue> e : block.entrySet()) {
      String key = e.getKey();
      ConfigValue v = e.getValue();
      if (GENERIC_KEYS.contains(key)) {
        continue;
      }
      if (params == null) {
        if (v.valueType() == ConfigValueType.NULL) {
          problem(file, v.origin(), prefix + "'" + key + "' is null");
        }
        continue;
      }
      Param param = params.get(key);
      if (param == null) {
        List<String> allowed = new ArrayList<>(GENERIC_KEYS);
        allowed.addAll(params.keySet());
        problem(file, v.origin(), prefix + "unknown key '" + key + "'" + Suggestions.hint(key, allowed, "allowed"));
        continue;
      }
      switch (param.kind()) {
        case AT_LEAST -> {
          if (v.valueType() != ConfigValueType.NUMBER) {
            problem(file, v.origin(), prefix + "'" + key + "' must be a number but was " + typeName(v));
          }
        }
        case MORE_ITEMS, FEWER_ITEMS -> {
          if (v.valueType() != ConfigValueType.LIST) {
            problem(file, v.origin(), prefix + "'" + key + "' must be a list of strings but was " + typeName(v));
          } else {
            for (ConfigValue item : (ConfigList) v) {
              if (item.valueType() == ConfigValueType.BOOLEAN || item.valueType() == ConfigValueType.NULL) {
                String word = String.valueOf(item.unwrapped());
                problem(file, item.origin(), prefix + "'" + key + "' holds the HOCON value " + word + "; write \"" + word + "\" in quotes to mean the word");
              } else if (item.valueType() != ConfigValueType.STRING) {
                problem(file, item.origin(), prefix + "'" + key + "' must be a list of strings but holds " + typeName(item));
              }
            }
          }
        }
        case REGEX, TEXT -> {
          if (v.valueType() != ConfigValueType.STRING) {
            problem(file, v.origin(), prefix + "'" + key + "' must be a string but was " + typeName(v));
          } else if (param.kind() == Kind.REGEX) {
            regex(file, prefix + "'" + key + "'", v);
          }
        }
        default -> throw new IllegalStateException(param.kind().toString());
      }
    }
    return params;
  }

  private Config withDefaults(String id, Config block) {
    Map<String, Param> params = known.get(id);
    if (params == null) {
      return block;
    }
    Map<String, Object> defaults = new LinkedHashMap<>();
    params.forEach((k, p) -> defaults.put(k, p.defaultValue()));
    return block.withFallback(ConfigValueFactory.fromMap(defaults, "built-in default").toConfig());
  }

  private Severity severity(String file, String prefix, ConfigValue v) {
    String text = v.valueType() == ConfigValueType.STRING ? (String) v.unwrapped() : null;
    Severity severity = text == null ? null : Severity.parse(text).orElse(null);
    if (severity == null) {
      problem(file, v.origin(), prefix + "severity " + (text == null ? typeName(v) : "'" + text + "'") + " must be error or warning");
    }
    return severity;
  }

  private Boolean bool(String file, String prefix, ConfigObject block, String key) {
    ConfigValue v = block.get(key);
    if (v == null) {
      return null;
    }
    if (v.valueType() != ConfigValueType.BOOLEAN) {
      problem(file, v.origin(), prefix + "'" + key + "' must be true or false but was " + typeName(v));
      return null;
    }
    return (Boolean) v.unwrapped();
  }

  private Pattern regex(String file, String what, ConfigValue v) {
    try {
      return Pattern.compile((String) v.unwrapped());
    } catch (PatternSyntaxException e) {
      problem(file, v.origin(), what + " is not a valid regex '" + v.unwrapped() + "': " + e.getDescription());
      return null;
    }
  }

  // ---------------------------------------------------------------- identifiers and reference sets

  private Map<String, SharedIdentifier> identifiers(Path file) {
    Map<String, SharedIdentifier> result = new TreeMap<>();
    if (!Files.isRegularFile(file)) {
      return result;
    }
    ConfigObject root = parse(file);
    ConfigObject section = root == null ? null : section(root, "identifiers", file);
    if (section == null) {
      return result;
    }
    String name = CentralGovernance.display(file);
    for (Map.Entry<String, ConfigValue> e : section.entrySet()) {
      String id = e.getKey();
      String prefix = "identifier " + id + ": ";
      if (e.getValue().valueType() != ConfigValueType.OBJECT) {
        problem(name, e.getValue().origin(), prefix + "must be an object { type = ..., pattern = ... } but was " + typeName(e.getValue()));
        continue;
      }
      ConfigObject o = (ConfigObject) e.getValue();
      int before = problems.size();
      for (Map.Entry<String, ConfigValue> k : o.entrySet()) {
        if (!IDENTIFIER_KEYS.contains(k.getKey())) {
          problem(name, k.getValue().origin(), prefix + "unknown key '" + k.getKey() + "'" + Suggestions.hint(k.getKey(), IDENTIFIER_KEYS, "allowed"));
        } else if (k.getValue().valueType() != ConfigValueType.STRING) {
          problem(name, k.getValue().origin(), prefix + "'" + k.getKey() + "' must be a string but was " + typeName(k.getValue()));
        }
      }
      ConfigValue type = o.get("type");
      if (type == null) {
        problem(name, o.origin(), prefix + "missing required key 'type'");
      } else if (type.valueType() == ConfigValueType.STRING && !DdlTypes.isKnown((String) type.unwrapped()) && !DdlTypes.sparkAccepts((String) type.unwrapped())) {
        problem(name, type.origin(), prefix + "unknown type '" + type.unwrapped() + "'");
      }
      ConfigValue pattern = o.get("pattern");
      if (pattern != null && pattern.valueType() == ConfigValueType.STRING) {
        regex(name, prefix + "'pattern'", pattern);
      }
      if (problems.size() == before) {
        ConfigValue description = o.get("description");
        result.put(
            id,
            new SharedIdentifier(
                id, (String) type.unwrapped(), pattern == null ? null : (String) pattern.unwrapped(),
                description == null ? null : (String) description.unwrapped(), location(name, o.origin())));
      }
    }
    return result;
  }

  /** Each {@code <name>.csv}: a header line, then one value per line in the first field; {@code #} starts a comment line. */
  private Map<String, List<String>> referenceSets(Path dir) {
    Map<String, List<String>> result = new TreeMap<>();
    for (Path file : files(dir, ".csv")) {
      String name = baseName(file, ".csv");
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        problem(CentralGovernance.display(file), 0, "cannot read reference set: " + e);
        continue;
      }
      Set<String> values = new LinkedHashSet<>();
      boolean header = true;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (i == 0 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        String value = firstField(line);
        if (value.isEmpty()) {
          problem(CentralGovernance.display(file), i + 1, "reference set " + name + ": empty value in the first column");
        } else {
          values.add(value);
        }
      }
      if (values.isEmpty()) {
        problem(CentralGovernance.display(file), 1, "reference set " + name + " has no values (expected a header line, then one value per line)");
      } else {
        result.put(name, List.copyOf(values));
      }
    }
    return result;
  }

  private static String firstField(String line) {
    if (line.startsWith("\"")) {
      StringBuilder b = new StringBuilder();
      for (int i = 1; i < line.length(); i++) {
        char c = line.charAt(i);
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            b.append('"');
            i++;
          } else {
            break;
          }
        } else {
          b.append(c);
        }
      }
      return b.toString().strip();
    }
    int comma = line.indexOf(',');
    return (comma < 0 ? line : line.substring(0, comma)).strip();
  }

  // ---------------------------------------------------------------- files

  private ConfigObject parse(Path file) {
    String name = CentralGovernance.display(file);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      problem(name, 0, "cannot read policy file: " + e);
      return null;
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    try {
      ConfigParseOptions options = ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setOriginDescription(name).setAllowMissing(false);
      return ConfigFactory.parseString(text, options).resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true)).root();
    } catch (ConfigException e) {
      problem(name, line(e.origin()), ConfigErrors.reason(e));
      return null;
    }
  }

  /** The object at {@code key} of a file's root; null (and a problem) when it is something else. */
  private ConfigObject section(ConfigObject root, String key, Path file) {
    ConfigValue v = root.get(key);
    if (v == null) {
      return null;
    }
    if (v.valueType() != ConfigValueType.OBJECT) {
      problem(CentralGovernance.display(file), v.origin(), "'" + key + "' must be an object but was " + typeName(v));
      return null;
    }
    return (ConfigObject) v;
  }

  private List<Path> files(Path dir, String suffix) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.getFileName().toString().endsWith(suffix)).filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      problem(CentralGovernance.display(dir), 0, "cannot list " + dir + ": " + e);
      return List.of();
    }
  }

  private static String baseName(Path file, String suffix) {
    String n = file.getFileName().toString();
    return n.substring(0, n.length() - suffix.length());
  }

  /** A path expression reading one key literally, whatever characters it holds. */
  static String quote(String key) {
    return "\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private void problem(String file, ConfigOrigin origin, String message) {
    problems.add(ConfigErrors.problem(file, origin, message));
  }

  private void problem(String file, int line, String message) {
    problems.add(Problem.at(file, line, message));
  }

  private static SourceLocation location(String file, ConfigOrigin origin) {
    return new SourceLocation(file, line(origin));
  }

  private static int line(ConfigOrigin origin) {
    return ConfigErrors.line(origin);
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
}
