package io.meshwork.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.model.DataProduct;
import io.meshwork.jobs.TestProject;
import io.meshwork.testing.SharedSpark;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lineage page's picture, measured in a real headless Chromium: the site is written over the
 * sample mesh (the repository's conf/ and sample-data/) with a lineage log of a run of each of its
 * products and of a model trained from the feature set and a label file. Then every edge path is sampled every 2 px from the DOM
 * ({@code getTotalLength}/{@code getPointAtLength}): no point may lie inside a node box other than
 * the edge's own source and target. Every label must be whole: inside its box and inside the SVG,
 * which keeps its real size in a horizontally scrollable container.
 *
 * <p>The graph has edges that skip layers: {@code orders.csv → sales.orders} passes the layer of
 * {@code crm.customers} and {@code crm.support_tickets}, and {@code churn_labels.csv →
 * model:churn} passes three layers.
 */
@ExtendWith(SharedSpark.class)
class LineagePictureTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Tests run in the module directory; the sample project is the repository root. */
  private static final Path ROOT = Path.of(System.getProperty("mesh.project.root", "..")).toAbsolutePath().normalize();

  @Test
  void edgesGoAroundOtherNodesAndEveryLabelIsWhole(@TempDir Path dir) throws Exception {
    // What the sample mesh's runs log, one completed run per contract from its declared inputs (running
    // the products themselves takes minutes), and a training run as the ML module logs it: model:churn,
    // from the feature set and a raw label file.
    Path warehouse = dir.resolve("warehouse");
    ContractRepository contracts = new ContractRepository(ROOT.resolve("conf"));
    String ns = warehouse.toUri().toString();
    StringBuilder log = new StringBuilder();
    int runs = 0;
    for (DataProduct p : contracts.loadAll()) {
      List<String> inputs = new ArrayList<>();
      p.sources().values().forEach(src -> inputs.add(dataset("file", contracts.projectDir().resolve(src.path()).normalize().toString())));
      p.inputs().forEach(in -> inputs.add(dataset(ns, in.id().domain() + "/" + in.id().name())));
      log.append(event("r-" + ++runs, p.id().toString(), inputs, dataset(ns, p.id().domain() + "/" + p.id().name())));
    }
    log.append(event("r-model", "ml.churn",
        List.of(dataset(ns, "features/customer_activity"), dataset("file", ROOT.resolve("sample-data/ml/churn_labels.csv").toString())), dataset(ns, "model:churn")));
    // A wide label with markup in it: its box must hold it, escaped.
    log.append(event("r-landing", "sales.orders", List.of(dataset("file", "/landing/WIDE_MMMM_<b>&amp;_WWWW.csv")), dataset(ns, "sales/orders")));
    Path lineageDir = warehouse.resolve("_mesh/lineage");
    Files.createDirectories(lineageDir);
    Files.writeString(lineageDir.resolve("events.jsonl"), log); // the single-file log, which the docs read too

    Path site = dir.resolve("site");
    TestProject.Result docs = TestProject.execute("docs", "--out", site.toString(), "--conf", ROOT.resolve("conf").toString(), "--warehouse", warehouse.toString());
    assertThat(docs.code()).as(docs.err()).isZero();
    String lineage = Files.readString(site.resolve("lineage.html"));
    List<String> edges = edges(lineage);
    assertThat(edges)
        .as("the graph has edges that skip a layer")
        .anyMatch(e -> e.matches("source:.*/sales/orders\\.csv -> sales\\.orders"))
        .contains("crm.customers -> sales.orders", "features.customer_activity -> model:churn")
        .anyMatch(e -> e.matches("source:.*/ml/churn_labels\\.csv -> model:churn"))
        .contains("source:file:/landing/WIDE_MMMM_<b>&amp;_WWWW.csv -> sales.orders");
    assertThat(lineage).contains(">WIDE_MMMM_&lt;b&gt;&amp;amp;_WWWW.csv</text>").doesNotContain("<b>&amp;");
    assertThat(lineage).contains("data-node=\"crm.support_tickets\"").contains("<table id=\"edges\">").contains("class=\"legend\"");

    Chromium chromium = Chromium.find(dir.resolve("chromium-profile"));
    JsonNode g = measure(chromium, site);
    Map<String, List<String>> texts = assertTruthful(g, edges);
    assertThat(texts).containsKeys("sales.orders", "crm.support_tickets", "supply_chain.inventory_positions", "model:churn");
    double width = g.path("width").asDouble();

    // For people reviewing the look (not asserted beyond being written).
    chromium.screenshot(site.resolve("lineage.html").toUri().toString(), target().resolve("docs-screenshot-lineage-sample.png"),
        (int) Math.max(1280, width + 120) + "," + (int) (g.path("height").asDouble() + 700));
  }

  /**
   * A denser graph than the sample's, with a cycle (a product feeding one of its own inputs) and
   * nodes with many inputs and readers, whose edges share the gaps between the layers.
   */
  @Test
  void aDenseGraphWithACycleIsDrawnTruthfullyToo(@TempDir Path dir) throws Exception {
    Path warehouse = dir.resolve("warehouse");
    String ns = warehouse.toUri().toString();
    Map<String, List<String>> inputs = new java.util.LinkedHashMap<>();
    inputs.put("g/a", List.of("s1", "g/h"));
    inputs.put("g/b", List.of("s2", "g/a"));
    inputs.put("g/c", List.of("s3", "g/a", "g/b"));
    inputs.put("g/d", List.of("s4", "g/c", "g/a"));
    inputs.put("g/e", List.of("g/b", "g/d", "s1"));
    inputs.put("g/f", List.of("g/e", "g/a", "s2"));
    inputs.put("g/g", List.of("g/f", "g/c", "s3"));
    inputs.put("g/h", List.of("g/g", "g/b", "g/e", "s4"));
    inputs.put("model:m", List.of("g/h", "s1", "g/a", "g/d"));
    StringBuilder log = new StringBuilder();
    inputs.forEach((out, ins) -> log.append(event("r-" + out, out, ins.stream()
        .map(in -> in.startsWith("s") ? dataset("file", "/landing/source_" + in + ".csv") : dataset(ns, in)).toList(), dataset(ns, out))));
    Files.createDirectories(warehouse.resolve("_mesh/lineage"));
    Files.writeString(warehouse.resolve("_mesh/lineage/events.jsonl"), log);
    Files.createDirectories(dir.resolve("conf/products"));

    Path site = dir.resolve("site");
    TestProject.Result docs = TestProject.execute("docs", "--out", site.toString(), "--conf", dir.resolve("conf").toString(), "--warehouse", warehouse.toString());
    assertThat(docs.code()).as(docs.err()).isZero();
    List<String> edges = edges(Files.readString(site.resolve("lineage.html")));
    assertThat(edges).hasSize(inputs.values().stream().mapToInt(List::size).sum()).contains("g.h -> g.a", "g.a -> g.b");
    Chromium chromium = Chromium.find(dir.resolve("chromium-profile"));
    JsonNode g = measure(chromium, site);
    assertThat(assertTruthful(g, edges)).hasSize(9 + 4);
    chromium.screenshot(site.resolve("lineage.html").toUri().toString(), target().resolve("docs-screenshot-lineage-dense.png"),
        (int) Math.max(1280, g.path("width").asDouble() + 120) + "," + (int) (g.path("height").asDouble() + 700));
  }

  /** The site's lineage page, with the measuring script appended, in Chromium: what the script found. */
  private static JsonNode measure(Chromium chromium, Path site) throws Exception {
    String script;
    try (InputStream in = LineagePictureTest.class.getResourceAsStream("lineage-geometry.js")) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path measured = site.resolve("lineage-measured.html");
    Files.writeString(measured, Files.readString(site.resolve("lineage.html")).replace("</body>", "<script>" + script + "</script></body>"));
    String dom = chromium.dumpDom(measured.toUri().toString(), "--window-size=1280,900");
    Chromium.assertRanToTheEnd(dom);
    Matcher m = Pattern.compile("<pre id=\"geometry\">([^<]*)</pre>").matcher(dom);
    assertThat(m.find()).as("the measuring script wrote its result").isTrue();
    JsonNode g = JSON.readTree(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
    assertThat(g.path("error").isMissingNode()).as(g.path("error").asText()).isTrue();
    return g;
  }

  /**
   * No edge point inside a box but its own ends' and every label whole, in an SVG drawn at its
   * real size in a scrolling container; returns each node's texts.
   */
  private static Map<String, List<String>> assertTruthful(JsonNode g, List<String> edges) {
    assertThat(g.path("edges").asInt()).as("edges drawn").isEqualTo(edges.size());
    assertThat(g.path("samples").asInt()).as("points sampled").isGreaterThan(edges.size() * 10);
    assertThat(g.path("crossings")).as("edge points inside another node's box").isEmpty();
    assertThat(g.path("outside")).as("nodes or edge points outside the SVG").isEmpty();
    assertThat(g.path("labelsCut")).as("labels not inside their box and the SVG").isEmpty();

    // Every label whole: a product's, feature set's or model's name; a source's file name.
    Map<String, List<String>> texts = new TreeMap<>();
    for (JsonNode n : g.path("nodes")) {
      List<String> t = new ArrayList<>();
      n.path("texts").forEach(x -> t.add(x.asText()));
      texts.put(n.path("key").asText(), t);
    }
    texts.forEach((key, t) -> assertThat(t).as(key).contains(key.startsWith("source:") ? key.substring(key.lastIndexOf('/') + 1) : key));

    // The SVG keeps its real size; what is wider than the page scrolls instead of being cut or shrunk.
    double width = g.path("width").asDouble();
    assertThat(g.path("renderedWidth").asDouble()).as("rendered width").isCloseTo(width, org.assertj.core.data.Offset.offset(0.5));
    assertThat(g.path("renderedHeight").asDouble()).as("rendered height").isCloseTo(g.path("height").asDouble(), org.assertj.core.data.Offset.offset(0.5));
    assertThat(g.path("containerOverflowX").asText()).isIn("auto", "scroll");
    assertThat(g.path("containerScrollWidth").asDouble()).as("scrollable width").isGreaterThanOrEqualTo(Math.floor(width));
    assertThat(g.path("pageScrollWidth").asInt()).as("the page itself does not scroll sideways").isLessThanOrEqualTo(g.path("viewportWidth").asInt());
    return texts;
  }

  /** Where screenshots for people reviewing the look go (not asserted beyond being written). */
  private static Path target() throws java.io.IOException {
    return Files.createDirectories(Path.of(System.getProperty("basedir", ".")).resolve("target"));
  }

  private static String dataset(String namespace, String name) {
    return "{\"namespace\":" + JSON.valueToTree(namespace) + ",\"name\":" + JSON.valueToTree(name) + "}";
  }

  private static String event(String runId, String job, List<String> inputs, String output) {
    return "{\"eventType\":\"COMPLETE\",\"eventTime\":\"2026-01-21T10:00:00Z\",\"run\":{\"runId\":\"" + runId + "\"},"
        + "\"job\":{\"namespace\":\"meshwork\",\"name\":\"" + job + "\"},\"inputs\":[" + String.join(",", inputs) + "],\"outputs\":[" + output + "]}\n";
  }

  /** The edges of the page's SVG, "from -> to", with their attributes unescaped. */
  private static List<String> edges(String html) {
    List<String> found = new ArrayList<>();
    Matcher m = Pattern.compile("<path class=\"edge\" data-from=\"([^\"]*)\" data-to=\"([^\"]*)\"").matcher(html);
    while (m.find()) {
      found.add(unescape(m.group(1)) + " -> " + unescape(m.group(2)));
    }
    return found;
  }

  private static String unescape(String s) {
    return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }
}
