package io.meshwork.core.storage;

/**
 * The Delta table properties Meshwork stamps on a product table with every publish, and reads
 * back: which product and contract the data satisfies, who owns it, and how long its versions are
 * kept. Spark SQL shows them with {@code SHOW TBLPROPERTIES}.
 */
public final class TableProperties {
  private TableProperties() {}

  /** The product id, {@code domain.name}. */
  public static final String PRODUCT = "mesh.product";
  /** The contract version the data satisfies. */
  public static final String CONTRACT_VERSION = "mesh.contract.version";
  /** The owner ({@code Owner#toString()}). */
  public static final String OWNER = "mesh.owner";
  /** Hex SHA-256 of the contract file. */
  public static final String CONTRACT_SHA256 = "mesh.contract.sha256";
  /** The retention the table's log and file retention were set from ({@code 90 days}). */
  public static final String RETENTION = "mesh.retention.versions";
  /** The versions pinned by consumers and models when the retention was set ({@code 3,12}). */
  public static final String PINNED = "mesh.retention.pinned";
}
