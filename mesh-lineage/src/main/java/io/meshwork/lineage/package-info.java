/**
 * OpenLineage run events for Meshwork product runs.
 *
 * <p>{@link io.meshwork.lineage.OpenLineageListener} implements the core's
 * {@link io.meshwork.core.spi.RunListener}: {@code START} when a run starts, {@code COMPLETE} or
 * {@code FAIL} when it ends, written as JSON lines under the warehouse by default, or to the
 * console, or POSTed to a Marquez-compatible HTTP endpoint. The keys are documented in this
 * module's {@code reference.conf}. {@link io.meshwork.lineage.LineageGraph} answers upstream,
 * downstream and impact questions from the {@code COMPLETE} events of that log. No OpenLineage
 * type appears in this package's signatures.
 */
package io.meshwork.lineage;
