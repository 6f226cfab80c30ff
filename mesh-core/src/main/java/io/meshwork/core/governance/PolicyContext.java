package io.meshwork.core.governance;

import com.typesafe.config.Config;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.SourceLocation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link GovernancePolicy} may know while it evaluates one product: its own settings, as
 * the product's domain sees them, the shared identifiers and the reference sets.
 */
public final class PolicyContext {
  private final String policyId;
  private final Severity severity;
  private final Config settings;
  private final DataProduct product;
  private final Path confDir;
  private final Map<String, SharedIdentifier> identifiers;
  private final Map<String, List<String>> referenceSets;

  PolicyContext(
      String policyId,
      Severity severity,
      Config settings,
      DataProduct product,
      Path confDir,
      Map<String, SharedIdentifier> identifiers,
      Map<String, List<String>> referenceSets) {
    this.policyId = policyId;
    this.severity = severity;
    this.settings = settings;
    this.product = product;
    this.confDir = confDir;
    this.identifiers = identifiers;
    this.referenceSets = referenceSets;
  }

  /** The id of the policy being evaluated. */
  public String policyId() {
    return policyId;
  }

  /** The policy's severity for the product's domain. */
  public Severity severity() {
    return severity;
  }

  /**
   * The policy's block from {@code conf/governance.conf} with the domain's overrides applied (and,
   * for built-in policies, the defaults of settings not written).
   */
  public Config settings() {
    return settings;
  }

  /**
   * The directory of the governance files ({@code governance.conf}, {@code identifiers.conf},
   * {@code reference/}): the project's configuration directory, or the central governance.
   */
  public Path confDir() {
    return confDir;
  }

  /** The shared identifier named {@code name}, if {@code conf/identifiers.conf} defines it. */
  public Optional<SharedIdentifier> identifier(String name) {
    return Optional.ofNullable(identifiers.get(name));
  }

  /** The values of reference set {@code name} ({@code conf/reference/<name>.csv}), if it exists. */
  public Optional<List<String>> referenceSet(String name) {
    return Optional.ofNullable(referenceSets.get(name));
  }

  /** The names of every reference set, sorted. */
  public Set<String> referenceSetNames() {
    return referenceSets.keySet();
  }

  /** A violation of this policy by the product being checked, at {@code where}. */
  public Violation violation(SourceLocation where, String message) {
    return new Violation(policyId, severity, message, where, product.id());
  }
}
