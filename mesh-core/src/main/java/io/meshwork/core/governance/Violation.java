package io.meshwork.core.governance;

import io.meshwork.core.model.Problem;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.SourceLocation;
import java.util.Objects;

/**
 * One policy violation of one product, reported where the contract wrote the offending part.
 * Prints as {@code <file>:<line>: policy <id>: <what is wrong> (<severity>)}, for example
 * {@code conf/products/sales/orders.conf:21: policy naming.column: column 'OrderDate' must be snake_case (error)}.
 *
 * @param product the product checked, or null when the violation is not about one product
 */
public record Violation(String policy, Severity severity, String message, SourceLocation location, ProductId product) {
  public Violation {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    location = location == null ? SourceLocation.UNKNOWN : location;
  }

  /** Whether it stops publication. */
  public boolean blocking() {
    return severity == Severity.ERROR;
  }

  /** This violation as a problem at its location, about its product. */
  public Problem problem() {
    return Problem.at(location, "policy " + policy + ": " + message + " (" + severity.keyword() + ")").about(product);
  }

  @Override
  public String toString() {
    return problem().format();
  }
}
