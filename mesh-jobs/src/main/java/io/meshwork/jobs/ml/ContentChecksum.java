package io.meshwork.jobs.ml;

import java.util.Objects;

/**
 * The content of a dataset in two numbers: its row count and an order-independent checksum (the
 * SHA-256 of the column names and types, the row count and the sum of every row's 64-bit xxHash).
 * Two datasets with the same rows in any order and any partitioning have the same checksum.
 */
public record ContentChecksum(long rows, String checksum) {
  public ContentChecksum {
    Objects.requireNonNull(checksum, "checksum");
  }
}
