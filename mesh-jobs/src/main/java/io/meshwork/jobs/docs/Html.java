package io.meshwork.jobs.docs;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.MustacheFactory;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * The templates of the data docs (Mustache, resources next to this class, every value
 * HTML-escaped), the shell every page shares (inline style, error trap, header and footer) and
 * the escaping the SVG drawings use.
 */
final class Html {
  private Html() {}

  /** Escapes text for element content and quoted attribute values. Null becomes the empty string. */
  static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * JSON made safe inside a {@code <script>} element: {@code <}, {@code >} and {@code &} only occur
   * inside JSON strings, where their unicode escapes mean the same, so no {@code </script>} or
   * {@code <!--} can end the element early.
   */
  static String scriptJson(String json) {
    return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
  }

  /**
   * A complete page, from the {@code page.mustache} template.
   *
   * @param root the relative path to the site's root, {@code ""} or {@code "../"}
   * @param active the navigation entry to highlight: {@code catalog} or {@code lineage}
   * @param body the page's content, already rendered (and escaped) by its own template
   * @param script page script run at the end of the body, or null; the page then marks
   *     {@code body[data-ok=true]}, so a test sees that every script ran to its end
   */
  static String page(String title, String root, String active, String generated, String body, String script) {
    Map<String, Object> view = new HashMap<>();
    view.put("title", title);
    view.put("root", root);
    view.put("catalog", "catalog".equals(active));
    view.put("lineage", "lineage".equals(active));
    view.put("generated", generated);
    view.put("body", body);
    view.put("script", script == null ? "" : script);
    view.put("css", CSS);
    view.put("errorTrap", ERROR_TRAP);
    return render("page", view);
  }

  /** Renders the template {@code <name>.mustache} (a resource next to this class) over {@code view}; values are HTML-escaped. */
  static String render(String name, Object view) {
    StringWriter out = new StringWriter();
    TEMPLATES.compile(name + ".mustache").execute(out, view);
    return out.toString();
  }

  private static final MustacheFactory TEMPLATES = new DefaultMustacheFactory("io/meshwork/jobs/docs");

  /** A coloured pill, as the {@code badge} partial draws it. {@code tone}: ok, bad, warn, info, muted, or a classification. */
  record Badge(String text, String tone) {}

  /** A coloured pill. {@code tone}: ok, bad, warn, info, muted, or a classification. */
  static String badge(String text, String tone) {
    return render("badge", new Badge(text, tone));
  }

  // Errors are written into the DOM (html[data-errors] and a visible banner) so that a headless
  // browser's DOM dump shows them; a console message would be lost.
  private static final String ERROR_TRAP =
      """
      window.__errors = [];
      window.onerror = function (message, source, line, column) {
        window.__errors.push(String(message) + " (" + (source || "inline") + ":" + line + ":" + column + ")");
        document.documentElement.setAttribute("data-errors", window.__errors.join(" | "));
        var box = document.getElementById("script-errors");
        if (box) { box.hidden = false; box.textContent = "Script error: " + window.__errors.join("\\n"); }
        return false;
      };
      """;

  static final String CSS =
      """
      :root {
        --bg: #f6f7fb; --card: #ffffff; --text: #1f2430; --muted: #667085; --line: #e4e7ec;
        --accent: #4338ca; --accent-soft: #eef2ff; --ok: #067647; --ok-soft: #ecfdf3;
        --bad: #b42318; --bad-soft: #fef3f2; --warn: #b54708; --warn-soft: #fffaeb;
        --info: #175cd3; --info-soft: #eff8ff;
      }
      * { box-sizing: border-box; }
      html { -webkit-text-size-adjust: 100%; }
      body { margin: 0; background: var(--bg); color: var(--text);
        font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "DejaVu Sans", sans-serif; }
      code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
      a { color: var(--accent); text-decoration: none; }
      a:hover { text-decoration: underline; }
      .wrap { max-width: 1120px; margin: 0 auto; padding: 0 24px; }
      .topbar { background: #111827; color: #fff; }
      .topbar-inner { display: flex; align-items: center; justify-content: space-between; height: 56px; }
      .brand { display: flex; align-items: center; gap: 8px; color: #fff; font-weight: 600; font-size: 16px; }
      .brand:hover { text-decoration: none; }
      .brand-sub { color: #9ca3af; font-weight: 400; }
      .logo circle { fill: #818cf8; } .logo path { stroke: #818cf8; }
      nav a { color: #d1d5db; margin-left: 20px; padding: 17px 2px; border-bottom: 2px solid transparent; }
      nav a:hover { color: #fff; text-decoration: none; }
      nav a.active { color: #fff; border-bottom-color: #818cf8; }
      main.wrap { padding-top: 28px; padding-bottom: 24px; }
      h1 { font-size: 26px; line-height: 1.25; margin: 0 0 6px; letter-spacing: -0.01em; }
      h2 { font-size: 16px; margin: 0 0 12px; }
      h3 { font-size: 14px; margin: 0 0 8px; color: var(--muted); font-weight: 600; }
      p { margin: 0 0 10px; }
      .muted { color: var(--muted); }
      .lead { color: #475467; font-size: 15px; max-width: 820px; }
      .card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; margin-bottom: 18px;
        box-shadow: 0 1px 2px rgba(16, 24, 40, 0.04); }
      .grid { display: grid; gap: 18px; }
      .grid-2 { grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); }
      .stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 14px; margin: 20px 0; }
      .stat { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 16px; }
      .stat b { display: block; font-size: 24px; line-height: 1.2; }
      .stat span { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
      .stat.ok b { color: var(--ok); } .stat.bad b { color: var(--bad); } .stat.warn b { color: var(--warn); }
      .search { position: relative; margin: 8px 0 6px; }
      .search input { width: 100%; font: inherit; font-size: 16px; padding: 12px 14px 12px 40px; border: 1px solid #d0d5dd; border-radius: 10px;
        background: #fff; outline: none; box-shadow: 0 1px 2px rgba(16, 24, 40, 0.05); }
      .search input:focus { border-color: #818cf8; box-shadow: 0 0 0 4px #e0e7ff; }
      .search svg { position: absolute; left: 13px; top: 14px; stroke: #98a2b3; }
      .results { list-style: none; padding: 0; margin: 12px 0 0; }
      .hit { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 18px; margin-bottom: 10px; }
      .hit:hover { border-color: #c7d2fe; }
      .hit-head { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
      .hit-name { font-weight: 600; font-size: 15px; }
      .hit p { margin: 6px 0 6px; color: #475467; }
      .meta { color: var(--muted); font-size: 12.5px; display: flex; gap: 14px; flex-wrap: wrap; }
      .matched { color: var(--accent); font-size: 12px; margin-top: 4px; }
      .badge { display: inline-block; font-size: 11.5px; font-weight: 600; line-height: 18px; padding: 0 8px; border-radius: 999px;
        border: 1px solid transparent; white-space: nowrap; }
      .badge-ok, .badge-certified, .badge-public, .badge-passed { background: var(--ok-soft); color: var(--ok); border-color: #abefc6; }
      .badge-bad, .badge-breached, .badge-failed, .badge-pii { background: var(--bad-soft); color: var(--bad); border-color: #fecdca; }
      .badge-warn, .badge-confidential, .badge-warned { background: var(--warn-soft); color: var(--warn); border-color: #fedf89; }
      .badge-info, .badge-internal { background: var(--info-soft); color: var(--info); border-color: #b2ddff; }
      .badge-muted, .badge-never-published, .badge-none { background: #f2f4f7; color: #475467; border-color: #e4e7ec; }
      .badge-kind { background: var(--accent-soft); color: var(--accent); border-color: #c7d2fe; }
      .tag { display: inline-block; background: #f2f4f7; color: #344054; border-radius: 6px; padding: 0 7px; font-size: 12px; margin-right: 4px; }
      .facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 14px 24px; margin: 0; }
      .facts div { min-width: 0; }
      .facts dt { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
      .facts dd { margin: 2px 0 0; font-weight: 500; overflow-wrap: anywhere; }
      table { width: 100%; border-collapse: collapse; }
      th { text-align: left; font-size: 12px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: 0.03em;
        border-bottom: 1px solid var(--line); padding: 8px 10px; background: #fafbfc; }
      td { border-bottom: 1px solid #f0f2f5; padding: 8px 10px; vertical-align: top; }
      tr:last-child td { border-bottom: none; }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
      .table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
      .title-row { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
      .crumbs { font-size: 13px; color: var(--muted); margin-bottom: 8px; }
      .chart { width: 100%; height: auto; display: block; }
      .chart text { font-size: 11px; fill: #667085; }
      .chart .title { font-size: 12px; fill: #344054; font-weight: 600; }
      .legend { display: flex; gap: 14px; font-size: 12px; color: var(--muted); margin-top: 6px; flex-wrap: wrap; }
      .legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
      .empty { color: var(--muted); font-style: italic; padding: 8px 0; }
      .graph-card { width: fit-content; min-width: 100%; max-width: calc(100vw - 64px); margin-left: 50%; transform: translateX(-50%); }
      .graph { overflow-x: auto; }
      .graph svg { display: block; margin: 0 auto; max-width: none; }
      .graph .node rect { stroke-width: 1.5; }
      .graph .node text { font-size: 12.5px; fill: #1f2430; }
      .graph .node .kind { font-size: 10px; fill: #667085; text-transform: uppercase; letter-spacing: 0.05em; }
      .graph a:hover rect { stroke: #4338ca; stroke-width: 2.5; }
      .graph .edge { fill: none; stroke: #98a2b3; stroke-width: 1.5; }
      .links { margin: 0; padding-left: 18px; }
      .script-errors { background: var(--bad-soft); color: var(--bad); border-bottom: 1px solid #fecdca; margin: 0; padding: 10px 24px; white-space: pre-wrap; }
      .footer { color: #98a2b3; font-size: 12px; padding-top: 8px; padding-bottom: 32px; }
      """;
}
