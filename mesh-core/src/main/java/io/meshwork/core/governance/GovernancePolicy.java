package io.meshwork.core.governance;

import io.meshwork.core.model.DataProduct;
import java.util.List;

/**
 * A governance rule, checked against a product's contract before anything is written. Built-in
 * policies implement it; a platform team adds its own in a jar by implementing it and listing the
 * class in {@code META-INF/services/io.meshwork.core.governance.GovernancePolicy}. A policy runs
 * only when {@code conf/governance.conf} configures its id, with a severity and a description:
 *
 * <pre>
 * governance {
 *   ownership.team-matches-domain {      # the id, written as a HOCON path
 *     severity = error
 *     description = "The owning team is named after the product's domain."
 *     suffix = "-data"                   # any other key is the policy's own setting: context.settings()
 *   }
 * }
 * </pre>
 *
 * <p>Implementations must have a public no-argument constructor, be stateless and thread-safe, and
 * must not need Spark: policies run in a domain repository's CI in seconds.
 */
public interface GovernancePolicy {
  /**
   * The policy's id: lower-case words separated by dots ({@code ownership.team-matches-domain}).
   * It is also the policy's path under {@code governance} in the policy files.
   */
  String id();

  /**
   * The violations of {@code product}; empty when it complies. Create each with {@link
   * PolicyContext#violation}, which fills in the id and the configured severity.
   */
  List<Violation> evaluate(DataProduct product, PolicyContext context);
}
