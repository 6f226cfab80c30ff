package io.meshwork.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.jobs.TestProject;
import io.meshwork.testing.SharedSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mesh docs}: the site is generated from real publishes, then opened in a real headless
 * Chromium (Debian's {@code chromium}); the pages' scripts must run to their end without an error,
 * the search must find the products, and a screenshot is saved to
 * {@code mesh-jobs/target/docs-screenshot.png}.
 */
@ExtendWith(SharedSpark.class)
class DocsSiteTest {
  /** Reads sales.orders; its description and tags carry markup, which must come out escaped. */
  private static final String REVENUE =
      """
      product {
        domain = finance
        name = revenue
        version = "2.1.0"
        description = "Total revenue <script>alert('x')</script> & order count, from the orders."
        owner { team = finance-data, email = "finance@example.com" }
        tags = [kpi, "<b>board</b>"]
        inputs { products = [ sales.orders ] }
        sql = "SELECT CAST(COUNT(*) AS BIGINT) AS order_count, CAST(SUM(amount) AS DECIMAL(12,2)) AS total_amount FROM orders"
        schema {
          columns = [
            { name = order_count, type = bigint, nullable = false, description = "Number of orders", classification = public }
            { name = total_amount, type = "decimal(12,2)", nullable = false, description = "Sum of amounts in EUR", classification = confidential }
          ]
        }
        quality.constraints = [ { check = row-count, min = 1 } ]
        sla.freshness = 24h
      }
      """;

  @Test
  void theSiteRendersInHeadlessChromiumWithoutScriptErrorsAndItsSearchFindsProducts(@TempDir Path dir) throws Exception {
    Chromium chromium = Chromium.find(dir.resolve("chromium-profile"));
    TestProject project = new TestProject(dir).write("conf/products/sales/orders.conf", TestProject.ORDERS);
    project.write("conf/products/finance/revenue.conf", REVENUE);
    project.write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\n");
    assertThat(project.mesh("run", "sales.orders").code()).isZero();
    project.write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\nO-3,1.00\n");
    assertThat(project.mesh("run", "sales.orders").code()).isZero();
    TestProject.Result run = project.mesh("run", "finance.revenue");
    assertThat(run.code()).as(run.err()).isZero();

    // A training run as the ML module logs it: model:churn, trained from sales.orders.
    Files.writeString(
        project.warehouse().resolve("_mesh/lineage/events.jsonl"),
        "{\"eventType\":\"COMPLETE\",\"eventTime\":\"2026-11-25T10:00:00Z\",\"run\":{\"runId\":\"r-model\"},"
            + "\"job\":{\"namespace\":\"meshwork.ml\",\"name\":\"ml.churn\"},"
            + "\"inputs\":[{\"namespace\":\"" + project.warehouse().toUri() + "\",\"name\":\"sales/orders\",\"facets\":{\"version\":{\"datasetVersion\":\"1\"}}}],"
            + "\"outputs\":[{\"namespace\":\"" + project.warehouse().toUri() + "\",\"name\":\"model:churn\"}]}\n",
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND); // the single-file log of earlier releases

    Path site = dir.resolve("site");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine docs = new CommandLine(new DocsCommand());
    docs.setOut(new PrintWriter(out));
    docs.setErr(new PrintWriter(err));
    int code = docs.execute("--out", site.toString(), "--conf", project.file("conf").toString(), "--warehouse", project.warehouse().toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("Wrote 4 pages; open " + site.resolve("index.html").toUri());

    // The pages as written: escaped values, the facts of each product, the lineage edge.
    String revenue = Files.readString(site.resolve("products/finance.revenue.html"));
    assertThat(revenue)
        .contains("Total revenue &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; order count, from the orders.")
        .contains("<span class=\"tag\">&lt;b&gt;board&lt;/b&gt;</span>")
        .doesNotContain("<script>alert")
        .contains("<span id=\"contract-version\">2.1.0</span>")
        .contains("<span id=\"sla-status\" data-status=\"ok\">")
        .contains("<span class=\"badge badge-confidential\">confidential</span>")
        .contains("<a href=\"../products/sales.orders.html\">sales.orders</a>");
    String orders = Files.readString(site.resolve("products/sales.orders.html"));
    assertThat(orders)
        .contains("<span id=\"contract-version\">1.0.0</span>")
        .contains("<tr><td class=\"num\">1</td>")
        .contains("<tr><td class=\"num\">0</td>")
        .contains("aria-label=\"Rows per data version\"")
        .contains("<title>v1: 3 rows, ")
        .contains("<a href=\"../products/finance.revenue.html\">finance.revenue</a>");
    String lineage = Files.readString(site.resolve("lineage.html"));
    assertThat(lineage)
        .contains("data-from=\"sales.orders\" data-to=\"finance.revenue\"")
        .contains("data-from=\"sales.orders\" data-to=\"model:churn\"")
        .contains("<g class=\"node\" data-node=\"model:churn\" data-kind=\"model\">").contains("<g class=\"node\" data-node=\"sales.orders\" data-kind=\"product\">");
    // The search index cannot close its script element early.
    String index = Files.readString(site.resolve("index.html"));
    assertThat(index).contains("\\u003cscript\\u003ealert").doesNotContain("<script>alert");

    String byName = chromium.dumpDom(site.resolve("index.html").toUri() + "?q=orders");
    Chromium.assertRanToTheEnd(byName);
    assertThat(hits(byName)).as(byName).containsExactly("sales.orders", "finance.revenue"); // name beats description
    String byColumn = chromium.dumpDom(site.resolve("index.html").toUri() + "?q=total_amount");
    Chromium.assertRanToTheEnd(byColumn);
    assertThat(hits(byColumn)).containsExactly("finance.revenue");
    assertThat(byColumn).contains("matched in column");
    String none = chromium.dumpDom(site.resolve("index.html").toUri() + "?q=nothing_like_this");
    assertThat(hits(none)).isEmpty();
    assertThat(none).contains("0 products match");
    Chromium.assertRanToTheEnd(chromium.dumpDom(site.resolve("products/finance.revenue.html").toUri().toString()));
    Chromium.assertRanToTheEnd(chromium.dumpDom(site.resolve("lineage.html").toUri().toString()));

    Path target = Path.of(System.getProperty("basedir", ".")).resolve("target");
    Files.createDirectories(target);
    Path png = target.resolve("docs-screenshot.png");
    chromium.screenshot(site.resolve("index.html").toUri().toString(), png, "1280,900");
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes.length).as("screenshot size").isGreaterThan(10_000);
    assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    // The other pages, for people reviewing the look (not asserted beyond being written).
    chromium.screenshot(site.resolve("products/sales.orders.html").toUri().toString(), target.resolve("docs-screenshot-product.png"), "1280,2100");
    chromium.screenshot(site.resolve("lineage.html").toUri().toString(), target.resolve("docs-screenshot-lineage.png"), "1280,900");
  }

  /** The products listed in the search results, in order. */
  private static List<String> hits(String dom) {
    List<String> found = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("<li class=\"hit\" data-product=\"([^\"]+)\"").matcher(dom);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }
}
