package io.meshwork.jobs.internal;

import io.meshwork.core.DataProduct;
import io.meshwork.core.ExitCode;
import io.meshwork.core.Mesh;
import io.meshwork.core.MeshException;
import io.meshwork.core.ProductId;
import io.meshwork.core.spi.ConstraintResult;
import io.meshwork.core.spi.QualityReport;
import io.meshwork.jobs.ProductGraph;
import io.meshwork.jobs.ProductRunner;
import io.meshwork.jobs.RunReport;
import io.meshwork.lineage.OpenLineageListener;
import io.meshwork.quality.DeequQualityGate;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/** Wiring and reporting shared by {@code run}, {@code run --all} and {@code demo}. */
public final class Runs {
  private Runs() {}

  /** What the command line needs to run products. */
  public interface Setup {
    io.meshwork.jobs.Platform platform();

    Mesh mesh();
  }

  /** A runner with the real Deequ gate and the configured lineage transport. */
  public static ProductRunner runner(Setup setup, Mesh mesh) {
    return new ProductRunner(
        mesh.spark(),
        setup.platform().contracts(),
        mesh,
        new DeequQualityGate(),
        OpenLineageListener.fromConfig(setup.platform().config(), mesh.warehouse()));
  }

  /**
   * Runs every product of the project upstream first. A failed product does not stop the others;
   * its downstream products are skipped and say why.
   */
  public static List<RunReport> runAll(Setup setup, LocalDate runDate, Consumer<String> progress) {
    List<DataProduct> order = new ProductGraph(setup.platform().contracts().loadAll()).runOrder();
    ProductGraph graph = new ProductGraph(order);
    Mesh mesh = setup.mesh();
    ProductRunner runner = runner(setup, mesh).onProgress(progress);
    UUID parent = UUID.randomUUID();
    Set<ProductId> notPublished = new HashSet<>();
    List<RunReport> reports = new ArrayList<>();
    for (DataProduct p : order) {
      List<ProductId> blocked = graph.upstream(p.id()).stream().filter(notPublished::contains).toList();
      if (!blocked.isEmpty()) {
        notPublished.add(p.id());
        String why = "skipped: upstream " + blocked.stream().map(ProductId::toString).reduce((a, b) -> a + ", " + b).orElse("") + " not published";
        progress.accept(p.id() + ": " + why);
        reports.add(new RunReport(p.id(), p.version().toString(), null, runDate, RunReport.SKIPPED, null, 0, null, 0, ExitCode.OK, why));
        continue;
      }
      long start = System.nanoTime();
      try {
        RunReport r = runner.run(p.id(), runDate, parent);
        progress.accept(p.id() + ": published data version " + r.dataVersion() + " (" + r.rows() + " rows)");
        reports.add(r);
      } catch (MeshException e) {
        notPublished.add(p.id());
        progress.accept(p.id() + ": " + e.getMessage());
        QualityReport report = e instanceof io.meshwork.core.QualityGateException q ? q.report() : null;
        reports.add(
            new RunReport(
                p.id(), p.version().toString(), null, runDate, RunReport.FAILED, null, report == null ? 0 : report.rows(), report,
                (System.nanoTime() - start) / 1e9, e.exitCode(), e.getMessage()));
      }
    }
    return reports;
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
