package io.meshwork.jobs.cli;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.governance.Governance;
import io.meshwork.core.governance.PolicyReport;
import io.meshwork.core.governance.Violation;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ExitCode;
import io.meshwork.core.model.ProductId;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mesh policy check <product> | --all [--conf DIR] [--json]}: checks contracts against the
 * governance policies, without Spark, fast enough for a domain repository's CI. Prints every
 * violation as {@code <file>:<line>: policy <id>: <what is wrong> (<severity>)}, then a summary;
 * exits 4 when a violation is an error, 2 when a contract or policy file is invalid, 0 otherwise.
 */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Governance policies: check contracts against them (no Spark needed).",
    subcommands = {PolicyCommand.Check.class})
public final class PolicyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCode.USAGE.code();
  }

  /** {@code mesh policy check}. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Check one product's contract, or all of them, against the governance policies of "
            + "conf/governance.conf (or the central governance mesh.governance.central names) and conf/domains/<domain>.conf.",
        "Does not start Spark.",
        "Exit codes: 0 no error-level violation, 4 some, 2 invalid contract or policy file (or a contract "
            + "imported from ODCS with no build yet)."
      })
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "PRODUCT", description = "domain.name")
    String product;

    @Option(names = "--all", description = "Check every contract under conf/products.")
    boolean all;

    @Option(names = "--conf", paramLabel = "DIR", defaultValue = "conf", description = "The project's configuration directory (default: ${DEFAULT-VALUE}).")
    Path conf;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() {
      if (all == (product != null)) {
        throw new ContractException("policy check: give a product (domain.name) or --all" + (all ? ", not both" : ""));
      }
      ContractRepository contracts = new ContractRepository(conf);
      List<DataProduct> products = all ? contracts.loadAll() : List.of(contracts.load(ProductId.parse(product)));
      io.meshwork.core.contract.Contracts.requireBuild(products);
      Governance governance = Governance.load(conf);
      PolicyReport report = governance.checkAll(products);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(json(report));
      } else {
        report.lines().forEach(out::println);
        out.println(
            "policy check: " + count(report.products().size(), "product") + ", " + count(report.errors().size(), "error") + ", "
                + count(report.warnings().size(), "warning") + (report.passed() ? "" : " (nothing may be published until the errors are fixed)"));
      }
      out.flush();
      return report.passed() ? ExitCode.OK.code() : ExitCode.GOVERNANCE.code();
    }
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** The report as JSON; written by hand to keep this command's start-up light. */
  static String json(PolicyReport report) {
    List<String> violations = new ArrayList<>();
    for (Violation v : report.violations()) {
      violations.add(
          "    {\"file\": " + quote(v.location().file()) + ", \"line\": " + v.location().line() + ", \"policy\": " + quote(v.policy())
              + ", \"severity\": " + quote(v.severity().keyword()) + ", \"product\": " + (v.product() == null ? "null" : quote(v.product().toString()))
              + ", \"message\": " + quote(v.message()) + "}");
    }
    return "{\n"
        + "  \"passed\": " + report.passed() + ",\n"
        + "  \"products\": " + report.products().size() + ",\n"
        + "  \"errors\": " + report.errors().size() + ",\n"
        + "  \"warnings\": " + report.warnings().size() + ",\n"
        + "  \"violations\": [" + (violations.isEmpty() ? "]" : "\n" + String.join(",\n", violations) + "\n  ]") + "\n"
        + "}";
  }

  /** {@code s} as a double-quoted JSON (and HOCON) string literal, escaped by Jackson. */
  private static String quote(String s) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
  }
}
