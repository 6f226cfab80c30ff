/**
 * Data docs: a static HTML site describing the products of a warehouse, written by
 * {@link io.meshwork.jobs.docs.DocsSite} (and by {@code mesh docs --out <dir>}).
 *
 * <p>The site needs no server and loads nothing from the network: styles, scripts, the search
 * index and the charts are inlined in each page, so it can be opened from a file system, zipped,
 * or published on any static host.
 */
package io.meshwork.jobs.docs;
