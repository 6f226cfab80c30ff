package io.meshwork.jobs.docs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.meshwork.core.Mesh;
import io.meshwork.core.catalog.CatalogEntry;
import io.meshwork.core.catalog.ProductVersion;
import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.model.ColumnSpec;
import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Freshness;
import io.meshwork.core.model.ProductId;
import io.meshwork.lineage.LineageGraph.GraphNode;
import io.meshwork.lineage.LineageGraph;
import io.meshwork.lineage.NodeKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Writes the data docs of a warehouse: a static HTML site that needs no server and loads nothing
 * from the network.
 *
 * <ul>
 *   <li>{@code index.html}: every product, with a client-side search over name, description,
 *       columns, owner, domain and tags (the index is embedded in the page; {@code index.html?q=orders}
 *       opens with that search);
 *   <li>{@code products/<domain>.<name>.html}: owner, description, schema with classifications,
 *       contract version, certified data versions, the last quality results, trend charts (rows
 *       per version, constraints passed and failed per run), the freshness SLA status computed
 *       like {@code mesh sla check}, and the product's inputs and consumers;
 *   <li>{@code lineage.html}: the graph of products, feature sets, models and raw sources from
 *       the completed runs of the OpenLineage log, laid out while the site is written (ELK's
 *       layered algorithm, edges routed around the boxes), and the list of its edges.
 * </ul>
 *
 * <pre>{@code
 * Mesh mesh = Mesh.open(spark, Path.of("warehouse"));
 * List<Path> pages = DocsSite.builder(mesh)
 *     .contracts(new ContractRepository(Path.of("conf")))
 *     .build()
 *     .write(Path.of("site"));
 * }</pre>
 *
 * <p>A product appears when it has a contract, a table in the warehouse or a run in the catalog.
 * A contract that does not load is reported through {@link Builder#progress} and the product is
 * documented from the catalog alone. The pages come from Mustache templates (resources of this
 * package), which HTML-escape every value.
 */
public final class DocsSite {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final String PASSED_COLOR = "#12b76a";
  private static final String WARNED_COLOR = "#f79009";
  private static final String FAILED_COLOR = "#f04438";

  private final Mesh mesh;
  private final ContractRepository contracts;
  private final org.apache.hadoop.fs.Path lineageDir;
  private final Clock clock;
  private final Consumer<String> progress;

  private DocsSite(Builder b) {
    this.mesh = b.mesh;
    this.contracts = b.contracts;
    this.lineageDir = b.lineageDir != null ? b.lineageDir : new org.apache.hadoop.fs.Path(b.mesh.warehouse().meshDir(), "lineage");
    this.clock = b.clock;
    this.progress = b.progress;
  }

  /** A site over {@code mesh}'s warehouse: its catalog, tables and lineage log. */
  public static Builder builder(Mesh mesh) {
    return new Builder(Objects.requireNonNull(mesh, "mesh"));
  }

  /** Configures a {@link DocsSite}; every setting is optional. */
  public static final class Builder {
    private final Mesh mesh;
    private ContractRepository contracts;
    private org.apache.hadoop.fs.Path lineageDir;
    private Clock clock = Clock.systemUTC();
    private Consumer<String> progress = line -> {};

    private Builder(Mesh mesh) {
      this.mesh = mesh;
    }

    /** The project's contracts: descriptions, owners, schemas, SLAs, tags. Without them, the catalog alone. */
    public Builder contracts(ContractRepository contracts) {
      this.contracts = contracts;
      return this;
    }

    /** The directory of the OpenLineage log ({@code *.jsonl}); default {@code <warehouse>/_mesh/lineage}. */
    public Builder lineageDir(org.apache.hadoop.fs.Path dir) {
      this.lineageDir = dir;
      return this;
    }

    /** The clock SLA ages are measured with, and the generation time printed; default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Receives one line per step (reading, writing) and per contract that does not load. */
    public Builder progress(Consumer<String> progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    public DocsSite build() {
      return new DocsSite(this);
    }
  }

  /** What the docs say about one product. */
  private record Product(
      ProductId id,
      DataProduct contract,
      String problem,
      List<String> tags,
      boolean featureSet,
      List<CatalogEntry> runs,
      List<ProductVersion> versions,
      String sla,
      Instant lastPublished,
      Long ageSeconds,
      LineageGraph.RunQuality quality) {
    String description() {
      return contract != null ? contract.description() : runs.isEmpty() ? null : runs.get(0).description();
    }

    String owner() {
      return contract != null ? contract.owner().toString() : runs.isEmpty() ? null : runs.get(0).owner();
    }

    CatalogEntry lastRun() {
      return runs.isEmpty() ? null : runs.get(0);
    }

    String page() {
      return "products/" + id + ".html";
    }
  }

  /**
   * Writes the site into {@code outDir} (created if needed; pages already there are replaced,
   * other files left alone).
   *
   * @return the pages written, {@code index.html} first
   * @throws UncheckedIOException when a page cannot be written
   */
  public List<Path> write(Path outDir) {
    Instant now = clock.instant();
    progress.accept("Reading the catalog of " + mesh.warehouse());
    List<Product> products = products(now);
    progress.accept("Reading the lineage log in " + io.meshwork.core.storage.Warehouse.display(lineageDir));
    LineageGraph graph = LineageGraph.load(lineageDir);
    Picture lineage = Picture.of(graph, products);
    List<Product> withQuality = products.stream().map(p -> withQuality(p, graph.lastQuality(p.id().toString()).orElse(null))).toList();

    String generated = TIME.format(now);
    List<Path> written = new ArrayList<>();
    progress.accept("Writing " + (withQuality.size() + 2) + " pages to " + outDir.toAbsolutePath().normalize());
    written.add(write(outDir.resolve("index.html"), index(withQuality, generated)));
    Set<String> pages = withQuality.stream().map(p -> p.id().toString()).collect(Collectors.toCollection(TreeSet::new));
    for (Product p : withQuality) {
      written.add(write(outDir.resolve(p.page()), productPage(p, lineage, pages, generated)));
    }
    written.add(write(outDir.resolve("lineage.html"), lineagePage(lineage, pages, generated)));
    return written;
  }

  private static Product withQuality(Product p, LineageGraph.RunQuality q) {
    return new Product(p.id(), p.contract(), p.problem(), p.tags(), p.featureSet(), p.runs(), p.versions(), p.sla(), p.lastPublished(), p.ageSeconds(), q);
  }

  // ---------------------------------------------------------------- model

  private List<Product> products(Instant now) {
    Set<ProductId> ids = new TreeSet<>();
    List<ProductId> contractIds = contracts == null ? List.of() : contracts.list();
    ids.addAll(contractIds);
    List<ProductId> tables = mesh.products();
    ids.addAll(tables);
    mesh.catalog().list().forEach(e -> ids.add(ProductId.parse(e.product())));
    List<Product> out = new ArrayList<>();
    for (ProductId id : ids) {
      DataProduct contract = null;
      String problem = null;
      if (contractIds.contains(id)) {
        try {
          contract = contracts.load(id);
        } catch (ContractException e) {
          problem = e.getMessage();
          progress.accept("Warning: documenting " + id + " from the catalog only: " + e.getMessage());
        }
      }
      Config raw = rawContract(contract);
      List<String> tags = raw.hasPath("product.tags") ? raw.getStringList("product.tags") : List.of();
      boolean featureSet = raw.hasPath("product.kind") && "feature-set".equals(raw.getString("product.kind"));
      List<CatalogEntry> runs = mesh.catalog().entries(id);
      List<ProductVersion> versions = tables.contains(id) ? mesh.read(id).versions() : List.of();
      // As `mesh sla check`: the age of the last certified publish against sla.freshness.
      Instant last = runs.stream().filter(CatalogEntry::certified).map(CatalogEntry::publishedAt).max(Comparator.naturalOrder()).orElse(null);
      Freshness sla = Freshness.of(contract == null ? null : contract.freshness(), last, now);
      out.add(new Product(id, contract, problem, tags, featureSet, runs, versions, sla.status(), last, sla.ageSeconds(), null));
    }
    return out;
  }

  /** The contract file as plain HOCON, for keys {@link DataProduct} does not carry (tags, kind). */
  private static Config rawContract(DataProduct contract) {
    if (contract == null || contract.file() == null || !Files.isRegularFile(contract.file())) {
      return ConfigFactory.empty();
    }
    try {
      return ConfigFactory.parseFile(contract.file().toFile());
    } catch (RuntimeException e) {
      return ConfigFactory.empty(); // it loaded as a contract a moment ago; tags are optional
    }
  }

  // ---------------------------------------------------------------- index

  private String index(List<Product> products, String generated) {
    List<Map<String, Object>> entries = new ArrayList<>();
    for (Product p : products) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", p.id().toString());
      m.put("domain", p.id().domain());
      m.put("name", p.id().name());
      m.put("description", p.description());
      m.put("owner", p.owner());
      m.put("email", p.contract() == null ? null : p.contract().owner().email());
      m.put("tags", p.tags());
      m.put("kind", p.featureSet() ? "feature set" : "product");
      List<Map<String, String>> cols = new ArrayList<>();
      if (p.contract() != null) {
        for (ColumnSpec c : p.contract().columns()) {
          Map<String, String> cm = new LinkedHashMap<>();
          cm.put("name", c.name());
          cm.put("description", c.description());
          cols.add(cm);
        }
      }
      m.put("columns", cols);
      m.put("sla", p.sla());
      m.put("version", p.versions().isEmpty() ? null : p.versions().get(p.versions().size() - 1).version());
      m.put("contractVersion", p.contract() != null ? p.contract().version().toString() : p.lastRun() == null ? null : p.lastRun().contractVersion());
      m.put("lastRun", p.lastRun() == null ? null : p.lastRun().status());
      m.put("url", p.page());
      entries.add(m);
    }
    long domains = products.stream().map(p -> p.id().domain()).distinct().count();
    long ok = products.stream().filter(p -> "ok".equals(p.sla())).count();
    long breached = products.stream().filter(p -> "breached".equals(p.sla())).count();
    long never = products.stream().filter(p -> "never-published".equals(p.sla())).count();
    Map<String, Object> view = new HashMap<>();
    view.put("warehouse", mesh.warehouse().toString());
    view.put("stats", List.of(
        stat(products.size(), "products", ""),
        stat(domains, "domains", ""),
        stat(ok, "SLA ok", "ok"),
        stat(breached, "SLA breached", breached > 0 ? "bad" : ""),
        stat(never, "never published", never > 0 ? "warn" : "")));
    view.put("products", products.stream().map(p -> Map.of("page", p.page(), "id", p.id().toString(), "description", p.description() == null ? "" : p.description())).toList());
    view.put("indexJson", Html.scriptJson(json(entries)));
    return Html.page("Catalog", "", "catalog", generated, Html.render("index", view), SEARCH_SCRIPT);
  }

  private static Map<String, Object> stat(long n, String label, String tone) {
    return Map.of("n", n, "label", label, "tone", tone);
  }

  // The ranking mirrors CatalogSearch (`mesh catalog search`): an exact name beats a name part,
  // then domain, tag, column, owner, description, column description; every term must match.
  private static final String SEARCH_SCRIPT =
      """
      (function () {
        var products = JSON.parse(document.getElementById("catalog-index").textContent);
        var input = document.getElementById("q");
        var results = document.getElementById("results");
        var summary = document.getElementById("summary");
        function has(text, term) { return text != null && String(text).toLowerCase().indexOf(term) >= 0; }
        function score(p, terms) {
          var total = 0, where = [];
          for (var i = 0; i < terms.length; i++) {
            var t = terms[i], s = 0;
            function add(field, points) { if (points > 0) { s += points; if (where.indexOf(field) < 0) where.push(field); } }
            add("name", p.name === t || p.id === t ? 100 : has(p.id, t) ? 50 : 0);
            add("domain", p.domain === t ? 30 : 0);
            add("tag", p.tags.some(function (x) { return has(x, t); }) ? 25 : 0);
            add("column", p.columns.some(function (c) { return has(c.name, t); }) ? 20 : 0);
            add("owner", has(p.owner, t) || has(p.email, t) ? 15 : 0);
            add("description", has(p.description, t) ? 10 : 0);
            add("column description", p.columns.some(function (c) { return has(c.description, t); }) ? 5 : 0);
            if (s === 0) return null;
            total += s;
          }
          return { product: p, score: total, where: where };
        }
        function el(tag, cls, text) {
          var e = document.createElement(tag);
          if (cls) e.className = cls;
          if (text != null) e.textContent = text;
          return e;
        }
        function render(query) {
          var terms = query.toLowerCase().trim().split(/\\s+/).filter(function (t) { return t.length > 0; });
          var hits = [];
          products.forEach(function (p) {
            var h = terms.length ? score(p, terms) : { product: p, score: 0, where: [] };
            if (h) hits.push(h);
          });
          hits.sort(function (a, b) { return b.score - a.score || (a.product.id < b.product.id ? -1 : 1); });
          results.textContent = "";
          hits.forEach(function (h) {
            var p = h.product, li = el("li", "hit");
            li.dataset.product = p.id;
            var head = el("div", "hit-head"), a = el("a", "hit-name", p.id);
            a.href = p.url;
            head.appendChild(a);
            if (p.kind !== "product") head.appendChild(el("span", "badge badge-kind", p.kind));
            head.appendChild(el("span", "badge badge-" + p.sla, "SLA " + p.sla));
            if (p.lastRun === "failed") head.appendChild(el("span", "badge badge-failed", "last run failed"));
            li.appendChild(head);
            if (p.description) li.appendChild(el("p", null, p.description));
            var meta = el("div", "meta");
            meta.appendChild(el("span", null, "owner " + (p.owner || "unknown")));
            meta.appendChild(el("span", null, "domain " + p.domain));
            if (p.version != null) meta.appendChild(el("span", null, "data version " + p.version));
            if (p.contractVersion) meta.appendChild(el("span", null, "contract " + p.contractVersion));
            meta.appendChild(el("span", null, p.columns.length + " columns"));
            if (p.tags.length) {
              var tags = el("span");
              p.tags.forEach(function (t) { tags.appendChild(el("span", "tag", t)); });
              meta.appendChild(tags);
            }
            li.appendChild(meta);
            if (h.where.length) li.appendChild(el("div", "matched", "matched in " + h.where.join(", ")));
            results.appendChild(li);
          });
          summary.textContent = terms.length
            ? hits.length + (hits.length === 1 ? " product matches " : " products match ") + "\\u201c" + query.trim() + "\\u201d"
            : products.length + (products.length === 1 ? " product" : " products");
          results.dataset.query = query.trim();
          results.dataset.count = String(hits.length);
        }
        var initial = new URLSearchParams(window.location.search).get("q") || "";
        input.value = initial;
        render(initial);
        input.addEventListener("input", function () {
          render(input.value);
          var url = new URL(window.location.href);
          if (input.value.trim()) url.searchParams.set("q", input.value.trim()); else url.searchParams.delete("q");
          try { history.replaceState(null, "", url.toString()); } catch (e) { /* file: URLs in some browsers */ }
        });
      })();
      """;

  /**
   * The lineage as the docs draw it: the graph's nodes (raw sources included) and edges, plus every
   * documented product, so that a product shows even before its first run.
   */
  record Picture(Map<String, GraphNode> nodes, List<LineageGraph.Edge> edges, int events) {
    static Picture of(LineageGraph graph, List<Product> products) {
      Map<String, GraphNode> nodes = new TreeMap<>();
      graph.graphNodes().forEach(n -> nodes.put(n.key(), n));
      for (Product p : products) {
        String key = p.id().toString();
        GraphNode n = nodes.get(key);
        if (n == null || (p.featureSet() && n.kind() == NodeKind.PRODUCT)) {
          nodes.put(key, new GraphNode(key, p.featureSet() ? NodeKind.FEATURE_SET : NodeKind.PRODUCT, key));
        }
      }
      return new Picture(nodes, graph.edges(), graph.events());
    }

    /** Nodes upstream of {@code key} by one hop, sorted. */
    List<GraphNode> inputsOf(String key) {
      return edges.stream().filter(e -> e.to().equals(key)).map(e -> nodes.get(e.from())).distinct().sorted(Comparator.comparing(GraphNode::key)).toList();
    }

    /** Nodes downstream of {@code key} by one hop, sorted. */
    List<GraphNode> readersOf(String key) {
      return edges.stream().filter(e -> e.from().equals(key)).map(e -> nodes.get(e.to())).distinct().sorted(Comparator.comparing(GraphNode::key)).toList();
    }
  }

  // ---------------------------------------------------------------- product page

  private String productPage(Product p, Picture lineage, Set<String> pages, String generated) {
    DataProduct c = p.contract();
    CatalogEntry last = p.lastRun();
    ProductVersion latest = p.versions().isEmpty() ? null : p.versions().get(p.versions().size() - 1);
    // Optional values are null (an absent section); Mustache looks a missing name up in the
    // enclosing scopes, so every list item carries all the names its template uses.
    Map<String, Object> v = new HashMap<>();
    v.put("domain", p.id().domain());
    v.put("id", p.id().toString());
    v.put("featureSet", p.featureSet());
    v.put("sla", p.sla());
    v.put("slaBadge", new Html.Badge("SLA " + p.sla(), p.sla()));
    v.put("lastRunBadge", last == null ? null : new Html.Badge("last run " + last.status(), last.status()));
    v.put("description", p.description());
    v.put("problem", p.problem());
    v.put("owner", c == null ? (p.owner() == null ? "unknown" : p.owner()) : c.owner().toString());
    v.put("email", c == null ? null : c.owner().email());
    v.put("contractVersion", c == null ? null : c.version().toString());
    v.put("runContractVersion", last == null ? "–" : last.contractVersion());
    v.put("latest", latest == null ? null : Map.of("version", latest.version(), "time", TIME.format(latest.timestamp())));
    v.put("latestRows", latest == null || latest.rows() == null ? "–" : String.format(Locale.ROOT, "%,d", latest.rows()));
    v.put("freshness", c == null || c.freshness() == null ? "none" : format(c.freshness()));
    v.put("published", p.lastPublished() == null ? null : Map.of("time", TIME.format(p.lastPublished()), "age", age(p.ageSeconds())));
    v.put("primaryKey", c == null || c.primaryKey().isEmpty() ? null : String.join(", ", c.primaryKey()));
    List<Map<String, Object>> inputs = new ArrayList<>();
    if (c != null) {
      c.inputs().forEach(r -> {
        Map<String, Object> in = link(r.id().toString(), pages, "../");
        in.put("first", inputs.isEmpty());
        in.put("pinned", r.pinnedVersion().isPresent() ? r.pinnedVersion().getAsLong() : null);
        inputs.add(in);
      });
    }
    v.put("hasInputs", !inputs.isEmpty());
    v.put("inputs", inputs);
    v.put("hasTags", !p.tags().isEmpty());
    v.put("tags", p.tags());

    v.put("hasContract", c != null);
    List<Map<String, Object>> columns = new ArrayList<>();
    if (c != null) {
      for (ColumnSpec col : c.columns()) {
        Map<String, Object> m = new HashMap<>();
        m.put("name", col.name());
        m.put("key", c.primaryKey().contains(col.name()));
        m.put("type", col.type());
        m.put("nullable", col.nullable() ? "yes" : "no");
        m.put("classification", col.classification() == null ? null : new Html.Badge(col.classification(), col.classification()));
        m.put("text", col.description() == null ? "" : col.description());
        columns.add(m);
      }
    }
    v.put("columns", columns);

    if (last != null) {
      Map<String, Object> m = new HashMap<>();
      m.put("status", new Html.Badge(last.status(), last.status()));
      m.put("time", TIME.format(last.publishedAt()));
      m.put("runDate", last.runDate());
      m.put("passed", new Html.Badge(last.constraintsPassed() + " passed", "passed"));
      m.put("warned", new Html.Badge(last.constraintsWarned() + " warned", last.constraintsWarned() > 0 ? "warned" : "muted"));
      m.put("failed", new Html.Badge(last.constraintsFailed() + " failed", last.constraintsFailed() > 0 ? "failed" : "muted"));
      m.put("message", last.message());
      v.put("last", m);
    }
    boolean hasAssertions = p.quality() != null && !p.quality().assertions().isEmpty();
    v.put("hasAssertions", hasAssertions);
    if (hasAssertions) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (LineageGraph.Assertion a : p.quality().assertions()) {
        String result = a.success() ? "passed" : "warn".equals(a.severity()) ? "warned" : "failed";
        Map<String, Object> m = new HashMap<>();
        m.put("name", a.name() != null ? a.name() : a.assertion() == null ? "" : a.assertion());
        m.put("note", a.description());
        m.put("column", a.column());
        m.put("severity", a.severity() == null ? "" : a.severity());
        m.put("expected", a.expected() == null ? "" : a.expected());
        m.put("actual", a.actual() == null ? "" : a.actual());
        m.put("result", new Html.Badge(result, result));
        rows.add(m);
      }
      v.put("assertions", rows);
    }
    boolean hasDeclared = !hasAssertions && c != null && !c.constraints().isEmpty();
    v.put("hasDeclared", hasDeclared);
    if (hasDeclared) {
      v.put("declared", c.constraints().stream()
          .map(k -> Map.of("label", k.name() != null ? k.name() + " — " + k.label() : k.label(), "level", k.severity().keyword()))
          .toList());
    }

    List<ProductVersion> recentVersions = p.versions().subList(Math.max(0, p.versions().size() - 30), p.versions().size());
    if (!recentVersions.isEmpty()) {
      v.put("rowsChart", Charts.bars(
          "Rows per data version",
          recentVersions.stream().map(x -> "v" + x.version()).toList(),
          List.of(new Charts.Series("rows", "#6366f1")),
          recentVersions.stream().map(x -> new double[] {x.rows() == null ? 0 : x.rows()}).toList(),
          recentVersions.stream().map(x -> "v" + x.version() + ": " + (x.rows() == null ? "unknown" : String.format(Locale.ROOT, "%,d", x.rows())) + " rows, " + TIME.format(x.timestamp())).toList()));
    }
    List<CatalogEntry> chronological = new ArrayList<>(p.runs());
    java.util.Collections.reverse(chronological);
    List<CatalogEntry> recentRuns = chronological.subList(Math.max(0, chronological.size() - 30), chronological.size());
    if (!recentRuns.isEmpty()) {
      List<String> labels = new ArrayList<>();
      for (int i = 0; i < recentRuns.size(); i++) {
        labels.add("#" + (chronological.size() - recentRuns.size() + i + 1));
      }
      v.put("runsChart", Charts.bars(
          "Constraints passed, warned and failed per run",
          labels,
          List.of(new Charts.Series("passed", PASSED_COLOR), new Charts.Series("warned", WARNED_COLOR), new Charts.Series("failed", FAILED_COLOR)),
          recentRuns.stream().map(e -> new double[] {e.constraintsPassed(), e.constraintsWarned(), e.constraintsFailed()}).toList(),
          recentRuns.stream().map(e -> TIME.format(e.publishedAt()) + " " + e.status() + ": " + e.constraintsPassed() + " passed, " + e.constraintsWarned() + " warned, " + e.constraintsFailed() + " failed").toList()));
    }

    v.put("hasVersions", !p.versions().isEmpty());
    List<Map<String, Object>> versions = new ArrayList<>();
    for (ProductVersion x : p.versions()) {
      Map<String, Object> m = new HashMap<>();
      m.put("version", x.version());
      m.put("time", TIME.format(x.timestamp()));
      m.put("contract", x.contractVersion() == null ? "" : x.contractVersion());
      m.put("runDate", x.runDate() == null ? "" : x.runDate());
      m.put("rows", x.rows() == null ? "–" : String.format(Locale.ROOT, "%,d", x.rows()));
      m.put("operation", x.operation() == null ? "" : x.operation());
      versions.add(0, m); // newest first
    }
    v.put("versions", versions);

    String key = p.id().toString();
    v.put("builtFrom", neighbours(lineage.inputsOf(key), pages));
    v.put("consumedBy", neighbours(lineage.readersOf(key), pages));
    return Html.page(key, "../", "catalog", generated, Html.render("product", v), null);
  }

  private static Map<String, Object> neighbours(List<GraphNode> nodes, Set<String> pages) {
    Map<String, Object> m = new HashMap<>();
    m.put("hasNodes", !nodes.isEmpty());
    m.put("nodes", nodes.stream().map(n -> node(n, pages, "../")).toList());
    return m;
  }

  /** A node as the {@code node} partial shows it: a raw source's name in code, a product linked to its page. */
  private static Map<String, Object> node(GraphNode n, Set<String> pages, String root) {
    Map<String, Object> m = link(n.key(), pages, root);
    m.put("source", n.kind() == NodeKind.SOURCE ? n.key().replaceFirst("^source:[^:]*:", "") : null);
    m.put("kind", LineageSvg.label(n.kind()));
    return m;
  }

  /** A product as the {@code link} partial shows it: linked when it has a page. */
  private static Map<String, Object> link(String product, Set<String> pages, String root) {
    Map<String, Object> m = new HashMap<>();
    m.put("name", product);
    m.put("href", pages.contains(product) ? root + "products/" + product + ".html" : null);
    return m;
  }

  // ---------------------------------------------------------------- lineage page

  private String lineagePage(Picture lineage, Set<String> pages, String generated) {
    Map<String, Object> v = new HashMap<>();
    v.put("logDir", io.meshwork.core.storage.Warehouse.display(lineageDir));
    v.put("events", lineage.events());
    v.put("oneEvent", lineage.events() == 1);
    List<Map<String, Object>> kinds = new ArrayList<>();
    for (NodeKind k : NodeKind.values()) {
      String[] colors = LineageSvg.colors(k);
      kinds.add(Map.of("fill", colors[0], "stroke", colors[1], "label", LineageSvg.label(k)));
    }
    v.put("kinds", kinds);
    v.put("hasNodes", !lineage.nodes().isEmpty());
    if (!lineage.nodes().isEmpty()) {
      v.put("svg", LineageSvg.render(lineage, pages::contains));
    }
    v.put("hasEdges", !lineage.edges().isEmpty());
    v.put("edges", lineage.edges().stream()
        .map(e -> Map.of("from", node(lineage.nodes().get(e.from()), pages, ""), "to", node(lineage.nodes().get(e.to()), pages, "")))
        .toList());
    return Html.page("Lineage", "", "lineage", generated, Html.render("lineage", v), null);
  }

  // ---------------------------------------------------------------- helpers

  private static Path write(Path file, String html) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, html, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code 24h}, {@code 30m}: the way contracts write durations. */
  private static String format(Duration d) {
    long s = d.getSeconds();
    if (s != 0 && s % 86400 == 0) return s / 86400 + "d";
    if (s != 0 && s % 3600 == 0) return s / 3600 + "h";
    if (s != 0 && s % 60 == 0) return s / 60 + "m";
    return s + "s";
  }

  private static String age(Long seconds) {
    if (seconds == null) return "–";
    long s = Math.max(0, seconds);
    if (s < 60) return s + "s";
    if (s < 3600) return s / 60 + "m";
    if (s < 86400) return s / 3600 + "h " + (s % 3600) / 60 + "m";
    return s / 86400 + "d " + (s % 86400) / 3600 + "h";
  }
}
