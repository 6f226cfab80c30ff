/**
 * Feature sets, point-in-time training sets and reproducible training runs.
 *
 * <p>A feature set is a data product whose contract declares {@code kind = feature-set}, an
 * {@code entity} key and {@code features { event-time = ... }} ({@link io.meshwork.jobs.ml.FeatureSetSpec});
 * it is run, verified and published like any product. {@link io.meshwork.jobs.ml.MeshMl} joins
 * labels to feature sets as of each label's time, and {@link io.meshwork.jobs.ml.TrainingRun}
 * registers a model version with a manifest of every version it read and an OpenLineage event
 * whose output is {@code model:<name>}.
 */
package io.meshwork.jobs.ml;
