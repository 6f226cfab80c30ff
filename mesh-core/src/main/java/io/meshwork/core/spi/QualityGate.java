package io.meshwork.core.spi;

import io.meshwork.core.DataProduct;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Verifies data against a product's constraints. Implemented by mesh-quality (Deequ); the core
 * only depends on this interface.
 */
public interface QualityGate {
  /**
   * Evaluates every constraint of {@code product} on {@code data}.
   *
   * @param data the rows as they will be published (the staged files, or the table as it will be
   *     after the commit for whole-table constraints)
   * @return one result per contract constraint, in contract order; never drops a constraint
   */
  QualityReport verify(DataProduct product, Dataset<Row> data);
}
