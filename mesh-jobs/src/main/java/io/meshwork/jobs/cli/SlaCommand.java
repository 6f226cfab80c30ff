package io.meshwork.jobs.cli;

import io.meshwork.core.Mesh;
import io.meshwork.core.catalog.CatalogEntry;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ExitCode;
import io.meshwork.core.model.Freshness;
import io.meshwork.core.model.ProductId;
import java.io.PrintWriter;
import java.time.Duration;
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

/** {@code mesh sla check [<product>]}: freshness of every product against its {@code sla.freshness}. */
@Command(name = "sla", mixinStandardHelpOptions = true, description = "Freshness SLAs.", subcommands = SlaCommand.Check.class)
final class SlaCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Compare each product's last certified publish with its sla.freshness.",
        "Exit 6 if any product is breached, 0 otherwise: usable as a monitor from cron or a scheduler."
      })
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    @Parameters(paramLabel = "PRODUCT", arity = "0..1", description = "One product (default: every product with an SLA).")
    String product;

    @Option(names = "--json", description = "Print a JSON array: product, freshness, lastPublishedAt, ageSeconds, status.")
    boolean json;

    @Override
    public Integer call() {
      List<DataProduct> products =
          product != null
              ? List.of(common.platform().contracts().load(ProductId.parse(product)))
              : common.platform().contracts().loadAll().stream().filter(p -> p.freshness() != null).toList();
      Mesh mesh = common.mesh();
      Instant now = Instant.now();
      io.meshwork.jobs.Notifier notifier = io.meshwork.jobs.Notifier.fromConfig(common.platform().config(), mesh.warehouse());
      notifier.retrySpooled();
      List<Map<String, Object>> results = new ArrayList<>();
      boolean breached = false;
      for (DataProduct p : products) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("product", p.id().toString());
        m.put("freshness", p.freshness() == null ? null : format(p.freshness()));
        Freshness f = Freshness.of(p.freshness(), mesh.catalog().lastCertified(p.id()).map(CatalogEntry::publishedAt).orElse(null), now);
        m.put("lastPublishedAt", f.lastPublishedAt() == null ? null : f.lastPublishedAt().toString());
        m.put("ageSeconds", f.ageSeconds());
        m.put("status", f.status());
        breached |= f.breached();
        if (f.breached()) {
          notifier.notify(
              io.meshwork.jobs.Notifier.SLA_BREACHED, p.id(), p.owner().team(), ExitCode.SLA_BREACHED.code(),
              p.id() + ": SLA breached: last published at " + f.lastPublishedAt() + ", " + format(Duration.ofSeconds(f.ageSeconds()))
                  + " ago, older than its sla.freshness " + format(p.freshness()));
        }
        results.add(m);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Output.json(results));
      } else {
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, Object> m : results) {
          String status = (String) m.get("status");
          rows.add(
              List.of(
                  (String) m.get("product"),
                  String.valueOf(m.get("freshness")),
                  m.get("lastPublishedAt") == null ? "-" : (String) m.get("lastPublishedAt"),
                  m.get("ageSeconds") == null ? "-" : format(Duration.ofSeconds((Long) m.get("ageSeconds"))),
                  "breached".equals(status) ? Output.red(status) : "ok".equals(status) ? Output.green(status) : status));
        }
        Output.table(out, List.of("product", "freshness", "last published", "age", "status"), rows);
      }
      return breached ? ExitCode.SLA_BREACHED.code() : 0;
    }
  }

  /** {@code 24h}, {@code 30m}, {@code 7d}, {@code 90s}: the way contracts write durations. */
  static String format(Duration d) {
    long s = d.getSeconds();
    if (s != 0 && s % 86400 == 0) return s / 86400 + "d";
    if (s != 0 && s % 3600 == 0) return s / 3600 + "h";
    if (s != 0 && s % 60 == 0) return s / 60 + "m";
    return s + "s";
  }
}
