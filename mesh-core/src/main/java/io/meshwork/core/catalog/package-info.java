/**
 * The catalog of certified versions ({@link io.meshwork.core.catalog.Catalog}), its search, and
 * the registration of products in a Hive metastore ({@link io.meshwork.core.catalog.Metastore}).
 */
package io.meshwork.core.catalog;
