package io.meshwork.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.ContractRepository;
import io.meshwork.core.DataProduct;
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

    // The page as written, with the measuring script appended.
    String script;
    try (InputStream in = LineagePictureTest.class.getResourceAsStream("lineage-geometry.js")) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path measured = site.resolve("lineage-measured.html");
    Files.writeString(measured, lineage.replace("</body>", "<script>" + script + "</script></body>"));
    Chromium chromium = Chromium.find(dir.resolve("chromium-profile"));
    String dom = chromium.dumpDom(measured.toUri().toString(), "--window-size=1280,900");
    Chromium.assertRanToTheEnd(dom);
    Matcher m = Pattern.compile("<pre id=\"geometry\">([^<]*)</pre>").matcher(dom);
    assertThat(m.find()).as("the measuring script wrote its result").isTrue();
    JsonNode g = JSON.readTree(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
    assertThat(g.path("error").isMissingNode()).as(g.path("error").asText()).isTrue();

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
    assertThat(texts).containsKeys("sales.orders", "crm.support_tickets", "supply_chain.inventory_positions", "model:churn");
    texts.forEach((key, t) -> assertThat(t).as(key).contains(key.startsWith("source:") ? key.substring(key.lastIndexOf('/') + 1) : key));

    // The SVG keeps its real size; what is wider than the page scrolls instead of being cut or shrunk.
    double width = g.path("width").asDouble();
    assertThat(g.path("renderedWidth").asDouble()).as("rendered width").isCloseTo(width, org.assertj.core.data.Offset.offset(0.5));
    assertThat(g.path("renderedHeight").asDouble()).as("rendered height").isCloseTo(g.path("height").asDouble(), org.assertj.core.data.Offset.offset(0.5));
    assertThat(g.path("containerOverflowX").asText()).isIn("auto", "scroll");
    assertThat(g.path("containerScrollWidth").asDouble()).as("scrollable width").isGreaterThanOrEqualTo(Math.floor(width));

    // For people reviewing the look (not asserted beyond being written).
    Path target = Path.of(System.getProperty("basedir", ".")).resolve("target");
    Files.createDirectories(target);
    chromium.screenshot(site.resolve("lineage.html").toUri().toString(), target.resolve("docs-screenshot-lineage-sample.png"),
        (int) Math.max(1280, width + 120) + "," + (int) (g.path("height").asDouble() + 700));
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
