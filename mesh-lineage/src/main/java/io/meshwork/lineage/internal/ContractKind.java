package io.meshwork.lineage.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.meshwork.core.model.DataProduct;
import java.nio.file.Files;

/**
 * The {@code product.kind} of a contract, read from its file: {@link DataProduct} does not carry
 * it yet. Once it does, use that and delete this class.
 */
public final class ContractKind {
  public static final String FEATURE_SET = "feature-set";

  private ContractKind() {}

  /** True when the contract file declares {@code product.kind = feature-set}; false when unreadable. */
  public static boolean isFeatureSet(DataProduct product) {
    if (product == null || product.file() == null || !Files.isRegularFile(product.file())) {
      return false;
    }
    try {
      Config c = ConfigFactory.parseFile(product.file().toFile(), ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
      return c.hasPath("product.kind") && FEATURE_SET.equals(c.getString("product.kind"));
    } catch (RuntimeException e) {
      return false; // the contract was parsed once already; lineage never fails a run
    }
  }
}
