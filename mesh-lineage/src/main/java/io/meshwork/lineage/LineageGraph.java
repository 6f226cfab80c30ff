package io.meshwork.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.NotFoundException;
import io.meshwork.core.storage.Storage;
import io.meshwork.core.storage.Warehouse;
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
 * <p><b>Nodes.</b> Products and feature sets are named {@code domain.name}: the {@code symlinks}
 * facet of their datasets (which are named by storage location), or in logs written before that
 * naming, the {@code meshContract} facet of an output, else the dataset name {@code <domain>/<name>}
 * or {@code <domain>/<name>/v<major>}; models {@code model:<name>}. A query may name one version,
 * {@code sales.orders@3} or {@code model:churn@2}, and then follows only the runs that produced or
 * read that version; a plain name follows every version. A version of a contract major's own table
 * (major 2 on) reads {@code v<major>:<version>}, as in {@code sales.orders@v2:0}. Raw sources are
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
  private static final Pattern PRODUCT = Pattern.compile("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*");
  private static final Pattern MAJOR_TABLE = Pattern.compile(".*/v([0-9]{1,9})/?");
  private static final String MODEL_PREFIX = "model:";
  /** The job type of feature-set runs ({@code job.facets.jobType.jobType}). */
  static final String FEATURE_SET_JOB_TYPE = RunEvents.FEATURE_SET_JOB_TYPE;

  /**
   * One version of a node: the data version of one contract major's table (major 1 for majors 0
   * and 1, which share a table; 0 for models); version null when the event did not say.
   */
  private record Vertex(String name, int major, String version) {
    /** {@code 3}, or {@code v2:3} for a version of a major's own table. */
    String label() {
      return version == null ? null : major <= 1 ? version : "v" + major + ":" + version;
    }

    @Override
    public String toString() {
      return version == null ? name : name + "@" + label();
    }
  }

  private final Path directory;
  private final Map<String, NodeKind> kinds = new TreeMap<>();
  private final Map<String, Set<Vertex>> versions = new TreeMap<>();
  private final Map<Vertex, Set<Vertex>> inputsOf = new HashMap<>();
  private final Map<Vertex, Set<Vertex>> readersOf = new HashMap<>();
  /** Per produced version: the raw sources it read (datasets that are no node), as {@code file:/path} or {@code s3://bucket/key}. */
  private final Map<Vertex, Set<String>> sourcesOf = new HashMap<>();
  /** Per produced version with a {@code columnLineage} facet: each output column's input fields, as {@code node#field}. */
  private final Map<Vertex, Map<String, Set<String>>> fieldsOf = new HashMap<>();
  /** Per produced version with a {@code columnLineage} facet: the input fields its whole output depends on (join keys, filters). */
  private final Map<Vertex, Set<String>> wholeOutputOf = new HashMap<>();

  /** Node-level edges of the picture (inputs and raw sources to outputs), in the order first seen. */
  private final Set<Edge> edges = new java.util.LinkedHashSet<>();
  /** Raw sources of the picture: {@code source:<namespace>:<name>} to its label (the file name). */
  private final Map<String, String> sourceLabels = new TreeMap<>();
  /** Per product, the quality assertions of the last run (completed or failed) that verified it. */
  private final Map<String, RunQuality> lastQuality = new TreeMap<>();
  private int events;

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
   * @throws io.meshwork.core.model.ContractException when the block is invalid
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
   * A node of the whole graph, as a picture of the mesh shows it: a product, feature set or model
   * by its name, or a raw source ({@link NodeKind#SOURCE}) keyed {@code source:<namespace>:<name>}
   * and labelled with its file name.
   */
  public record GraphNode(String key, NodeKind kind, String label) {}

  /** An edge of the whole graph: {@code from} (an input or raw source) was read to build {@code to}. */
  public record Edge(String from, String to) {}

  /** One assertion of a run's {@code dataQualityAssertions} facet on an output. */
  public record Assertion(String name, String assertion, String column, boolean success, String severity, String expected, String actual, String description) {}

  /** The assertions of one run on one output, with the run's event type ({@code COMPLETE} or {@code FAIL}) and time. */
  public record RunQuality(String eventType, String eventTime, List<Assertion> assertions) {}

  /** Every node, raw sources included, sorted by key. */
  public List<GraphNode> graphNodes() {
    TreeMap<String, GraphNode> all = new TreeMap<>();
    kinds.forEach((name, kind) -> all.put(name, new GraphNode(name, kind, name)));
    sourceLabels.forEach((key, label) -> all.put(key, new GraphNode(key, NodeKind.SOURCE, label)));
    return List.copyOf(all.values());
  }

  /** Every edge between nodes (not versions), in the order the log first showed it. */
  public List<Edge> edges() {
    return List.copyOf(edges);
  }

  /** The quality assertions of the last run, completed or failed, that verified {@code product} (by event time). */
  public Optional<RunQuality> lastQuality(String product) {
    return Optional.ofNullable(lastQuality.get(product));
  }

  /** How many distinct {@code COMPLETE} and {@code FAIL} events the log holds. */
  public int events() {
    return events;
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

  /**
   * Who reads one column of {@code product}: every node of {@link #impact(String)}, with whether
   * its versions read the column, following the {@code columnLineage} facets through any number of
   * hops (a column derived from the column carries it on). {@code yes}: an output column derives
   * from it, or the whole output depends on it (a join key, a filter); {@code no}: the node's
   * column lineage is known and never touches it; {@code may}: a run on the way has no column
   * lineage, so the node may read it.
   *
   * @param product {@code domain.name} or {@code domain.name@N}
   * @throws MeshException (exit 2) when the log does not know the product
   */
  public List<ColumnReader> columnImpact(String product, String column) {
    List<LineageNode> nodes = impact(product);
    Set<Vertex> start = resolve(product);
    Map<Vertex, Set<String>> yes = new HashMap<>();
    Map<Vertex, Set<String>> may = new HashMap<>();
    Set<Vertex> mayAll = new HashSet<>();
    Set<String> readsYes = new HashSet<>();
    Set<String> readsMay = new HashSet<>();
    Deque<Vertex> queue = new ArrayDeque<>(start);
    start.forEach(v -> yes.put(v, new HashSet<>(Set.of(column))));
    while (!queue.isEmpty()) {
      Vertex u = queue.removeFirst();
      Set<String> yesU = yes.getOrDefault(u, Set.of());
      Set<String> mayU = may.getOrDefault(u, Set.of());
      boolean allU = mayAll.contains(u);
      for (Vertex r : readersOf.getOrDefault(u, Set.of())) {
        if (start.contains(r)) {
          continue;
        }
        boolean changed = false;
        Map<String, Set<String>> fields = fieldsOf.get(r);
        if (fields == null) {
          if (!yesU.isEmpty() || !mayU.isEmpty() || allU) {
            readsMay.add(r.name());
            changed = mayAll.add(r);
          }
        } else {
          for (Map.Entry<String, Set<String>> f : fields.entrySet()) {
            for (String in : f.getValue()) {
              String field = fieldOf(in, u.name());
              if (field == null) {
                continue;
              }
              if (yesU.contains(field)) {
                readsYes.add(r.name());
                changed |= yes.computeIfAbsent(r, k -> new HashSet<>()).add(f.getKey());
              } else if (allU || mayU.contains(field)) {
                readsMay.add(r.name());
                changed |= may.computeIfAbsent(r, k -> new HashSet<>()).add(f.getKey());
              }
            }
          }
          for (String in : wholeOutputOf.getOrDefault(r, Set.of())) {
            String field = fieldOf(in, u.name());
            if (field != null && yesU.contains(field)) {
              readsYes.add(r.name());
            } else if (field != null && (allU || mayU.contains(field))) {
              readsMay.add(r.name());
            }
          }
        }
        if (changed) {
          queue.addLast(r);
        }
      }
    }
    List<ColumnReader> found = new ArrayList<>();
    for (LineageNode n : nodes) {
      found.add(new ColumnReader(n, readsYes.contains(n.name()) ? ColumnReader.YES : readsMay.contains(n.name()) ? ColumnReader.MAY : ColumnReader.NO));
    }
    return found;
  }

  /** The field of {@code input} ({@code node#field}) when it is a field of {@code node}, else null. */
  private static String fieldOf(String input, String node) {
    return input.length() > node.length() && input.startsWith(node) && input.charAt(node.length()) == '#' ? input.substring(node.length() + 1) : null;
  }

  @Override
  public String toString() {
    return "LineageGraph[" + Warehouse.display(directory) + ", " + kinds.size() + " nodes]";
  }

  // ---------------------------------------------------------------- queries

  private List<LineageNode> traverse(String node, int depth, Map<Vertex, Set<Vertex>> next) {
    if (depth < 1) {
      throw new ContractException("lineage depth must be at least 1 but was " + depth);
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
          vs.add(v.label());
        }
        for (Vertex in : inputsOf.getOrDefault(v, Set.of())) {
          if (reached.containsKey(in)) {
            ins.add(in.toString());
          }
        }
        ins.addAll(sourcesOf.getOrDefault(v, Set.of()));
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
      throw new NotFoundException(
          "No lineage for " + wanted.name() + " in " + Warehouse.display(directory) + ": no completed run produced or read it (known nodes: "
              + (kinds.isEmpty() ? "none" : String.join(", ", kinds.keySet())) + ")");
    }
    if (wanted.version() == null) {
      return all;
    }
    Set<Vertex> matching = all.stream().filter(v -> v.toString().equals(wanted.toString())).collect(java.util.stream.Collectors.toSet());
    if (matching.isEmpty()) {
      throw new NotFoundException(
          "No lineage for " + wanted + " in " + Warehouse.display(directory) + ": no completed run produced or read that version (versions in the log: "
              + all.stream().map(Vertex::label).filter(v -> v != null).sorted(LineageGraph::compareVersions).reduce((a, b) -> a + ", " + b).orElse("none")
              + ")");
    }
    return matching;
  }

  /** {@code name} or {@code name@version}. */
  private static Vertex parse(String node) {
    if (node == null || node.isBlank()) {
      throw new ContractException("a lineage node is required: domain.name, domain.name@N, model:<name> or model:<name>@N");
    }
    String text = node.trim();
    int at = text.lastIndexOf('@');
    if (at < 0) {
      return new Vertex(text, 1, null);
    }
    String version = text.substring(at + 1);
    if (at == 0 || version.isEmpty()) {
      throw new ContractException("'" + node + "' is not a lineage node: expected name@version, like sales.orders@3");
    }
    // Matched by its text (name@3, name@v2:3) against the vertices of the log.
    return new Vertex(text.substring(0, at), 1, version);
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
    String type = event.path("eventType").asText();
    if (!"COMPLETE".equals(type) && !"FAIL".equals(type)) {
      return;
    }
    if (!seen.add(event.path("run").path("runId").asText() + "/" + type)) {
      return;
    }
    events++;
    quality(event, type);
    if ("COMPLETE".equals(type)) {
      add(event); // a failed run published nothing: no edge
    }
  }

  /** Keeps the assertions of each output, when this run is the newest to have verified it. */
  private void quality(JsonNode event, String type) {
    String time = event.path("eventTime").asText("");
    for (JsonNode out : event.path("outputs")) {
      JsonNode assertions = out.path("facets").path("dataQualityAssertions").path("assertions");
      Optional<String> node = nodeName(out);
      if (!assertions.isArray() || node.isEmpty()) {
        continue;
      }
      RunQuality last = lastQuality.get(node.get());
      if (last != null && time.compareTo(last.eventTime()) < 0) {
        continue;
      }
      List<Assertion> list = new ArrayList<>();
      for (JsonNode a : assertions) {
        list.add(
            new Assertion(
                text(a, "name"), text(a, "assertion"), text(a, "column"), a.path("success").asBoolean(false), text(a, "severity"),
                text(a, "expected"), text(a, "actual"), text(a, "description")));
      }
      lastQuality.put(node.get(), new RunQuality(type, time, List.copyOf(list)));
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
  }

  private void add(JsonNode event) {
    boolean featureSet = FEATURE_SET_JOB_TYPE.equals(event.path("job").path("facets").path("jobType").path("jobType").asText());
    List<Vertex> inputs = new ArrayList<>();
    Map<String, String> nodeOfDataset = new HashMap<>();
    List<String> sources = new ArrayList<>();
    List<String> inputKeys = new ArrayList<>(); // nodes and raw sources, in the event's order
    for (JsonNode in : event.path("inputs")) {
      Optional<Vertex> v = vertex(in);
      String namespace = in.path("namespace").asText();
      String name = in.path("name").asText();
      if (v.isPresent()) {
        inputs.add(v.get());
        inputKeys.add(v.get().name());
        nodeOfDataset.put(namespace + "|" + name, v.get().name());
      } else if (!name.isEmpty()) {
        sources.add(sourceName(namespace, name));
        String key = "source:" + namespace + ":" + name;
        String label = name.replaceAll("/+$", "");
        label = label.substring(label.lastIndexOf('/') + 1);
        sourceLabels.put(key, label.isEmpty() ? name : label);
        inputKeys.add(key);
      }
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
      JsonNode columns = out.path("facets").path("columnLineage");
      if (columns.isObject()) {
        Map<String, Set<String>> fields = fieldsOf.computeIfAbsent(o, k -> new HashMap<>());
        columns.path("fields").fields().forEachRemaining(
            f -> fields.computeIfAbsent(f.getKey(), k -> new HashSet<>()).addAll(inputFields(f.getValue().path("inputFields"), nodeOfDataset)));
        wholeOutputOf.computeIfAbsent(o, k -> new HashSet<>()).addAll(inputFields(columns.path("dataset"), nodeOfDataset));
      }
      if (!sources.isEmpty()) {
        sourcesOf.computeIfAbsent(o, k -> new TreeSet<>()).addAll(sources);
      }
      for (String in : inputKeys) {
        if (!in.equals(o.name())) {
          edges.add(new Edge(in, o.name()));
        }
      }
      for (Vertex i : inputs) {
        if (!i.name().equals(o.name())) {
          inputsOf.computeIfAbsent(o, k -> new HashSet<>()).add(i);
          readersOf.computeIfAbsent(i, k -> new HashSet<>()).add(o);
        }
      }
    }
  }

  /**
   * A raw source as a person reads it: {@code file:/data/orders.csv} for namespace {@code file},
   * {@code s3://bucket/key} for {@code s3://bucket} (the OpenLineage naming spec's two parts joined).
   */
  static String sourceName(String namespace, String name) {
    if (namespace.contains("://")) {
      return namespace.replaceAll("/+$", "") + "/" + name.replaceAll("^/+", "");
    }
    return namespace + ":" + name;
  }

  /** Input fields of a {@code columnLineage} facet as {@code node#field}; fields of datasets that are no node (raw sources) left out. */
  private static List<String> inputFields(JsonNode fields, Map<String, String> nodeOfDataset) {
    List<String> found = new ArrayList<>();
    for (JsonNode f : fields) {
      String node = nodeOfDataset.get(f.path("namespace").asText() + "|" + f.path("name").asText());
      if (node != null && f.path("field").isTextual()) {
        found.add(node + "#" + f.path("field").asText());
      }
    }
    return found;
  }

  /**
   * The vertex of a dataset, registered; empty for raw sources and names that are no node. A
   * product is known by its {@code domain.name} symlink (events named by storage location), else
   * by the {@code meshContract} facet or by its name relative to the warehouse (the naming of
   * earlier logs, {@code <domain>/<name>[/v<major>]}); its major by the contract version of an
   * output, else by the {@code /v<major>} table of its location.
   */
  private Optional<Vertex> vertex(JsonNode dataset) {
    Optional<String> named = nodeName(dataset);
    if (named.isEmpty()) {
      return Optional.empty();
    }
    String node = named.get();
    String name = dataset.path("name").asText();
    JsonNode facets = dataset.path("facets");
    boolean model = node.startsWith(MODEL_PREFIX);
    JsonNode v = facets.path("version").path("datasetVersion");
    Vertex vertex = new Vertex(node, model ? 0 : major(name, facets), v.isMissingNode() || v.isNull() ? null : v.asText());
    kinds.putIfAbsent(node, model ? NodeKind.MODEL : NodeKind.PRODUCT);
    versions.computeIfAbsent(node, k -> new HashSet<>()).add(vertex);
    return Optional.of(vertex);
  }

  /** The node a dataset is (see {@link #vertex}), without registering it; empty for raw sources. */
  private static Optional<String> nodeName(JsonNode dataset) {
    String namespace = dataset.path("namespace").asText();
    String name = dataset.path("name").asText();
    JsonNode facets = dataset.path("facets");
    Optional<String> symlink = productSymlink(facets);
    if (name.startsWith(MODEL_PREFIX) && name.length() > MODEL_PREFIX.length()) {
      return Optional.of(name);
    } else if (symlink.isPresent()) {
      return symlink;
    } else if (facets.path("meshContract").path("product").isTextual()) {
      return Optional.of(facets.path("meshContract").path("product").asText());
    } else if (RunEvents.FILE_NAMESPACE.equals(namespace)) {
      return Optional.empty();
    }
    Matcher m = TABLE.matcher(name);
    return m.matches() ? Optional.of(m.group(1) + "." + m.group(2)) : Optional.empty();
  }

  /** The {@code domain.name} among a dataset's {@code symlinks} of type TABLE. */
  private static Optional<String> productSymlink(JsonNode facets) {
    for (JsonNode id : facets.path("symlinks").path("identifiers")) {
      String name = id.path("name").asText();
      if (RunEvents.SYMLINK_TYPE.equals(id.path("type").asText()) && PRODUCT.matcher(name).matches()) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  private static int major(String name, JsonNode facets) {
    JsonNode contract = facets.path("meshContract").path("contractVersion");
    if (contract.isTextual()) {
      try {
        return Math.max(1, Integer.parseInt(contract.asText().split("\\.")[0]));
      } catch (NumberFormatException e) {
        // fall back to the location
      }
    }
    Matcher m = MAJOR_TABLE.matcher(name);
    return m.matches() ? Math.max(1, Integer.parseInt(m.group(1))) : 1;
  }
}
