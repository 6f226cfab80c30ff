/**
 * Contracts as files and as history: parsing and validating {@code conf/products/*.conf}
 * ({@link io.meshwork.core.contract.Contracts}, {@link io.meshwork.core.contract.ContractRepository}),
 * the contract stored beside each published table ({@link io.meshwork.core.contract.ContractStore}),
 * and the consumer-side judgement of a change ({@link io.meshwork.core.contract.ContractDiff}).
 */
package io.meshwork.core.contract;
