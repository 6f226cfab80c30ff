package io.meshwork.core.odcs;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.meshwork.core.model.Check;
import io.meshwork.core.model.ColumnSpec;
import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Owner;
import io.meshwork.core.model.ProductRef;
import io.meshwork.core.model.SourceSpec;
import io.meshwork.core.model.WriteSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a product's contract as an ODCS v3.1.0 YAML document.
 *
 * <pre>{@code
 * Files.writeString(Path.of("orders.odcs.yaml"), OdcsExport.toYaml(orders));
 * }</pre>
 *
 * <p>The document has one schema object (the product's table) whose properties are the columns:
 * {@code logicalType}, {@code physicalType} (the Spark type), {@code required}, {@code
 * primaryKey}/{@code primaryKeyPosition}, {@code partitioned}/{@code partitionKeyPosition},
 * {@code classification}, {@code description}, {@code tags} ({@code key:value}). Constraints
 * become quality rules: {@code complete}, {@code unique}, {@code allowed-values}, {@code pattern}
 * and {@code row-count} use the ODCS library metrics ({@code nullValues}, {@code
 * duplicateValues}, {@code invalidValues}, {@code rowCount}); every other check is a {@code
 * custom} rule with {@code engine: meshwork} and the check and its parameters as {@code
 * implementation}. Rules on one column sit on that property, the others on the schema object. The
 * owner's team becomes {@code team.name}, its e-mail a {@code support} channel ({@code mailto:}),
 * {@code sla.freshness} the SLA property {@code latency}, {@code retention.versions} the SLA property
 * {@code retention}, the product's {@code tags} the
 * document's. The output is deterministic: the same contract always gives the same text.
 */
public final class OdcsExport {
  private OdcsExport() {}

  /** The ODCS v3.1.0 YAML document of a contract. */
  public static String toYaml(DataProduct product) {
    try {
      return Odcs.yaml().writeValueAsString(document(product));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write YAML for " + product.id(), e);
    }
  }

  private static Map<String, Object> document(DataProduct p) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", Odcs.API_VERSION);
    doc.put("kind", Odcs.KIND);
    doc.put("id", p.id().toString());
    doc.put("name", p.id().name());
    doc.put("version", p.version().toString());
    doc.put("status", "active");
    doc.put("domain", p.id().domain());
    doc.put("dataProduct", p.id().toString());
    if (p.description() != null) {
      doc.put("description", Map.of("purpose", p.description()));
    }
    if (!p.tags().isEmpty()) {
      doc.put("tags", p.tags());
    }
    doc.put("schema", List.of(schemaObject(p)));
    List<Map<String, Object>> sla = new ArrayList<>();
    p.freshnessSla().ifPresent(d -> sla.add(freshness(d)));
    p.versionRetention().ifPresent(d -> sla.add(retention(d)));
    if (!sla.isEmpty()) {
      doc.put("slaProperties", sla);
    }
    Map<String, Object> team = team(p.owner());
    if (team != null) {
      doc.put("team", team);
    }
    if (p.owner() != null && p.owner().email() != null) {
      Map<String, Object> support = new LinkedHashMap<>();
      support.put("channel", Odcs.EMAIL_CHANNEL);
      support.put("url", Odcs.MAILTO + p.owner().email());
      support.put("tool", "email");
      doc.put("support", List.of(support));
    }
    if (p.access() != null) {
      doc.put("roles", roles(p));
    }
    List<Map<String, Object>> custom = customProperties(p);
    if (!custom.isEmpty()) {
      doc.put("customProperties", custom);
    }
    return doc;
  }

  private static Map<String, Object> schemaObject(DataProduct p) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("name", p.id().name());
    o.put("physicalType", "table");
    o.put("logicalType", "object");
    List<Object> properties = new ArrayList<>();
    for (ColumnSpec c : p.columns()) {
      properties.add(property(p, c));
    }
    o.put("properties", properties);
    List<Object> rules = new ArrayList<>();
    for (ConstraintSpec c : p.constraints()) {
      if (c.columns().size() != 1) {
        rules.add(rule(c, false));
      }
    }
    if (!rules.isEmpty()) {
      o.put("quality", rules);
    }
    return o;
  }

  private static Map<String, Object> property(DataProduct p, ColumnSpec c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", c.name());
    m.put("logicalType", Odcs.logicalType(c.type()));
    m.put("physicalType", c.type());
    m.put("required", !c.nullable());
    int key = p.primaryKey().indexOf(c.name());
    if (key >= 0) {
      m.put("primaryKey", true);
      m.put("primaryKeyPosition", key + 1);
    }
    int partition = p.write().partitionBy().indexOf(c.name());
    if (partition >= 0) {
      m.put("partitioned", true);
      m.put("partitionKeyPosition", partition + 1);
    }
    if (c.classification() != null) {
      m.put("classification", c.classification());
    }
    if (c.description() != null) {
      m.put("description", c.description());
    }
    if (!c.tags().isEmpty()) {
      List<String> tags = new ArrayList<>();
      new TreeMap<>(c.tags()).forEach((k, v) -> tags.add(k + ":" + v));
      m.put("tags", tags);
    }
    List<Object> rules = new ArrayList<>();
    for (ConstraintSpec k : p.constraints()) {
      if (k.columns().size() == 1 && k.columns().get(0).equals(c.name())) {
        rules.add(rule(k, true));
      }
    }
    if (!rules.isEmpty()) {
      m.put("quality", rules);
    }
    return m;
  }

  /** One constraint as an ODCS quality rule; {@code onProperty} when it sits on its column. */
  static Map<String, Object> rule(ConstraintSpec c, boolean onProperty) {
    Map<String, Object> r = new LinkedHashMap<>();
    if (!library(c, onProperty, r)) {
      r.clear();
      r.put("type", "custom");
      r.put("engine", Odcs.ENGINE);
      Map<String, Object> implementation = new LinkedHashMap<>();
      implementation.put("check", c.check());
      if (!onProperty && !c.columns().isEmpty()) {
        implementation.put("columns", c.columns());
      }
      implementation.putAll(new TreeMap<>(c.params()));
      r.put("implementation", implementation);
    }
    if (c.name() != null) {
      r.put("name", c.name());
    }
    r.put("dimension", c.kind().map(Odcs::dimension).orElse("accuracy"));
    r.put("severity", c.blocking() ? ConstraintSpec.ERROR : ConstraintSpec.WARNING);
    return r;
  }

  /**
   * Parameters a check may carry to map onto ODCS's library metrics; any other parameter makes
   * it a custom rule, and so does every check without a library metric (an empty optional).
   */
  private static Optional<Set<String>> libraryParams(Check check) {
    return switch (check) {
      case COMPLETE -> Optional.of(Set.of("min-fraction"));
      case UNIQUE -> Optional.of(Set.of());
      case ALLOWED_VALUES -> Optional.of(Set.of("values"));
      case PATTERN -> Optional.of(Set.of("regex"));
      case ROW_COUNT -> Optional.of(Set.of("min", "max"));
      case RANGE, NON_NEGATIVE, MAX_LENGTH, COMPLIANCE, MEAN, STDDEV, SUM, DISTINCT_COUNT, REFERENCES, FRESHNESS, ANOMALY ->
          Optional.empty();
    };
  }

  private static boolean library(ConstraintSpec c, boolean onProperty, Map<String, Object> r) {
    Check check = c.kind().orElse(null);
    Set<String> allowed = check == null ? null : libraryParams(check).orElse(null);
    if (allowed == null || !allowed.containsAll(c.params().keySet())) {
      return false;
    }
    r.put("type", "library");
    // A switch expression: a check added to Check without a case here does not compile.
    return switch (check) {
      case COMPLETE -> {
        if (!onProperty) {
          yield false;
        }
        r.put("metric", "nullValues");
        Object fraction = c.params().get("min-fraction");
        if (fraction == null) {
          r.put("mustBe", 0);
        } else if (fraction instanceof Number n) {
          r.put("unit", "percent");
          r.put("mustBeLessOrEqualTo", number(BigDecimal.ONE.subtract(decimal(n)).movePointRight(2)));
        } else {
          yield false;
        }
        yield true;
      }
      case UNIQUE -> {
        r.put("metric", "duplicateValues");
        if (!onProperty) {
          r.put("arguments", Map.of("properties", c.columns()));
        }
        r.put("mustBe", 0);
        yield true;
      }
      case ALLOWED_VALUES, PATTERN -> {
        if (!onProperty) {
          yield false;
        }
        r.put("metric", "invalidValues");
        r.put("arguments", check == Check.PATTERN
            ? Map.of("pattern", c.params().get("regex"))
            : Map.of("validValues", c.params().get("values")));
        r.put("mustBe", 0);
        yield true;
      }
      case ROW_COUNT -> {
        if (onProperty) {
          yield false;
        }
        Object min = c.params().get("min");
        Object max = c.params().get("max");
        if ((min != null && !(min instanceof Number)) || (max != null && !(max instanceof Number))) {
          yield false;
        }
        r.put("metric", "rowCount");
        if (min != null && max != null) {
          if (decimal((Number) min).compareTo(decimal((Number) max)) == 0) {
            r.put("mustBe", min);
          } else {
            r.put("mustBeBetween", List.of(min, max));
          }
        } else if (min != null) {
          r.put("mustBeGreaterOrEqualTo", min);
        } else {
          r.put("mustBeLessOrEqualTo", max);
        }
        yield true;
      }
      case RANGE, NON_NEGATIVE, MAX_LENGTH, COMPLIANCE, MEAN, STDDEV, SUM, DISTINCT_COUNT, REFERENCES, FRESHNESS, ANOMALY -> false;
    };
  }

  private static Map<String, Object> freshness(Duration d) {
    Map<String, Object> m = slaDuration(Odcs.FRESHNESS_PROPERTY, d);
    m.put("description", "Meshwork freshness: the last certified publish is never older than this.");
    return m;
  }

  private static Map<String, Object> retention(Duration d) {
    Map<String, Object> m = slaDuration(Odcs.RETENTION_PROPERTY, d);
    m.put("description", "Meshwork retention: every certified version stays readable by number and time this long.");
    return m;
  }

  private static Map<String, Object> slaDuration(String property, Duration d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("property", property);
    long seconds = d.getSeconds();
    if (d.getNano() != 0) {
      m.put("value", d.toMillis());
      m.put("unit", "ms");
    } else if (seconds % 86_400 == 0) {
      m.put("value", seconds / 86_400);
      m.put("unit", "d");
    } else if (seconds % 3_600 == 0) {
      m.put("value", seconds / 3_600);
      m.put("unit", "h");
    } else if (seconds % 60 == 0) {
      m.put("value", seconds / 60);
      m.put("unit", "min");
    } else {
      m.put("value", seconds);
      m.put("unit", "s");
    }
    return m;
  }

  private static Map<String, Object> team(Owner owner) {
    if (owner == null) {
      return null;
    }
    Map<String, Object> team = new LinkedHashMap<>();
    if (owner.team() != null) {
      team.put("name", owner.team());
    }
    return team.isEmpty() ? null : team;
  }

  /** The contract's access block: one role per reader, {@code read-pii} for those who see pii in clear. */
  private static List<Map<String, Object>> roles(DataProduct p) {
    List<Map<String, Object>> roles = new ArrayList<>();
    java.util.Set<String> all = new java.util.LinkedHashSet<>(p.access().readers());
    all.addAll(p.access().piiReaders());
    for (String r : all) {
      boolean pii = p.access().piiReaders().contains(r);
      Map<String, Object> role = new LinkedHashMap<>();
      role.put("role", r);
      role.put("access", pii ? Odcs.READ_PII : Odcs.READ);
      role.put("description", pii ? "Reads " + p.id() + ", pii columns in clear." : "Reads " + p.id() + ", pii columns masked.");
      roles.add(role);
    }
    return roles;
  }

  private static List<Map<String, Object>> customProperties(DataProduct p) {
    List<Map<String, Object>> list = new ArrayList<>();
    if (p.sql() != null) {
      list.add(custom(Odcs.SQL, p.sql()));
    }
    if (p.jobClass() != null) {
      list.add(custom(Odcs.JOB, p.jobClass()));
    }
    if (!p.sources().isEmpty()) {
      Map<String, Object> sources = new LinkedHashMap<>();
      for (SourceSpec s : new TreeMap<>(p.sources()).values()) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("path", s.path());
        source.put("format", s.format());
        if (!s.options().isEmpty()) {
          source.put("options", new TreeMap<>(s.options()));
        }
        sources.put(s.name(), source);
      }
      list.add(custom(Odcs.SOURCES, sources));
    }
    if (!p.inputs().isEmpty()) {
      list.add(custom(Odcs.INPUT_PRODUCTS, p.inputs().stream().map(ProductRef::toString).toList()));
    }
    if (p.access() != null) {
      list.add(custom(Odcs.MASKING, p.access().masking().name().toLowerCase(java.util.Locale.ROOT)));
    }
    if (!WriteSpec.DEFAULT.mode().equals(p.write().mode())) {
      list.add(custom(Odcs.WRITE_MODE, p.write().mode()));
    }
    if (p.deprecation() != null) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("sunset", p.deprecation().sunset().toString());
      if (p.deprecation().successorMajor() != null) {
        d.put("successor-major", p.deprecation().successorMajor());
      }
      if (p.deprecation().note() != null) {
        d.put("note", p.deprecation().note());
      }
      list.add(custom(Odcs.DEPRECATION, d));
    }
    for (String key : io.meshwork.core.contract.Contracts.EXTENSION_KEYS) {
      if (p.extensions().containsKey(key)) {
        list.add(custom(Odcs.EXTENSIONS.get(key), sorted(p.extensions().get(key))));
      }
    }
    if (p.pendingBuild() != null) {
      list.add(custom(Odcs.BUILD_PENDING, p.pendingBuild()));
    }
    return list;
  }

  /** A value with its maps' keys sorted, so that the text does not depend on how it was read. */
  private static Object sorted(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new TreeMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), sorted(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(OdcsExport::sorted).toList();
    }
    return v;
  }

  private static Map<String, Object> custom(String property, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("property", property);
    m.put("value", value);
    return m;
  }

  static BigDecimal decimal(Number n) {
    return n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
  }

  /** A decimal as the plainest number: an integer when it has no fraction. */
  static Number number(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    if (s.scale() <= 0) {
      return s.longValueExact() <= Integer.MAX_VALUE && s.longValueExact() >= Integer.MIN_VALUE ? (Number) s.intValueExact() : (Number) s.longValueExact();
    }
    return s.doubleValue();
  }
}
