/**
 * Where products live: the warehouse layout ({@link io.meshwork.core.storage.Warehouse}) over any
 * Hadoop {@code FileSystem} URI, storage settings per scheme ({@link io.meshwork.core.storage.Storage}),
 * layout migration, and vacuum. Its {@code internal} package holds the one class that touches
 * Delta's Scala transaction API ({@code DeltaStagedWrite}) and the commit-log reader.
 */
package io.meshwork.core.storage;
