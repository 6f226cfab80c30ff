package io.meshwork.jobs.internal;

import io.meshwork.core.Mesh;
import io.meshwork.core.governance.Governance;
import io.meshwork.core.model.ConstraintResult;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ExitCode;
import io.meshwork.core.model.InternalMeshException;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.QualityGateException;
import io.meshwork.core.model.QualityReport;
import io.meshwork.jobs.ExitCodes;
import io.meshwork.jobs.ProductGraph;
import io.meshwork.jobs.ProductRunner;
import io.meshwork.jobs.RunReport;
import io.meshwork.lineage.LineageGraph;
import io.meshwork.lineage.OpenLineageListener;
import io.meshwork.quality.DeequQualityGate;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Wiring and reporting shared by {@code run}, {@code run --all} and {@code demo}. */
public final class Runs {
  private Runs() {}

  /** What the command line needs to run products. */
  public interface Setup {
    io.meshwork.jobs.Platform platform();

    Mesh mesh();
  }

  /** A runner with the project's governance policies, the real Deequ gate and the configured lineage transport. */
  public static ProductRunner runner(Setup setup, Mesh mesh) {
    return runner(setup, mesh, lineage(setup, mesh));
  }

  /**
   * The lineage of the runs in {@code mesh}'s session: the configured transport, with the
   * orchestrator's parent run when the session's {@code spark.openlineage.parent*} settings name one.
   */
  public static OpenLineageListener lineage(Setup setup, Mesh mesh) {
    return OpenLineageListener.fromConfig(setup.platform().config(), mesh.warehouse(), mesh.spark());
  }

  private static ProductRunner runner(Setup setup, Mesh mesh, OpenLineageListener lineage) {
    io.meshwork.jobs.Notifier notifier = io.meshwork.jobs.Notifier.fromConfig(setup.platform().config(), mesh.warehouse());
    notifier.retrySpooled();
    return new ProductRunner(
        mesh.spark(),
        setup.platform().contracts(),
        mesh,
        new DeequQualityGate(),
        lineage)
        .withGovernance(Governance.load(setup.platform().confDir()))
        .withNotifier(notifier)
        .withMetastore(metastore(setup.platform().config()))
        .withRetention(setup.platform().config().getDuration("mesh.retention.versions"))
        .withLineage(() -> LineageGraph.load(setup.platform().config(), mesh.warehouse()));
  }

  /** The {@code mesh.metastore} settings. */
  public static io.meshwork.core.catalog.Metastore.Settings metastore(com.typesafe.config.Config config) {
    return new io.meshwork.core.catalog.Metastore.Settings(
        config.getString(io.meshwork.core.catalog.Metastore.DATABASE_PREFIX_KEY), config.getBoolean(io.meshwork.core.catalog.Metastore.REGISTER_RESTRICTED_KEY));
  }

  /**
   * Runs every product of the project upstream first; products whose inputs are all published run
   * concurrently in the one SparkSession ({@code mesh.run.parallelism} at a time). A failed
   * product does not stop the others; its downstream products are skipped and say why. Reports
   * come back in run order.
   */
  public static List<RunReport> runAll(Setup setup, LocalDate runDate, Consumer<String> progress) {
    return runAll(setup, runDate, null, progress);
  }

  /**
   * As {@link #runAll(Setup, LocalDate, Consumer)}, only the products whose {@code domain.name}
   * matches the glob {@code select} ({@code sales.*}, {@code *.orders}; null: all). Products that
   * are not selected are not run: the selected ones read their latest certified versions.
   */
  public static List<RunReport> runAll(Setup setup, LocalDate runDate, String select, Consumer<String> progress) {
    return runAll(setup, runDate, select, UUID.randomUUID(), progress);
  }

  /** As {@link #runAll(Setup, LocalDate, String, Consumer)}, as the run {@code runAllId} (the parent of the product runs in lineage). */
  public static List<RunReport> runAll(Setup setup, LocalDate runDate, String select, UUID runAllId, Consumer<String> progress) {
    List<DataProduct> order = new ProductGraph(setup.platform().contracts().loadAll()).runOrder();
    if (select != null) {
      java.util.regex.Pattern glob = java.util.regex.Pattern.compile(
          java.util.Arrays.stream(select.split("\\*", -1)).map(java.util.regex.Pattern::quote).collect(Collectors.joining(".*")));
      order = order.stream().filter(p -> glob.matcher(p.id().toString()).matches()).toList();
      if (order.isEmpty()) {
        throw new ContractException("--select '" + select + "' matches no product of " + setup.platform().contracts().confDir().resolve("products"));
      }
    }
    ProductGraph graph = new ProductGraph(order);
    Mesh mesh = setup.mesh();
    OpenLineageListener lineage = lineage(setup, mesh);
    ProductRunner runner = runner(setup, mesh, lineage).onProgress(progress);
    UUID parent = runAllId;
    lineage.runAllStarted(parent, java.time.Instant.now());
    String failure = "run --all did not finish";
    int parallelism = Math.max(1, setup.platform().config().getInt("mesh.run.parallelism"));
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
      Thread t = new Thread(r, "mesh-run");
      t.setDaemon(true);
      return t;
    });
    CompletionService<RunReport> completion = new ExecutorCompletionService<>(pool);
    Map<ProductId, RunReport> done = new HashMap<>();
    Set<ProductId> started = new HashSet<>();
    int running = 0;
    try {
      while (done.size() < order.size()) {
        for (DataProduct p : order) {
          if (started.contains(p.id()) || !done.keySet().containsAll(graph.upstream(p.id()))) {
            continue;
          }
          started.add(p.id());
          List<ProductId> blocked = graph.upstream(p.id()).stream().filter(u -> !done.get(u).published()).toList();
          if (!blocked.isEmpty()) {
            String why = "skipped: upstream " + blocked.stream().map(ProductId::toString).collect(Collectors.joining(", ")) + " not published";
            progress.accept(p.id() + ": " + why);
            done.put(p.id(), new RunReport(p.id(), p.version().toString(), null, runDate, RunReport.SKIPPED, null, 0, null, 0, ExitCode.OK, why));
            continue;
          }
          completion.submit(() -> runOne(runner, p, runDate, parent, progress));
          running++;
        }
        if (running > 0 && done.size() < order.size()) {
          RunReport r = completion.take().get();
          running--;
          done.put(r.product(), r);
        }
      }
      List<String> failed = order.stream().map(p -> done.get(p.id())).filter(r -> !r.published()).map(r -> r.product() + " " + r.status()).toList();
      failure = failed.isEmpty() ? null : "not published: " + String.join(", ", failed);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InternalMeshException("run --all interrupted");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new InternalMeshException("run --all failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
      lineage.runAllFinished(parent, java.time.Instant.now(), failure);
    }
    return order.stream().map(p -> done.get(p.id())).toList();
  }

  private static RunReport runOne(ProductRunner runner, DataProduct p, LocalDate runDate, UUID parent, Consumer<String> progress) {
    long start = System.nanoTime();
    try {
      RunReport r = runner.run(p.id(), runDate, parent);
      progress.accept(p.id() + ": published data version " + r.dataVersion() + " (" + r.rows() + " rows)");
      return r;
    } catch (MeshException e) {
      progress.accept(p.id() + ": " + e.getMessage());
      QualityReport report = e instanceof QualityGateException q ? q.report() : null;
      return new RunReport(
          p.id(), p.version().toString(), null, runDate, RunReport.FAILED, null, report == null ? 0 : report.rows(), report,
          (System.nanoTime() - start) / 1e9, ExitCodes.of(e), e.getMessage());
    }
  }

  /** The report of one published run, with its constraint table. */
  public static void printReport(PrintWriter out, RunReport r) {
    out.printf(Locale.ROOT, "Published %s (contract %s) as data version %d%n", r.product(), r.contractVersion(), r.dataVersion());
    out.printf(Locale.ROOT, "  rows         %,d%n", r.rows());
    if (r.report() != null) {
      QualityReport q = r.report();
      out.printf(
          Locale.ROOT,
          "  constraints  %d passed, %d failed, %d warned%n",
          q.count(ConstraintResult.Status.PASSED), q.count(ConstraintResult.Status.FAILED), q.count(ConstraintResult.Status.WARNED));
    }
    if (r.dropped() > 0 || r.quarantined() > 0) {
      out.printf(Locale.ROOT, "  row actions  %,d dropped, %,d quarantined%n", r.dropped(), r.quarantined());
    }
    out.printf(Locale.ROOT, "  run          %s (date %s)%n", r.runId(), r.runDate());
    out.printf(Locale.ROOT, "  time         %.1f s%n", r.seconds());
    if (r.report() != null && !r.report().results().isEmpty()) {
      out.println();
      printConstraints(out, r.report());
    }
  }

  /** Constraint, level, status, observed value, threshold: one row per contract constraint. */
  public static void printConstraints(PrintWriter out, QualityReport q) {
    List<List<String>> rows = new ArrayList<>();
    for (ConstraintResult c : q.results()) {
      rows.add(List.of(c.constraint().label(), c.constraint().level(), c.status().name().toLowerCase(Locale.ROOT), nz(c.observed()), nz(c.threshold())));
    }
    io.meshwork.jobs.internal.TextTable.print(out, List.of("constraint", "level", "status", "observed", "threshold"), rows);
    q.results().stream().filter(c -> c.message() != null).forEach(c -> out.println("  " + c.message()));
  }

  /** Product, status, version, rows, seconds: one row per run. */
  public static void printSummary(PrintWriter out, List<RunReport> reports) {
    List<List<String>> rows = new ArrayList<>();
    for (RunReport r : reports) {
      rows.add(
          List.of(
              r.product().toString(),
              r.status(),
              r.dataVersion() == null ? "-" : r.dataVersion().toString(),
              String.valueOf(r.rows()),
              String.format(Locale.ROOT, "%.1f", r.seconds())));
    }
    TextTable.print(out, List.of("product", "status", "version", "rows", "seconds"), rows);
  }

  private static String nz(String s) {
    return s == null ? "-" : s;
  }
}
