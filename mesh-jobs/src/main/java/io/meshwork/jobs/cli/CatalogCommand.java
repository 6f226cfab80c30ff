package io.meshwork.jobs.cli;

import io.meshwork.core.Mesh;
import io.meshwork.core.catalog.CatalogEntry;
import io.meshwork.core.catalog.CatalogSearch;
import io.meshwork.core.catalog.ProductVersion;
import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Freshness;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.NotFoundException;
import io.meshwork.core.model.ProductId;
import io.meshwork.lineage.LineageGraph;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mesh catalog list|show}: what the warehouse holds. */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description = "List and describe the products of the catalog.",
    subcommands = {CatalogCommand.ListCommand.class, CatalogCommand.ShowCommand.class, CatalogCommand.SearchCommand.class})
final class CatalogCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static Map<String, Object> toJson(CatalogEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("product", e.product());
    m.put("domain", e.domain());
    m.put("major", HistoryCommand.major(e.contractVersion()));
    m.put("dataVersion", e.dataVersion());
    m.put("contractVersion", e.contractVersion());
    m.put("owner", e.owner());
    m.put("status", e.status());
    m.put("rows", e.rows());
    m.put("rowsAdded", e.rowsAdded());
    m.put("publishedAt", e.publishedAt() == null ? null : e.publishedAt().toString());
    m.put("runId", e.runId());
    m.put("runDate", e.runDate() == null ? null : e.runDate().toString());
    m.put("constraintsPassed", e.constraintsPassed());
    m.put("constraintsFailed", e.constraintsFailed());
    m.put("constraintsWarned", e.constraintsWarned());
    m.put("message", e.message());
    m.put("description", e.description());
    return m;
  }

  /** The rows a run added, in words when a certified run added none (an append rerun of a published run date). */
  static String added(CatalogEntry e) {
    return e.certified() && e.rowsAdded() == 0 && e.rows() > 0 ? "rerun: nothing added" : String.valueOf(e.rowsAdded());
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the products with their last run.")
  static final class ListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Override
    public Integer call() {
      List<CatalogEntry> entries = common.mesh().catalog().list();
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Output.json(entries.stream().map(CatalogCommand::toJson).toList()));
        return 0;
      }
      if (entries.isEmpty()) {
        out.println("The catalog is empty: no product has run in " + common.platform().warehouse(common.warehouse) + ".");
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (CatalogEntry e : entries) {
        rows.add(
            List.of(
                e.product(),
                e.dataVersion() == null ? "-" : e.dataVersion().toString(),
                e.contractVersion(),
                e.owner(),
                e.status(),
                String.valueOf(e.rows()),
                added(e),
                // A product never published has no publish time (its row records a refused run).
                e.dataVersion() == null ? "-" : String.valueOf(e.publishedAt())));
      }
      Output.table(out, List.of("product", "version", "contract", "owner", "status", "rows", "added", "published at"), rows);
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Describe one product: contract, versions, last quality result.")
  static final class ShowCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    @Parameters(paramLabel = "PRODUCT", description = "domain.name")
    String product;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
      ProductId id = ProductId.parse(product);
      ContractRepository contracts = common.platform().contracts();
      DataProduct contract = Files.exists(contracts.fileOf(id)) ? contracts.load(id) : null;
      Mesh mesh = common.mesh();
      CatalogEntry last = mesh.catalog().last(id).orElse(null);
      if (contract == null && last == null) {
        throw new NotFoundException("No data product " + id + ": no contract at " + contracts.fileOf(id) + " and no run in the catalog");
      }
      List<ProductVersion> versions = last == null || last.dataVersion() == null ? List.of() : mesh.read(id).versions();
      Freshness sla =
          Freshness.of(contract == null ? null : contract.freshness(), mesh.catalog().lastCertified(id).map(CatalogEntry::publishedAt).orElse(null), Instant.now());
      List<String> consumers = consumers(common, mesh, id);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("product", id.toString());
        if (contract != null) {
          m.put("contractVersion", contract.version().toString());
          m.put("description", contract.description());
          m.put("owner", Map.of("team", String.valueOf(contract.owner().team()), "email", String.valueOf(contract.owner().email())));
          m.put("contract", contract.file().toString());
          List<Map<String, Object>> cols = new ArrayList<>();
          contract.columns().forEach(c -> {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("type", c.type());
            cm.put("nullable", c.nullable());
            cm.put("classification", c.classification());
            cm.put("description", c.description());
            cols.add(cm);
          });
          m.put("columns", cols);
          m.put("freshness", contract.freshness() == null ? null : contract.freshness().toString());
        }
        m.put("lastRun", last == null ? null : toJson(last));
        m.put("sla", sla.status());
        m.put("consumers", consumers);
        m.put("versions", versions.stream().map(HistoryCommand::toJson).toList());
        out.println(Output.json(m));
        return 0;
      }
      out.println(Output.bold(id.toString()) + (contract == null ? "" : "  (contract " + contract.version() + ", " + contract.file() + ")"));
      if (contract != null) {
        if (contract.description() != null) out.println("  " + contract.description());
        out.println("  owner      " + contract.owner() + (contract.owner().email() == null ? "" : " <" + contract.owner().email() + ">"));
        out.println("  freshness  " + (contract.freshness() == null ? "-" : SlaCommand.format(contract.freshness())) + " (SLA " + sla.status() + ")");
        out.println("  primary key " + contract.primaryKey());
        out.println();
        List<List<String>> rows = new ArrayList<>();
        contract.columns().forEach(c -> rows.add(List.of(c.name(), c.type(), c.nullable() ? "yes" : "no", String.valueOf(c.classification()), c.description() == null ? "" : c.description())));
        Output.table(out, List.of("column", "type", "nullable", "classification", "description"), rows);
      }
      out.println();
      if (last == null) {
        out.println("Never run.");
      } else {
        out.println("Last run: " + last.status() + " at " + last.publishedAt() + " (run date " + last.runDate() + "), "
            + last.constraintsPassed() + " constraints passed, " + last.constraintsFailed() + " failed, " + last.constraintsWarned() + " warned");
        if (last.message() != null) out.println("  " + last.message());
      }
      out.println("Consumers (from lineage): " + (consumers.isEmpty() ? "none" : String.join(", ", consumers)));
      if (!versions.isEmpty()) {
        out.println();
        HistoryCommand.print(out, versions);
      }
      return 0;
    }
  }

  /** Who reads the product, with the versions they read: from the lineage log, not a hand-kept list. */
  static List<String> consumers(CommonOptions common, Mesh mesh, ProductId id) {
    try {
      return LineageGraph.load(common.platform().config(), mesh.warehouse()).downstream(id.toString(), 1).stream()
          .map(n -> n.inputs().isEmpty() ? n.name() : n.name() + " (read " + String.join(", ", n.inputs()) + ")")
          .toList();
    } catch (MeshException | java.io.UncheckedIOException e) {
      return List.of(); // no lineage of this product yet
    }
  }

  @Command(name = "search", mixinStandardHelpOptions = true, description = "Find products by name, description, columns, tags, owner and domain, ranked.")
  static final class SearchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    @Parameters(paramLabel = "TEXT", description = "Words to look for; a product must match all of them.")
    List<String> words;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Override
    public Integer call() {
      List<CatalogSearch.Hit> hits = CatalogSearch.search(common.platform().contracts().loadAll(), String.join(" ", words));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Output.json(hits.stream().map(h -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("product", h.product().id().toString());
          m.put("score", h.score());
          m.put("matchedIn", h.matchedIn());
          m.put("description", h.product().description());
          m.put("owner", h.product().owner().toString());
          return m;
        }).toList()));
        return 0;
      }
      if (hits.isEmpty()) {
        out.println("No product matches '" + String.join(" ", words) + "'.");
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      hits.forEach(h -> rows.add(List.of(h.product().id().toString(), String.valueOf(h.score()), String.join(", ", h.matchedIn()), String.valueOf(h.product().description()))));
      Output.table(out, List.of("product", "score", "matched in", "description"), rows);
      return 0;
    }
  }
}
