package io.meshwork.core.governance;

import io.meshwork.core.model.GovernanceException;
import io.meshwork.core.model.ProductId;
import java.util.Comparator;
import java.util.List;

/**
 * The outcome of checking products against the governance policies: every violation, sorted by
 * file and line. It passes when no violation is an error.
 *
 * @param products the products checked, in the order given
 */
public record PolicyReport(List<ProductId> products, List<Violation> violations) {
  private static final Comparator<Violation> ORDER =
      Comparator.comparing((Violation v) -> v.location().file())
          .thenComparingInt(v -> v.location().line())
          .thenComparing(Violation::policy)
          .thenComparing(Violation::message);

  public PolicyReport {
    products = List.copyOf(products);
    violations = violations.stream().sorted(ORDER).toList();
  }

  /** True when no violation is an error. */
  public boolean passed() {
    return errors().isEmpty();
  }

  /** The error-level violations. */
  public List<Violation> errors() {
    return violations.stream().filter(Violation::blocking).toList();
  }

  /** The warning-level violations. */
  public List<Violation> warnings() {
    return violations.stream().filter(v -> !v.blocking()).toList();
  }

  /** Each violation as printed: {@code <file>:<line>: policy <id>: <what is wrong> (<severity>)}. */
  public List<String> lines() {
    return violations.stream().map(Violation::toString).toList();
  }

  /**
   * Returns normally when the report passed.
   *
   * @throws GovernanceException (exit 4) listing every violation, when one is an error
   */
  public void ensurePassed() {
    if (!passed()) {
      throw new GovernanceException(summary(), violations.stream().map(Violation::problem).toList());
    }
  }

  /** {@code Governance policies refused <product | n of m products>: <e> errors, <w> warnings}. */
  private String summary() {
    List<ProductId> refused = errors().stream().map(Violation::product).filter(p -> p != null).distinct().toList();
    String what = refused.size() == 1 && products.size() == 1 ? refused.get(0).toString() : refused.size() + " of " + products.size() + " products";
    return "Governance policies refused " + what + ": " + count(errors().size(), "error") + ", " + count(warnings().size(), "warning");
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
