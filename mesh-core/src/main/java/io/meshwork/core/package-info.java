/**
 * The consumer's entry point: {@link io.meshwork.core.Mesh} opens a warehouse, reads certified
 * product versions under their access rules, browses the catalog and gives a run its
 * verification context. Its {@code internal} package holds the Spark session extension that
 * makes plain Spark SQL follow the same rules.
 *
 * <p>The rest of mesh-core is split by what each part owns, with dependencies one way
 * ({@code ArchitectureTest} checks there are no cycles):
 *
 * <ul>
 *   <li>{@link io.meshwork.core.model}: the vocabulary every part speaks: a product's contract as
 *       values, the verdicts of checking it, and Meshwork's errors;
 *   <li>{@link io.meshwork.core.contract}: reading, validating, storing and comparing contracts;
 *   <li>{@link io.meshwork.core.storage}: the warehouse layout over Hadoop {@code FileSystem} and
 *       Delta's log;
 *   <li>{@link io.meshwork.core.catalog}: the catalog of certified versions and the metastore;
 *   <li>{@link io.meshwork.core.publish}: the publish transaction (stage, gate, commit with the stamp);
 *   <li>{@link io.meshwork.core.read}: reads, access policies, roles and the audit log;
 *   <li>{@link io.meshwork.core.governance}, {@link io.meshwork.core.odcs} and
 *       {@link io.meshwork.core.spi}: policies, the ODCS mapping, and the plug-in points of the
 *       quality and lineage modules.
 * </ul>
 */
package io.meshwork.core;
