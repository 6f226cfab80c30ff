/**
 * Reading products under their access rules: {@link io.meshwork.core.read.ProductReader} (latest,
 * pinned, as of a date), {@link io.meshwork.core.read.ReadPolicy} and
 * {@link io.meshwork.core.read.Roles} (masking and row filters per role), and the audit log of
 * reads. Its {@code internal} package applies the same rules to plain Spark SQL.
 */
package io.meshwork.core.read;
