package io.meshwork.core.model;

import java.util.List;

/**
 * How a product's table is written ({@code write} block of the contract).
 *
 * @param mode {@code overwrite} (default), {@code append}, {@code replace-partition} or {@code merge}
 * @param partitionBy partition columns
 */
public record WriteSpec(String mode, List<String> partitionBy) {
  public static final WriteSpec DEFAULT = new WriteSpec("overwrite", List.of());

  public WriteSpec {
    partitionBy = List.copyOf(partitionBy);
  }
}
