/**
 * Data quality for Meshwork products: {@link io.meshwork.quality.DeequQualityGate} verifies a
 * product's contract constraints on Spark data with Deequ and reports every constraint's result
 * with a readable message; {@link io.meshwork.quality.RowActions} drops or quarantines the rows
 * row-level constraints reject ({@code on-fail}); {@link io.meshwork.quality.QualityHistory} lists
 * the metrics every verification stored; {@link io.meshwork.quality.ContractSuggestions} drafts a
 * contract from data. {@code io.meshwork.quality.internal} is not API.
 */
package io.meshwork.quality;
