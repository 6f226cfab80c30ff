package io.meshwork.jobs.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.lineage.internal.LineageObjects;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * What the docs need from the OpenLineage log: the graph of completed runs (which node was built
 * from which) and each product's last quality assertions. Lines that are not events are skipped:
 * the docs describe what they can, like lineage itself never fails a job.
 */
final class LineageLog {
  /** {@code <domain>/<name>} or {@code <domain>/<name>/v<major>}: a product table in the warehouse. */
  private static final Pattern TABLE = Pattern.compile("([a-z][a-z0-9_]*)/([a-z][a-z0-9_]*)(/v[0-9]+)?");
  /** {@code domain.name}: the symlink of a product's table. */
  private static final Pattern PRODUCT = Pattern.compile("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*");
  static final String MODEL_PREFIX = "model:";
  private static final String FEATURE_SET_JOB_TYPE = "FEATURE_SET";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a node of the graph is. */
  enum Kind {
    PRODUCT("product"),
    FEATURE_SET("feature set"),
    MODEL("model"),
    SOURCE("source");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** A node: {@code sales.orders}, {@code model:churn}, or a raw source's path. */
  record Node(String key, Kind kind, String label) {}

  /** One quality assertion of a run, as the {@code dataQualityAssertions} facet carries it. */
  record Assertion(String name, String assertion, String column, boolean success, String severity, String expected, String actual, String description) {}

  /** The assertions of the last run of a product that verified its data. */
  record Quality(String eventType, String eventTime, List<Assertion> assertions) {}

  final Map<String, Node> nodes = new TreeMap<>();
  /** Edges, input key to output key, in first-seen order. */
  final Set<List<String>> edges = new LinkedHashSet<>();
  final Map<String, Quality> lastQuality = new TreeMap<>();
  int events;

  private LineageLog() {}

  /**
   * Reads every event of the lineage directory {@code dir} (its event objects and the
   * {@code *.jsonl} files of earlier releases, {@link LineageObjects#readAll}); an absent directory
   * gives an empty log.
   */
  static LineageLog read(Path dir) {
    LineageLog log = new LineageLog();
    if (dir == null) {
      return log;
    }
    Set<String> seen = new HashSet<>();
    Map<String, String> qualityTimes = new LinkedHashMap<>();
    for (LineageObjects.Stored event : LineageObjects.readAll(dir)) {
      log.accept(event.json(), seen, qualityTimes);
    }
    return log;
  }

  /** Nodes upstream of {@code key} by one hop, sorted. */
  List<Node> inputsOf(String key) {
    return edges.stream().filter(e -> e.get(1).equals(key)).map(e -> nodes.get(e.get(0))).distinct().sorted((a, b) -> a.key().compareTo(b.key())).toList();
  }

  /** Nodes downstream of {@code key} by one hop, sorted. */
  List<Node> readersOf(String key) {
    return edges.stream().filter(e -> e.get(0).equals(key)).map(e -> nodes.get(e.get(1))).distinct().sorted((a, b) -> a.key().compareTo(b.key())).toList();
  }

  /** Adds a product known from the catalog or a contract, so that it shows even without runs. */
  void addProduct(String key, boolean featureSet) {
    Node n = nodes.get(key);
    if (n == null || (featureSet && n.kind() == Kind.PRODUCT)) {
      nodes.put(key, new Node(key, featureSet ? Kind.FEATURE_SET : Kind.PRODUCT, key));
    }
  }

  private void accept(String line, Set<String> seen, Map<String, String> qualityTimes) {
    if (line.isBlank()) {
      return;
    }
    JsonNode e;
    try {
      e = JSON.readTree(line);
    } catch (IOException notJson) {
      return;
    }
    String type = e.path("eventType").asText("");
    String runId = e.path("run").path("runId").asText("");
    if (!seen.add(runId + "/" + type) || (!"COMPLETE".equals(type) && !"FAIL".equals(type))) {
      return;
    }
    events++;
    boolean featureSet = FEATURE_SET_JOB_TYPE.equals(e.path("job").path("facets").path("jobType").path("jobType").asText(""));
    String time = e.path("eventTime").asText("");
    List<Node> outputs = new ArrayList<>();
    for (JsonNode out : e.path("outputs")) {
      Optional<Node> node = node(out, featureSet);
      if (node.isEmpty()) {
        continue;
      }
      outputs.add(node.get());
      JsonNode assertions = out.path("facets").path("dataQualityAssertions").path("assertions");
      if (assertions.isArray() && time.compareTo(qualityTimes.getOrDefault(node.get().key(), "")) >= 0) {
        qualityTimes.put(node.get().key(), time);
        List<Assertion> list = new ArrayList<>();
        for (JsonNode a : assertions) {
          list.add(
              new Assertion(
                  text(a, "name"), text(a, "assertion"), text(a, "column"), a.path("success").asBoolean(false),
                  text(a, "severity"), text(a, "expected"), text(a, "actual"), text(a, "description")));
        }
        lastQuality.put(node.get().key(), new Quality(type, time, list));
      }
    }
    if (!"COMPLETE".equals(type)) {
      return; // a failed run published nothing: no edge
    }
    for (Node out : outputs) {
      put(out);
      for (JsonNode in : e.path("inputs")) {
        node(in, false).ifPresent(
            n -> {
              put(n);
              if (!n.key().equals(out.key())) {
                edges.add(List.of(n.key(), out.key()));
              }
            });
      }
    }
  }

  private void put(Node n) {
    Node old = nodes.get(n.key());
    if (old == null || (old.kind() == Kind.PRODUCT && n.kind() == Kind.FEATURE_SET)) {
      nodes.put(n.key(), n);
    }
  }

  private static Optional<Node> node(JsonNode dataset, boolean featureSet) {
    String name = dataset.path("name").asText("");
    if (name.isEmpty()) {
      return Optional.empty();
    }
    if (name.startsWith(MODEL_PREFIX)) {
      return Optional.of(new Node(name, Kind.MODEL, name));
    }
    // A product dataset named by storage location carries its domain.name as a TABLE symlink.
    for (JsonNode id : dataset.path("facets").path("symlinks").path("identifiers")) {
      String key = id.path("name").asText("");
      if ("TABLE".equals(id.path("type").asText()) && PRODUCT.matcher(key).matches()) {
        return Optional.of(new Node(key, featureSet ? Kind.FEATURE_SET : Kind.PRODUCT, key));
      }
    }
    // Logs written before that naming: the table's path relative to the warehouse.
    Matcher m = TABLE.matcher(name);
    if (m.matches() && !"file".equals(dataset.path("namespace").asText(""))) {
      String key = m.group(1) + "." + m.group(2);
      return Optional.of(new Node(key, featureSet ? Kind.FEATURE_SET : Kind.PRODUCT, key));
    }
    String label = name.replaceAll("/+$", "");
    label = label.substring(label.lastIndexOf('/') + 1);
    return Optional.of(new Node("source:" + dataset.path("namespace").asText("") + ":" + name, Kind.SOURCE, label.isEmpty() ? name : label));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
  }
}
