package io.meshwork.jobs.docs;

import static io.meshwork.jobs.docs.Html.badge;
import static io.meshwork.jobs.docs.Html.esc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.meshwork.core.CatalogEntry;
import io.meshwork.core.ColumnSpec;
import io.meshwork.core.ConstraintSpec;
import io.meshwork.core.ContractException;
import io.meshwork.core.ContractRepository;
import io.meshwork.core.DataProduct;
import io.meshwork.core.Freshness;
import io.meshwork.core.Mesh;
import io.meshwork.core.ProductId;
import io.meshwork.core.ProductVersion;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 *       the completed runs of the OpenLineage log.
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
 * documented from the catalog alone. Every value is HTML-escaped.
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
      LineageLog.Quality quality) {
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
    progress.accept("Reading the lineage log in " + io.meshwork.core.Warehouse.display(lineageDir));
    LineageLog lineage = LineageLog.read(lineageDir);
    products.forEach(p -> lineage.addProduct(p.id().toString(), p.featureSet()));
    Map<String, LineageLog.Quality> quality = lineage.lastQuality;
    List<Product> withQuality = products.stream().map(p -> withQuality(p, quality.get(p.id().toString()))).toList();

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

  private static Product withQuality(Product p, LineageLog.Quality q) {
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
    StringBuilder b = new StringBuilder();
    b.append("<h1>Data products</h1>");
    b.append("<p class=\"lead\">Every product of the warehouse <code>").append(esc(mesh.warehouse())).append("</code>: what it holds, who owns it, how fresh and how good it is.</p>");
    b.append("<div class=\"stats\">")
        .append(stat(products.size(), "products", ""))
        .append(stat(domains, "domains", ""))
        .append(stat(ok, "SLA ok", "ok"))
        .append(stat(breached, "SLA breached", breached > 0 ? "bad" : ""))
        .append(stat(never, "never published", never > 0 ? "warn" : ""))
        .append("</div>");
    b.append("<div class=\"search\"><svg width=\"16\" height=\"16\" viewBox=\"0 0 24 24\" fill=\"none\" stroke-width=\"2.4\" aria-hidden=\"true\">")
        .append("<circle cx=\"10.5\" cy=\"10.5\" r=\"7\"/><path d=\"M16 16l5 5\"/></svg>")
        .append("<input id=\"q\" type=\"search\" autocomplete=\"off\" spellcheck=\"false\" aria-label=\"Search the catalog\" ")
        .append("placeholder=\"Search by name, description, column, owner, domain or tag\"></div>");
    b.append("<p id=\"summary\" class=\"muted\" aria-live=\"polite\"></p>");
    b.append("<ol id=\"results\" class=\"results\"></ol>");
    b.append("<noscript><ul>");
    for (Product p : products) {
      b.append("<li><a href=\"").append(esc(p.page())).append("\">").append(esc(p.id())).append("</a> ").append(esc(p.description())).append("</li>");
    }
    b.append("</ul></noscript>");
    b.append("<script type=\"application/json\" id=\"catalog-index\">").append(Html.scriptJson(json(entries))).append("</script>");
    return Html.page("Catalog", "", "catalog", generated, b.toString(), SEARCH_SCRIPT);
  }

  private static String stat(long n, String label, String tone) {
    return "<div class=\"stat " + tone + "\"><b>" + n + "</b><span>" + esc(label) + "</span></div>";
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

  // ---------------------------------------------------------------- product page

  private String productPage(Product p, LineageLog lineage, Set<String> pages, String generated) {
    DataProduct c = p.contract();
    CatalogEntry last = p.lastRun();
    ProductVersion latest = p.versions().isEmpty() ? null : p.versions().get(p.versions().size() - 1);
    StringBuilder b = new StringBuilder();
    b.append("<div class=\"crumbs\"><a href=\"../index.html\">Catalog</a> / ").append(esc(p.id().domain())).append("</div>");
    b.append("<div class=\"title-row\"><h1>").append(esc(p.id())).append("</h1>");
    if (p.featureSet()) {
      b.append(badge("feature set", "kind"));
    }
    b.append("<span id=\"sla-status\" data-status=\"").append(esc(p.sla())).append("\">").append(badge("SLA " + p.sla(), p.sla())).append("</span>");
    if (last != null) {
      b.append(badge("last run " + last.status(), last.status()));
    }
    b.append("</div>");
    if (p.description() != null) {
      b.append("<p class=\"lead\">").append(esc(p.description())).append("</p>");
    }
    if (p.problem() != null) {
      b.append("<div class=\"card\" style=\"border-color:#fecdca\"><h2>Contract does not load</h2><pre class=\"mono\">").append(esc(p.problem())).append("</pre></div>");
    }

    b.append("<div class=\"card\"><dl class=\"facts\">");
    fact(b, "Owner", c == null ? esc(p.owner() == null ? "unknown" : p.owner())
        : esc(c.owner()) + (c.owner().email() == null ? "" : "<br><a href=\"mailto:" + esc(c.owner().email()) + "\">" + esc(c.owner().email()) + "</a>"));
    fact(b, "Domain", esc(p.id().domain()));
    fact(b, "Contract version", c != null ? "<span id=\"contract-version\">" + esc(c.version()) + "</span>" : last == null ? "–" : esc(last.contractVersion()));
    fact(b, "Latest data version", latest == null ? "none certified" : "v" + latest.version() + " <span class=\"muted\">· " + esc(TIME.format(latest.timestamp())) + "</span>");
    fact(b, "Rows (latest)", latest == null || latest.rows() == null ? "–" : esc(String.format(Locale.ROOT, "%,d", latest.rows())));
    fact(b, "Freshness SLA", c == null || c.freshness() == null ? "none" : esc(format(c.freshness())));
    fact(b, "Last certified publish", p.lastPublished() == null ? "never" : esc(TIME.format(p.lastPublished())) + " <span class=\"muted\">· " + esc(age(p.ageSeconds())) + " ago</span>");
    fact(b, "Primary key", c == null || c.primaryKey().isEmpty() ? "–" : "<code>" + esc(String.join(", ", c.primaryKey())) + "</code>");
    if (c != null && !c.inputs().isEmpty()) {
      fact(b, "Declared inputs", c.inputs().stream().map(r -> link(r.id().toString(), pages, "../") + (r.pinnedVersion().isPresent() ? " @" + r.pinnedVersion().getAsLong() : "")).collect(Collectors.joining(", ")));
    }
    if (!p.tags().isEmpty()) {
      fact(b, "Tags", p.tags().stream().map(t -> "<span class=\"tag\">" + esc(t) + "</span>").collect(Collectors.joining()));
    }
    b.append("</dl></div>");

    // Schema
    b.append("<div class=\"card\"><h2>Schema</h2>");
    if (c == null) {
      b.append("<p class=\"empty\">No contract in this project: the schema is unknown.</p>");
    } else {
      b.append("<div class=\"table-wrap\"><table id=\"schema\"><thead><tr><th>Column</th><th>Type</th><th>Nullable</th><th>Classification</th><th>Description</th></tr></thead><tbody>");
      for (ColumnSpec col : c.columns()) {
        boolean key = c.primaryKey().contains(col.name());
        b.append("<tr><td><code>").append(esc(col.name())).append("</code>").append(key ? " " + badge("key", "muted") : "").append("</td><td><code>").append(esc(col.type()))
            .append("</code></td><td>").append(col.nullable() ? "yes" : "no").append("</td><td>")
            .append(col.classification() == null ? "<span class=\"muted\">–</span>" : badge(col.classification(), col.classification())).append("</td><td>")
            .append(esc(col.description())).append("</td></tr>");
      }
      b.append("</tbody></table></div>");
    }
    b.append("</div>");

    // Quality
    b.append("<div class=\"card\" id=\"quality\"><h2>Quality</h2>");
    if (last == null) {
      b.append("<p class=\"empty\">Never run.</p>");
    } else {
      b.append("<p>Last run ").append(badge(last.status(), last.status())).append(" on ").append(esc(TIME.format(last.publishedAt())))
          .append(last.runDate() == null ? "" : " (run date " + esc(last.runDate()) + ")").append(": ")
          .append(badge(last.constraintsPassed() + " passed", "passed")).append(' ')
          .append(badge(last.constraintsWarned() + " warned", last.constraintsWarned() > 0 ? "warned" : "muted")).append(' ')
          .append(badge(last.constraintsFailed() + " failed", last.constraintsFailed() > 0 ? "failed" : "muted")).append("</p>");
      if (last.message() != null) {
        b.append("<p class=\"mono\" style=\"color:var(--bad)\">").append(esc(last.message())).append("</p>");
      }
    }
    if (p.quality() != null && !p.quality().assertions().isEmpty()) {
      b.append("<div class=\"table-wrap\"><table id=\"assertions\"><thead><tr><th>Constraint</th><th>Column</th><th>Severity</th><th>Expected</th><th>Actual</th><th>Result</th></tr></thead><tbody>");
      for (LineageLog.Assertion a : p.quality().assertions()) {
        String result = a.success() ? "passed" : "warn".equals(a.severity()) ? "warned" : "failed";
        b.append("<tr><td>").append(esc(a.name() != null ? a.name() : a.assertion())).append(a.description() == null ? "" : "<div class=\"muted\">" + esc(a.description()) + "</div>")
            .append("</td><td>").append(a.column() == null ? "" : "<code>" + esc(a.column()) + "</code>").append("</td><td>").append(esc(a.severity()))
            .append("</td><td class=\"mono\">").append(esc(a.expected())).append("</td><td class=\"mono\">").append(esc(a.actual())).append("</td><td>")
            .append(badge(result, result)).append("</td></tr>");
      }
      b.append("</tbody></table></div>");
    } else if (c != null && !c.constraints().isEmpty()) {
      b.append("<h3>Declared constraints</h3><div class=\"table-wrap\"><table><thead><tr><th>Constraint</th><th>Level</th></tr></thead><tbody>");
      for (ConstraintSpec k : c.constraints()) {
        b.append("<tr><td>").append(esc(k.name() != null ? k.name() + " — " + k.label() : k.label())).append("</td><td>").append(esc(k.level() == null ? "error" : k.level())).append("</td></tr>");
      }
      b.append("</tbody></table></div>");
    }
    b.append("</div>");

    // Trends
    b.append("<div class=\"grid grid-2\">");
    b.append("<div class=\"card\" id=\"trend-rows\"><h2>Rows per data version</h2>");
    List<ProductVersion> recentVersions = p.versions().subList(Math.max(0, p.versions().size() - 30), p.versions().size());
    if (recentVersions.isEmpty()) {
      b.append("<p class=\"empty\">No certified version yet.</p>");
    } else {
      b.append(Charts.bars(
          "Rows per data version",
          recentVersions.stream().map(v -> "v" + v.version()).toList(),
          List.of(new Charts.Series("rows", "#6366f1")),
          recentVersions.stream().map(v -> new double[] {v.rows() == null ? 0 : v.rows()}).toList(),
          recentVersions.stream().map(v -> "v" + v.version() + ": " + (v.rows() == null ? "unknown" : String.format(Locale.ROOT, "%,d", v.rows())) + " rows, " + TIME.format(v.timestamp())).toList()));
    }
    b.append("</div>");
    b.append("<div class=\"card\" id=\"trend-quality\"><h2>Constraints per run</h2>");
    List<CatalogEntry> chronological = new ArrayList<>(p.runs());
    java.util.Collections.reverse(chronological);
    List<CatalogEntry> recentRuns = chronological.subList(Math.max(0, chronological.size() - 30), chronological.size());
    if (recentRuns.isEmpty()) {
      b.append("<p class=\"empty\">Never run.</p>");
    } else {
      List<String> labels = new ArrayList<>();
      for (int i = 0; i < recentRuns.size(); i++) {
        labels.add("#" + (chronological.size() - recentRuns.size() + i + 1));
      }
      b.append(Charts.bars(
          "Constraints passed, warned and failed per run",
          labels,
          List.of(new Charts.Series("passed", PASSED_COLOR), new Charts.Series("warned", WARNED_COLOR), new Charts.Series("failed", FAILED_COLOR)),
          recentRuns.stream().map(e -> new double[] {e.constraintsPassed(), e.constraintsWarned(), e.constraintsFailed()}).toList(),
          recentRuns.stream().map(e -> TIME.format(e.publishedAt()) + " " + e.status() + ": " + e.constraintsPassed() + " passed, " + e.constraintsWarned() + " warned, " + e.constraintsFailed() + " failed").toList()));
    }
    b.append("</div></div>");

    // Versions
    b.append("<div class=\"card\"><h2>Certified data versions</h2>");
    if (p.versions().isEmpty()) {
      b.append("<p class=\"empty\">No certified version yet.</p>");
    } else {
      b.append("<div class=\"table-wrap\"><table id=\"versions\"><thead><tr><th class=\"num\">Version</th><th>Published</th><th>Contract</th><th>Run date</th><th class=\"num\">Rows</th><th>Operation</th></tr></thead><tbody>");
      List<ProductVersion> newestFirst = new ArrayList<>(p.versions());
      java.util.Collections.reverse(newestFirst);
      for (ProductVersion v : newestFirst) {
        b.append("<tr><td class=\"num\">").append(v.version()).append("</td><td>").append(esc(TIME.format(v.timestamp()))).append("</td><td>").append(esc(v.contractVersion()))
            .append("</td><td>").append(esc(v.runDate())).append("</td><td class=\"num\">").append(v.rows() == null ? "–" : esc(String.format(Locale.ROOT, "%,d", v.rows())))
            .append("</td><td>").append(esc(v.operation())).append("</td></tr>");
      }
      b.append("</tbody></table></div>");
    }
    b.append("</div>");

    // Lineage neighbours
    String key = p.id().toString();
    b.append("<div class=\"grid grid-2\"><div class=\"card\"><h2>Built from</h2>").append(neighbours(lineage.inputsOf(key), pages)).append("</div>");
    b.append("<div class=\"card\"><h2>Consumed by</h2>").append(neighbours(lineage.readersOf(key), pages)).append("</div></div>");
    b.append("<p class=\"muted\">See the whole <a href=\"../lineage.html\">lineage graph</a>.</p>");
    return Html.page(key, "../", "catalog", generated, b.toString(), null);
  }

  private static void fact(StringBuilder b, String label, String html) {
    b.append("<div><dt>").append(esc(label)).append("</dt><dd>").append(html).append("</dd></div>");
  }

  private static String neighbours(List<LineageLog.Node> nodes, Set<String> pages) {
    if (nodes.isEmpty()) {
      return "<p class=\"empty\">None recorded in the lineage log.</p>";
    }
    StringBuilder b = new StringBuilder("<ul class=\"links\">");
    for (LineageLog.Node n : nodes) {
      String name = n.kind() == LineageLog.Kind.SOURCE ? "<code>" + esc(n.key().replaceFirst("^source:[^:]*:", "")) + "</code>" : link(n.key(), pages, "../");
      b.append("<li>").append(name).append(" <span class=\"muted\">").append(esc(n.kind().label)).append("</span></li>");
    }
    return b.append("</ul>").toString();
  }

  private static String link(String product, Set<String> pages, String root) {
    return pages.contains(product) ? "<a href=\"" + root + "products/" + esc(product) + ".html\">" + esc(product) + "</a>" : esc(product);
  }

  // ---------------------------------------------------------------- lineage page

  private String lineagePage(LineageLog lineage, Set<String> pages, String generated) {
    StringBuilder b = new StringBuilder();
    b.append("<h1>Lineage</h1>");
    b.append("<p class=\"lead\">What each product, feature set and model was built from, after the completed runs of the OpenLineage log <code>")
        .append(esc(io.meshwork.core.Warehouse.display(lineageDir))).append("</code> (").append(lineage.events).append(lineage.events == 1 ? " run event" : " run events").append(").</p>");
    b.append("<div class=\"card\"><div class=\"legend\" style=\"margin:0 0 12px\">");
    for (LineageLog.Kind k : LineageLog.Kind.values()) {
      String[] colors = LineageSvg.colors(k);
      b.append("<span><i style=\"background:").append(colors[0]).append(";border:1.5px solid ").append(colors[1]).append("\"></i>").append(esc(k.label)).append("</span>");
    }
    b.append("</div>");
    if (lineage.nodes.isEmpty()) {
      b.append("<p class=\"empty\">No product and no lineage event yet.</p>");
    } else {
      b.append("<div class=\"graph\">").append(LineageSvg.render(lineage, pages::contains)).append("</div>");
    }
    b.append("</div>");
    b.append("<div class=\"card\"><h2>Edges</h2>");
    if (lineage.edges.isEmpty()) {
      b.append("<p class=\"empty\">No completed run has read another dataset yet.</p>");
    } else {
      b.append("<div class=\"table-wrap\"><table id=\"edges\"><thead><tr><th>From</th><th>To</th></tr></thead><tbody>");
      for (List<String> e : lineage.edges) {
        b.append("<tr><td>").append(nodeCell(lineage.nodes.get(e.get(0)), pages)).append("</td><td>").append(nodeCell(lineage.nodes.get(e.get(1)), pages)).append("</td></tr>");
      }
      b.append("</tbody></table></div>");
    }
    b.append("</div>");
    return Html.page("Lineage", "", "lineage", generated, b.toString(), null);
  }

  private static String nodeCell(LineageLog.Node n, Set<String> pages) {
    String name = n.kind() == LineageLog.Kind.SOURCE ? "<code>" + esc(n.key().replaceFirst("^source:[^:]*:", "")) + "</code>" : link(n.key(), pages, "");
    return name + " <span class=\"muted\">" + esc(n.kind().label) + "</span>";
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
