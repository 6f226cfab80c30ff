/**
 * Internals of mesh-lineage: event building on openlineage-java's model, configuration parsing and
 * the transports. Free to change; not for use outside this module.
 */
package io.meshwork.lineage.internal;
