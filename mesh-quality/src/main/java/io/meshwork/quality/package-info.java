/**
 * Data quality for Meshwork products: {@link io.meshwork.quality.DeequQualityGate} verifies a
 * product's contract constraints on Spark data with Deequ and reports every constraint's result
 * with a readable message. {@code io.meshwork.quality.internal} is not API.
 */
package io.meshwork.quality;
