package io.meshwork.jobs.governance;

import io.meshwork.core.governance.GovernancePolicy;
import io.meshwork.core.governance.PolicyContext;
import io.meshwork.core.governance.Violation;
import io.meshwork.core.model.DataProduct;
import java.util.List;

/**
 * A sample custom policy, as a platform team would ship one in its own jar: the owning team is
 * named after the product's domain ({@code supply_chain} is owned by {@code supply-chain-...}),
 * so that pages and tickets reach the right people. Registered in
 * {@code META-INF/services/io.meshwork.core.governance.GovernancePolicy}; runs when
 * {@code conf/governance.conf} configures {@code ownership.team-matches-domain}. In the library jar,
 * not the tools jar of the other examples: the sample governance configures it, and a domain
 * repository pointing at that governance would otherwise refuse it as an unknown policy.
 */
public final class OwnerTeamMatchesDomain implements GovernancePolicy {
  @Override
  public String id() {
    return "ownership.team-matches-domain";
  }

  @Override
  public List<Violation> evaluate(DataProduct product, PolicyContext context) {
    String team = product.owner().team();
    String prefix = product.id().domain().replace('_', '-');
    if (team == null || team.equals(prefix) || team.startsWith(prefix + "-")) {
      return List.of(); // a missing team is metadata.owner's business
    }
    return List.of(
        context.violation(
            product.locationOf("product.owner.team"),
            "owner team '" + team + "' is not named after domain " + product.id().domain() + " (expected " + prefix + " or " + prefix + "-...)"));
  }
}
