package io.meshwork.core;

/**
 * One difference between two versions of a contract, as {@link ContractDiff} classifies it.
 *
 * @param kind what changed: {@code column-removed}, {@code column-renamed}, {@code column-added},
 *     {@code type-changed}, {@code type-widened}, {@code nullable-to-required}, {@code
 *     required-to-nullable}, {@code description-changed}, {@code classification-changed}, {@code
 *     primary-key-changed}, {@code constraint-added}, {@code constraint-removed}, {@code
 *     constraint-tightened}, {@code constraint-loosened}, {@code constraint-changed}, {@code
 *     product-changed}
 * @param breaking whether readers or the live table can break (needs a major version bump)
 * @param description the change in words: {@code column 'amount' type changed from decimal(12,2) to int}
 * @param location where the change is declared in the newer contract (for something removed: where it was)
 */
public record ContractChange(String kind, boolean breaking, String description, SourceLocation location) {}
