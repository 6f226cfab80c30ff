/**
 * The publish transaction: {@link io.meshwork.core.publish.Publisher} stages a run's rows, checks
 * them against the contract through a {@link io.meshwork.core.publish.QualityGate}, and commits
 * them with the contract's stamp in one Delta commit, or publishes nothing. Quarantine, the run
 * stamp and the verification context of a run live here too.
 */
package io.meshwork.core.publish;
