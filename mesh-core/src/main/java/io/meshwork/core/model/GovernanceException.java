package io.meshwork.core.model;

import java.util.List;

/**
 * A product (or several) breaks an error-level governance policy, so nothing is published (exit
 * 4). The message is a summary line followed by every violation, one per line; each violation is
 * a {@link Problem} (file, line, product, {@code policy <id>: <what is wrong> (<severity>)}):
 *
 * <pre>
 * Governance policies refused sales.orders: 1 error, 0 warnings
 * conf/products/sales/orders.conf:21: policy naming.column: column 'OrderDate' must be snake_case (error)
 * </pre>
 */
public final class GovernanceException extends MeshException {
  /**
   * @param summary the first line: what was refused and how many errors and warnings
   * @param violations every violation, warnings included, in the order reported
   */
  public GovernanceException(String summary, List<Problem> violations) {
    super(lines(summary, violations), violations, null);
  }

  private static String lines(String summary, List<Problem> violations) {
    return violations.isEmpty() ? summary : summary + System.lineSeparator() + Problem.lines(violations);
  }
}
