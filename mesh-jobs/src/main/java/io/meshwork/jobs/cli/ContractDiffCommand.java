package io.meshwork.jobs.cli;

import io.meshwork.core.Mesh;
import io.meshwork.core.contract.ContractChange.Impact;
import io.meshwork.core.contract.ContractChange;
import io.meshwork.core.contract.ContractDiff;
import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.contract.ContractStore;
import io.meshwork.core.contract.Contracts;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ExitCode;
import io.meshwork.core.model.InternalMeshException;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.NotFoundException;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.QualityGateException;
import io.meshwork.core.model.SourceLocation;
import io.meshwork.core.odcs.OdcsImport;
import io.meshwork.jobs.ChangeImpact;
import io.meshwork.jobs.PublishedDataCheck;
import io.meshwork.lineage.LineageGraph;
import io.meshwork.quality.DeequQualityGate;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mesh contract diff}: the changes from another version of a contract to the project's, each
 * consumer-breaking, tightening or compatible, with the consumers a consumer-breaking change
 * touches. The other version is a file ({@code --against}) or a git revision of the repository
 * that holds {@code --conf} ({@code --against-git}, with {@code --all} for every contract changed
 * since). Exit 2 when a change is consumer-breaking without a major version bump (or a contract was
 * deleted). Runs no Spark and needs no warehouse (the lineage log, when there is one, names consumers).
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
    description = "Show the classified changes from another version of a contract to the project's (nothing is run); "
        + "exit 2 when a change is consumer-breaking without a major version bump.")
final class ContractDiffCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(paramLabel = "PRODUCT", arity = "0..1", description = "domain.name (not with --all)")
  String product;

  @Option(names = "--against", paramLabel = "FILE",
      description = "The other version: a contract .conf or an ODCS .yaml (e.g. the one the live table was published with).")
  Path against;

  @Option(names = "--against-git", paramLabel = "REF",
      description = "The other version: the contract at git revision REF (a branch, tag or commit) of the repository holding --conf.")
  String againstGit;

  @Option(names = "--all", description = "With --against-git: every contract added, changed or deleted since REF.")
  boolean all;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text (default), json or markdown (for a pull-request comment).")
  String format;

  @Option(names = "--json", description = "Same as --format json.")
  boolean json;

  @Option(names = "--check-data",
      description = "Also check the data already published (a table that keeps history: append, merge, replace-partition) against the "
          + "tightenings since the contract stamped on it, as a run would before writing; exit 3 when it breaks one. Starts Spark.")
  boolean checkData;

  /** One compared contract; {@code before} null when added, {@code after} null when deleted. */
  record Diff(ProductId id, DataProduct before, String beforeFile, DataProduct after, String afterFile, List<ContractChange> changes) {
    boolean requiresMajor() {
      return changes.stream().anyMatch(ContractChange::breaking);
    }

    /** Consumer-breaking and not allowed by a major version bump. */
    boolean refused() {
      return requiresMajor() && (before == null || after == null || before.version().major() == after.version().major());
    }

    long count(Impact impact) {
      return changes.stream().filter(c -> c.impact() == impact).count();
    }
  }

  @Override
  public Integer call() {
    String fmt = json ? "json" : format.toLowerCase(Locale.ROOT);
    if (!List.of("text", "json", "markdown").contains(fmt)) {
      throw new ContractException("Unknown format '" + format + "' for contract diff: expected text, json or markdown");
    }
    if ((against == null) == (againstGit == null)) {
      throw new ContractException("contract diff needs the other version: --against FILE or --against-git REF (one of them)");
    }
    if (all && againstGit == null) {
      throw new ContractException("--all needs --against-git REF");
    }
    if (all == (product != null)) {
      throw new ContractException(all ? "--all compares every contract: give no PRODUCT" : "Missing PRODUCT (domain.name), or --all with --against-git");
    }
    ContractRepository contracts = common.platform().contracts();
    List<Diff> diffs = new ArrayList<>();
    if (against != null) {
      DataProduct after = contracts.load(ProductId.parse(product));
      DataProduct before = load(against);
      diffs.add(new Diff(after.id(), before, against.toString(), after, String.valueOf(after.file()), ContractDiff.compare(before, after)));
    } else {
      Git git = Git.of(contracts.confDir());
      git.requireRevision(againstGit);
      if (all) {
        for (String rel : git.changedContracts(againstGit).keySet()) {
          String[] parts = rel.split("/");
          String name = parts[parts.length - 1];
          diffs.add(gitDiff(contracts, git, ProductId.parse(parts[parts.length - 2] + "." + name.substring(0, name.length() - ".conf".length()))));
        }
      } else {
        diffs.add(gitDiff(contracts, git, ProductId.parse(product)));
      }
    }
    ChangeImpact impact = new ChangeImpact(() -> LineageGraph.load(common.platform().config(), common.platform().warehouse(common.warehouse)));
    PrintWriter out = spec.commandLine().getOut();
    switch (fmt) {
      case "json" -> {
        List<Map<String, Object>> list = diffs.stream().map(d -> toJson(d, impact)).toList();
        out.println(Output.json(all ? list : list.get(0)));
      }
      case "markdown" -> markdown(out, diffs, impact);
      default -> text(out, diffs, impact);
    }
    ExitCode code = diffs.stream().anyMatch(Diff::refused) ? ExitCode.USAGE : ExitCode.OK;
    if (checkData) {
      code = ExitCode.worst(code, checkData(diffs));
    }
    return code.code();
  }

  /**
   * For each working contract whose table keeps history: its tightenings since the contract stamped
   * on the live table, checked on the published rows. Prints what it found to stderr.
   */
  private ExitCode checkData(List<Diff> diffs) {
    PrintWriter err = spec.commandLine().getErr();
    ExitCode code = ExitCode.OK;
    Mesh mesh = null;
    for (Diff d : diffs) {
      DataProduct next = d.after();
      if (next == null) {
        continue;
      }
      if (!PublishedDataCheck.keepsHistory(next)) {
        err.println(next.id() + ": write mode " + (next.write() == null ? "overwrite" : next.write().mode())
            + " keeps no history: no published data to check");
        continue;
      }
      mesh = mesh == null ? common.mesh() : mesh;
      int major = next.version().major();
      Optional<DataProduct> live = new ContractStore(mesh.spark(), mesh.warehouse()).live(next.id(), major);
      Long version;
      try {
        version = mesh.read(next.id(), major).latestVersion();
      } catch (MeshException none) {
        version = null;
      }
      if (live.isEmpty() || version == null) {
        err.println(next.id() + ": no published data of major " + major + " to check");
        continue;
      }
      try {
        PublishedDataCheck.require(mesh.spark(), mesh.warehouse().table(next), version, next, ContractDiff.compare(live.get(), next), new DeequQualityGate());
        err.println(next.id() + ": the data already published (data version " + version + ") meets every tightening since contract "
            + live.get().version());
      } catch (QualityGateException e) {
        err.println(e.getMessage());
        code = ExitCode.worst(code, ExitCode.QUALITY);
      }
    }
    err.flush();
    return code;
  }

  /** The contract of {@code id} in the working tree against {@code againstGit}. */
  private Diff gitDiff(ContractRepository contracts, Git git, ProductId id) {
    String rel = git.relative(id);
    String atRef = againstGit + ":" + rel;
    String old = git.show(againstGit, rel);
    DataProduct before = old == null ? null : Contracts.parse(old, atRef);
    DataProduct after = Files.isRegularFile(contracts.fileOf(id)) ? contracts.load(id) : null;
    if (before == null && after == null) {
      throw new NotFoundException("No contract for " + id + " in the working tree (" + contracts.fileOf(id) + ") or at " + againstGit);
    }
    String afterFile = contracts.fileOf(id).toString();
    List<ContractChange> changes;
    if (before == null) {
      changes = List.of(new ContractChange("contract-added", Impact.COMPATIBLE, "contract added: " + id + " is new", new SourceLocation(afterFile, 1)));
    } else if (after == null) {
      changes = List.of(new ContractChange("contract-deleted", Impact.CONSUMER_BREAKING,
          "contract deleted: " + id + " " + before.version() + " is no longer published", new SourceLocation(atRef, 1)));
    } else {
      changes = ContractDiff.compare(before, after);
    }
    return new Diff(id, before, atRef, after, afterFile, changes);
  }

  /** A contract file: a Meshwork {@code .conf}, or an ODCS {@code .yaml}/{@code .yml} document. */
  private static DataProduct load(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml") ? OdcsImport.read(file).product() : Contracts.load(file);
  }

  private static String version(DataProduct p) {
    return p == null ? null : p.version().toString();
  }

  private static Map<String, Object> toJson(Diff d, ChangeImpact impact) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("product", d.id().toString());
    m.put("from", version(d.before()));
    m.put("to", version(d.after()));
    m.put("requiresMajor", d.requiresMajor());
    List<Map<String, Object>> changes = new ArrayList<>();
    for (ContractChange c : d.changes()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("kind", c.impact().label());
      e.put("file", c.location().file());
      e.put("line", c.location().line());
      e.put("description", c.description());
      List<Map<String, Object>> consumers = new ArrayList<>();
      for (ChangeImpact.Consumer k : consumers(d, c, impact)) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("node", k.node());
        x.put("version", k.version());
        x.put("reads", k.reads());
        consumers.add(x);
      }
      e.put("consumers", consumers);
      changes.add(e);
    }
    m.put("changes", changes);
    return m;
  }

  /** The consumers of a consumer-breaking change; none listed for the others. */
  private static List<ChangeImpact.Consumer> consumers(Diff d, ContractChange c, ChangeImpact impact) {
    return c.breaking() ? impact.of(d.id(), c) : List.of();
  }

  private static String summary(Diff d) {
    long breaking = d.count(Impact.CONSUMER_BREAKING);
    long tightening = d.count(Impact.TIGHTENING);
    if (d.changes().isEmpty()) {
      return "No changes.";
    }
    if (d.after() == null) {
      return "Contract deleted: consumer-breaking for every reader of " + d.id() + ".";
    }
    if (breaking == 0) {
      return d.changes().size() + " change" + plural(d.changes().size()) + ", none consumer-breaking"
          + (tightening == 0 ? "" : " (" + tightening + " tightening" + plural(tightening) + ": the data already published must meet them)") + ".";
    }
    String head = breaking + " consumer-breaking change" + plural(breaking);
    return d.refused()
        ? head + ": publishing needs a major version bump (" + d.before().version() + " -> " + (d.before().version().major() + 1) + ".0.0)."
        : head + ", allowed by the major version bump.";
  }

  private static String plural(long n) {
    return n == 1 ? "" : "s";
  }

  private void text(PrintWriter out, List<Diff> diffs, ChangeImpact impact) {
    if (diffs.isEmpty()) {
      out.println("No contract changed since " + againstGit + ".");
    }
    for (Diff d : diffs) {
      out.println(d.id() + ": " + (d.before() == null ? "none" : d.before().version() + " (" + d.beforeFile() + ")") + " -> "
          + (d.after() == null ? "deleted" : d.after().version() + " (" + d.afterFile() + ")"));
      if (d.changes().isEmpty()) {
        out.println("No changes.");
        continue;
      }
      List<List<String>> rows = new ArrayList<>();
      for (ContractChange c : d.changes()) {
        String label = c.impact().label();
        rows.add(List.of(c.breaking() ? Output.red(label) : label, c.kind(), c.location().toString(), c.description()));
      }
      Output.table(out, List.of("", "change", "where", "description"), rows);
      for (ContractChange c : d.changes()) {
        if (c.breaking()) {
          out.println(c.location() + ": " + c.description());
          out.println(impact.describe(impact.of(d.id(), c)));
        }
      }
      out.println(summary(d));
    }
  }

  private void markdown(PrintWriter out, List<Diff> diffs, ChangeImpact impact) {
    if (diffs.isEmpty()) {
      out.println("No contract changed since `" + againstGit + "`.");
    }
    for (Diff d : diffs) {
      out.println("### `" + d.id() + "` " + (d.before() == null ? "(new)" : d.before().version()) + " → " + (d.after() == null ? "(deleted)" : d.after().version()));
      out.println();
      if (!d.changes().isEmpty()) {
        out.println("| | change | where | description | consumers |");
        out.println("|---|---|---|---|---|");
        for (ContractChange c : d.changes()) {
          List<ChangeImpact.Consumer> consumers = consumers(d, c, impact);
          String who = String.join("<br>", consumers.stream()
              .map(k -> (k.reads().equals("yes") ? "reads it: " : k.reads().equals("may") ? "may read it: " : "unaffected: ") + ChangeImpact.text(k))
              .toList());
          out.println("| " + (c.breaking() ? "❌ **consumer-breaking**" : c.impact() == Impact.TIGHTENING ? "⚠️ tightening" : "✅ compatible")
              + " | " + c.kind() + " | `" + c.location() + "` | " + cell(c.description()) + " | " + cell(who) + " |");
        }
        out.println();
      }
      out.println(d.refused() ? "**" + summary(d) + "**" : summary(d));
      out.println();
    }
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  /** The git commands {@code --against-git} needs, run in the repository that holds {@code --conf}. */
  record Git(Path top, Path conf) {
    static Git of(Path confDir) {
      if (!Files.isDirectory(confDir)) {
        throw new ContractException("No configuration directory " + confDir);
      }
      Result r = run(confDir, "rev-parse", "--show-toplevel");
      if (r.code() != 0) {
        throw new ContractException("--against-git needs a git repository: " + confDir + " is not in one (" + r.err().strip() + ")");
      }
      try {
        return new Git(Path.of(r.out().strip()).toRealPath(), confDir.toRealPath());
      } catch (IOException e) {
        throw new ContractException("Cannot resolve " + confDir + ": " + e.getMessage(), e);
      }
    }

    void requireRevision(String ref) {
      Result r = run(top, "rev-parse", "--verify", "--quiet", ref + "^{commit}");
      if (r.code() != 0) {
        throw new ContractException("Unknown git revision '" + ref + "' in " + top);
      }
    }

    /** The contract of {@code id} relative to the repository, with {@code /}. */
    String relative(ProductId id) {
      return top.relativize(conf.resolve("products").resolve(id.domain()).resolve(id.name() + ".conf")).toString().replace('\\', '/');
    }

    /** The file at {@code rel} in revision {@code ref}, or null when it has none. */
    String show(String ref, String rel) {
      Result r = run(top, "cat-file", "-p", ref + ":" + rel);
      return r.code() == 0 ? r.out() : null;
    }

    /** Every contract ({@code <conf>/products/<domain>/<name>.conf}) added, changed or deleted since {@code ref}, working tree included; path to status. */
    Map<String, Character> changedContracts(String ref) {
      String products = top.relativize(conf.resolve("products")).toString().replace('\\', '/');
      Map<String, Character> found = new TreeMap<>();
      Result diff = run(top, "diff", "--name-status", "--no-renames", ref, "--", products);
      if (diff.code() != 0) {
        throw new ContractException("git diff against " + ref + " failed: " + diff.err().strip());
      }
      diff.out().lines().filter(l -> !l.isBlank()).forEach(l -> {
        String[] parts = l.split("\t", 2);
        found.put(parts[1], parts[0].charAt(0));
      });
      Result untracked = run(top, "ls-files", "--others", "--exclude-standard", "--", products);
      untracked.out().lines().filter(l -> !l.isBlank()).forEach(l -> found.put(l, 'A'));
      found.keySet().removeIf(p -> !p.matches(java.util.regex.Pattern.quote(products) + "/[^/]+/[^/]+\\.conf"));
      return found;
    }

    private record Result(int code, String out, String err) {}

    private static Result run(Path dir, String... args) {
      List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
      command.addAll(List.of(args));
      try {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        p.getOutputStream().close();
        java.util.concurrent.CompletableFuture<String> err =
            java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        return new Result(p.waitFor(), out, err.join());
      } catch (IOException e) {
        throw new ContractException("--against-git needs git on the PATH: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InternalMeshException("interrupted while running git", e);
      }
    }

    private static String read(java.io.InputStream in) {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
