package io.meshwork.core.governance;

import io.meshwork.core.ExitCode;
import io.meshwork.core.MeshException;
import io.meshwork.core.ProductId;
import java.util.ArrayList;
import java.util.List;

/**
 * A product (or several) breaks an error-level governance policy, so nothing is published (exit
 * 4). The message is a summary line followed by every violation, one per line:
 *
 * <pre>
 * Governance policies refused sales.orders: 1 error, 0 warnings
 * conf/products/sales/orders.conf:21: policy naming.column: column 'OrderDate' must be snake_case (error)
 * </pre>
 */
public final class GovernanceException extends MeshException {
  private final transient PolicyReport report;

  public GovernanceException(PolicyReport report) {
    super(ExitCode.GOVERNANCE, message(report));
    this.report = report;
  }

  /** The report, with every violation (warnings included). */
  public PolicyReport report() {
    return report;
  }

  /** Every violation, warnings included, sorted by file and line. */
  public List<Violation> violations() {
    return report.violations();
  }

  private static String message(PolicyReport report) {
    List<ProductId> refused = report.errors().stream().map(Violation::product).filter(p -> p != null).distinct().toList();
    String what =
        refused.size() == 1 && report.products().size() == 1
            ? refused.get(0).toString()
            : refused.size() + " of " + report.products().size() + " products";
    List<String> lines = new ArrayList<>();
    lines.add("Governance policies refused " + what + ": " + count(report.errors().size(), "error") + ", " + count(report.warnings().size(), "warning"));
    lines.addAll(report.lines());
    return String.join(System.lineSeparator(), lines);
  }

  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
