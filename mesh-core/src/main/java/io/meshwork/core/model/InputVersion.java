package io.meshwork.core.model;

/**
 * One input a run read, with the version it read.
 *
 * @param name {@code crm.customers} for a product, or the source's short name for a raw source
 * @param kind {@code product} or {@code source}
 * @param uri the table or file location
 * @param version the Delta data version for a product; null for a raw source
 */
public record InputVersion(String name, String kind, String uri, Long version) {
  public static final String PRODUCT = "product";
  public static final String SOURCE = "source";
}
