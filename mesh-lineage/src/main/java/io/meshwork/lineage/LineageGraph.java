package io.meshwork.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.meshwork.core.ExitCode;
import io.meshwork.core.MeshException;
import io.meshwork.core.Storage;
import io.meshwork.core.Warehouse;
import io.meshwork.lineage.internal.LineageObjects;
import io.meshwork.lineage.internal.LineageSettings;
import io.meshwork.lineage.internal.RunEvents;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lineage of a warehouse as a graph, built from the OpenLineage {@code COMPLETE} events in
 * its lineage log (never from hand-kept lists): each completed run links the versions it read to
 * the version it produced.
 *
 * <pre>{@code
 * LineageGraph graph = LineageGraph.load(warehouse.meshDir().resolve("lineage"));
 * graph.upstream("model:churn", Integer.MAX_VALUE);   // feature sets and products it was trained from
 * graph.downstream("crm.customers@3", 1);             // what read version 3 directly
 * graph.impact("crm.customers");                      // everything a change would touch, with versions
 * }</pre>
 *
 * <p><b>Nodes.</b> Products and feature sets are named {@code domain.name} (from the
 * {@code meshContract} facet of an output, else from the dataset name {@code <domain>/<name>} or
 * {@code <domain>/<name>/v<major>}); models {@code model:<name>}. A query may name one version,
 * {@code sales.orders@3} or {@code model:churn@2}, and then follows only the runs that produced or
 * read that version; a plain name follows every version. Raw sources (namespace {@code file}) are
 * not nodes. A product is a {@link NodeKind#FEATURE_SET} when a run producing it had job type
 * {@code FEATURE_SET}.
 *
 * <p><b>Log.</b> Every event object of the lineage directory is read ({@code events/}, and
 * {@code spool/} with events not yet delivered over HTTP; one object per event, on any Hadoop
 * filesystem), and every line of its {@code *.jsonl} files (the single-file log of earlier
 * releases); an event found twice (same run id and type) counts once. A line that is not a JSON event is skipped with a warning. Immutable:
 * load again to see newer events.
 */
public final class LineageGraph {
  private static final Logger LOG = LoggerFactory.getLogger(LineageGraph.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TABLE = Pattern.compile("([a-z][a-z0-9_]*)/([a-z][a-z0-9_]*)(/v[0-9]+)?");
  private static final String MODEL_PREFIX = "model:";
  /** The job type of feature-set runs ({@code job.facets.jobType.jobType}). */
  static final String FEATURE_SET_JOB_TYPE = RunEvents.FEATURE_SET_JOB_TYPE;

  /** One version of a node; version null when the event did not say. */
  private record Vertex(String name, String version) {
    @Override
    public String toString() {
      return version == null ? name : name + "@" + version;
    }
  }

  private final Path directory;
  private final Map<String, NodeKind> kinds = new TreeMap<>();
  private final Map<String, Set<Vertex>> versions = new TreeMap<>();
  private final Map<Vertex, Set<Vertex>> inputsOf = new HashMap<>();
  private final Map<Vertex, Set<Vertex>> readersOf = new HashMap<>();

  private LineageGraph(Path directory) {
    this.directory = directory;
  }

  /**
   * Reads the lineage log in {@code lineageDir}; a directory that does not exist gives an empty
   * graph.
   *
   * @throws UncheckedIOException when a log file cannot be read
   */
  public static LineageGraph load(Path lineageDir) {
    LineageGraph graph = new LineageGraph(lineageDir);
    Set<String> seen = new HashSet<>();
    for (LineageObjects.Stored event : LineageObjects.readAll(lineageDir)) {
      graph.read(event, seen);
    }
    return graph;
  }

  /** Reads the lineage log in a local directory. */
  public static LineageGraph load(java.nio.file.Path lineageDir) {
    return load(Storage.location(lineageDir));
  }

  /**
   * Reads the lineage log where the {@code lineage} block of {@code config} puts it (by default
   * {@code <warehouse>/_mesh/lineage}).
   *
   * @throws io.meshwork.core.ContractException when the block is invalid
   */
  public static LineageGraph load(Config config, Warehouse warehouse) {
    return load(LineageSettings.from(config, warehouse).directory());
  }

  /** The directory the graph was read from. */
  public Path directory() {
    return directory;
  }

  /** Every node name, sorted. */
  public List<String> nodes() {
    return List.copyOf(kinds.keySet());
  }

  /** What a node is; empty when the log never mentions it. Accepts {@code name@version}. */
  public Optional<NodeKind> kind(String node) {
    return Optional.ofNullable(kinds.get(parse(node).name()));
  }

  /**
   * What {@code node} was built from: its inputs, their inputs, and so on, up to {@code depth}
   * hops, nearest first (then by name).
   *
   * @param node {@code domain.name}, {@code domain.name@N}, {@code model:<name>} or {@code model:<name>@N}
   * @param depth how many hops to follow, at least 1 ({@code Integer.MAX_VALUE}: all)
   * @throws MeshException (exit 2) when the log does not know the node or the depth is below 1
   */
  public List<LineageNode> upstream(String node, int depth) {
    return traverse(node, depth, inputsOf);
  }

  /**
   * What was built from {@code node}: its readers, their readers, and so on, up to {@code depth}
   * hops, nearest first (then by name).
   *
   * @throws MeshException (exit 2) when the log does not know the node or the depth is below 1
   */
  public List<LineageNode> downstream(String node, int depth) {
    return traverse(node, depth, readersOf);
  }

  /**
   * Everything a change to {@code product} would touch: every product, feature set and model
   * downstream of it at any depth, each with its versions that were built from it and the
   * versions of the product (and of the nodes in between) they read.
   *
   * @throws MeshException (exit 2) when the log does not know the product
   */
  public List<LineageNode> impact(String product) {
    return traverse(product, Integer.MAX_VALUE, readersOf);
  }

  @Override
  public String toString() {
    return "LineageGraph[" + Warehouse.display(directory) + ", " + kinds.size() + " nodes]";
  }

  // ---------------------------------------------------------------- queries

  private List<LineageNode> traverse(String node, int depth, Map<Vertex, Set<Vertex>> next) {
    if (depth < 1) {
      throw new MeshException(ExitCode.USAGE, "lineage depth must be at least 1 but was " + depth);
    }
    Set<Vertex> start = resolve(node);
    String startName = start.iterator().next().name();
    Map<Vertex, Integer> reached = new LinkedHashMap<>();
    Deque<Vertex> queue = new ArrayDeque<>();
    start.forEach(v -> reached.put(v, 0));
    queue.addAll(start);
    while (!queue.isEmpty()) {
      Vertex v = queue.removeFirst();
      int d = reached.get(v);
      if (d == depth) {
        continue;
      }
      for (Vertex n : next.getOrDefault(v, Set.of())) {
        if (!reached.containsKey(n)) {
          reached.put(n, d + 1);
          queue.addLast(n);
        }
      }
    }
    Map<String, List<Vertex>> byName = new TreeMap<>();
    reached.keySet().stream().filter(v -> !v.name().equals(startName)).forEach(v -> byName.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(v));
    List<LineageNode> found = new ArrayList<>();
    for (Map.Entry<String, List<Vertex>> e : byName.entrySet()) {
      int min = e.getValue().stream().mapToInt(reached::get).min().orElseThrow();
      TreeSet<String> vs = new TreeSet<>(LineageGraph::compareVersions);
      TreeSet<String> ins = new TreeSet<>();
      for (Vertex v : e.getValue()) {
        if (v.version() != null) {
          vs.add(v.version());
        }
        for (Vertex in : inputsOf.getOrDefault(v, Set.of())) {
          if (reached.containsKey(in)) {
            ins.add(in.toString());
          }
        }
      }
      found.add(new LineageNode(e.getKey(), kinds.get(e.getKey()), min, List.copyOf(vs), List.copyOf(ins)));
    }
    found.sort(Comparator.comparingInt(LineageNode::depth).thenComparing(LineageNode::name));
    return found;
  }

  private Set<Vertex> resolve(String node) {
    Vertex wanted = parse(node);
    Set<Vertex> all = versions.get(wanted.name());
    if (all == null) {
      throw new MeshException(
          ExitCode.USAGE,
          "No lineage for " + wanted.name() + " in " + Warehouse.display(directory) + ": no completed run produced or read it (known nodes: "
              + (kinds.isEmpty() ? "none" : String.join(", ", kinds.keySet())) + ")");
    }
    if (wanted.version() == null) {
      return all;
    }
    if (!all.contains(wanted)) {
      throw new MeshException(
          ExitCode.USAGE,
          "No lineage for " + wanted + " in " + Warehouse.display(directory) + ": no completed run produced or read that version (versions in the log: "
              + all.stream().map(Vertex::version).filter(v -> v != null).sorted(LineageGraph::compareVersions).reduce((a, b) -> a + ", " + b).orElse("none")
              + ")");
    }
    return Set.of(wanted);
  }

  /** {@code name} or {@code name@version}. */
  private static Vertex parse(String node) {
    if (node == null || node.isBlank()) {
      throw new MeshException(ExitCode.USAGE, "a lineage node is required: domain.name, domain.name@N, model:<name> or model:<name>@N");
    }
    String text = node.trim();
    int at = text.lastIndexOf('@');
    if (at < 0) {
      return new Vertex(text, null);
    }
    String version = text.substring(at + 1);
    if (at == 0 || version.isEmpty()) {
      throw new MeshException(ExitCode.USAGE, "'" + node + "' is not a lineage node: expected name@version, like sales.orders@3");
    }
    return new Vertex(text.substring(0, at), version);
  }

  /** Numbers numerically, anything else after them as text. */
  private static int compareVersions(String a, String b) {
    boolean na = a.matches("\\d{1,18}");
    boolean nb = b.matches("\\d{1,18}");
    if (na && nb) {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    }
    return na ? -1 : nb ? 1 : a.compareTo(b);
  }

  // ---------------------------------------------------------------- loading

  private void read(LineageObjects.Stored stored, Set<String> seen) {
    JsonNode event;
    try {
      event = JSON.readTree(stored.json());
    } catch (JsonProcessingException e) {
      LOG.warn("{}:{}: not a JSON lineage event, skipped: {}", Warehouse.display(stored.file()), stored.line(), e.getOriginalMessage());
      return;
    }
    if (!"COMPLETE".equals(event.path("eventType").asText())) {
      return;
    }
    if (!seen.add(event.path("run").path("runId").asText() + "/COMPLETE")) {
      return;
    }
    add(event);
  }

  private void add(JsonNode event) {
    boolean featureSet = FEATURE_SET_JOB_TYPE.equals(event.path("job").path("facets").path("jobType").path("jobType").asText());
    List<Vertex> inputs = new ArrayList<>();
    for (JsonNode in : event.path("inputs")) {
      vertex(in).ifPresent(inputs::add);
    }
    for (JsonNode out : event.path("outputs")) {
      Optional<Vertex> produced = vertex(out);
      if (produced.isEmpty()) {
        continue;
      }
      Vertex o = produced.get();
      if (featureSet && !o.name().startsWith(MODEL_PREFIX)) {
        kinds.put(o.name(), NodeKind.FEATURE_SET);
      }
      for (Vertex i : inputs) {
        if (!i.name().equals(o.name())) {
          inputsOf.computeIfAbsent(o, k -> new HashSet<>()).add(i);
          readersOf.computeIfAbsent(i, k -> new HashSet<>()).add(o);
        }
      }
    }
  }

  /** The vertex of a dataset, registered; empty for raw sources and names that are no node. */
  private Optional<Vertex> vertex(JsonNode dataset) {
    String namespace = dataset.path("namespace").asText();
    String name = dataset.path("name").asText();
    JsonNode facets = dataset.path("facets");
    String node;
    if (name.startsWith(MODEL_PREFIX) && name.length() > MODEL_PREFIX.length()) {
      node = name;
    } else if (RunEvents.FILE_NAMESPACE.equals(namespace)) {
      return Optional.empty();
    } else if (facets.path("meshContract").path("product").isTextual()) {
      node = facets.path("meshContract").path("product").asText();
    } else {
      Matcher m = TABLE.matcher(name);
      if (!m.matches()) {
        return Optional.empty();
      }
      node = m.group(1) + "." + m.group(2);
    }
    JsonNode v = facets.path("version").path("datasetVersion");
    Vertex vertex = new Vertex(node, v.isMissingNode() || v.isNull() ? null : v.asText());
    kinds.putIfAbsent(node, node.startsWith(MODEL_PREFIX) ? NodeKind.MODEL : NodeKind.PRODUCT);
    versions.computeIfAbsent(node, k -> new HashSet<>()).add(vertex);
    return Optional.of(vertex);
  }
}
