/**
 * Federated computational governance: organisation-wide policies checked against every contract
 * before anything is written, and on their own ({@code mesh policy check}) without Spark.
 *
 * <p>Policies are configured in {@code conf/governance.conf}; a domain tunes them in
 * {@code conf/domains/<domain>.conf}, tightening freely and relaxing only what the global file
 * marks {@code overridable = true}. Shared identifiers live in {@code conf/identifiers.conf},
 * reference sets in {@code conf/reference/<name>.csv}. Built-in policies cover naming, metadata,
 * privacy, shared identifiers and reference data, date types and quality thresholds; a platform
 * team adds its own by implementing {@link io.meshwork.core.governance.GovernancePolicy} and
 * listing the class in {@code META-INF/services/io.meshwork.core.governance.GovernancePolicy}.
 *
 * <pre>{@code
 * Governance governance = Governance.load(Path.of("conf"));
 * PolicyReport report = governance.check(product);
 * report.ensurePassed();                                   // GovernanceException (exit 4) on an error-level violation
 * List<ConstraintSpec> extra = governance.derivedConstraints(product);   // add to the quality gate
 * }</pre>
 *
 * <p>Nothing in this package needs a SparkSession.
 */
package io.meshwork.core.governance;
