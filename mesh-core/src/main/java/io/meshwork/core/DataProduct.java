package io.meshwork.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A data product's contract, loaded and validated. Immutable.
 *
 * <p>A product is built either by {@link #sql()} (each source and input product registered as a
 * temporary view under its short name) or by a job class ({@link #jobClass()}).
 *
 * @param file the contract file it was loaded from
 * @param sha256 hex SHA-256 of the contract file's bytes, stamped on every publish
 */
public record DataProduct(
    ProductId id,
    SemVer version,
    String description,
    Owner owner,
    Map<String, SourceSpec> sources,
    List<ProductRef> inputs,
    String sql,
    String jobClass,
    List<ColumnSpec> columns,
    List<String> primaryKey,
    List<ConstraintSpec> constraints,
    Duration freshness,
    WriteSpec write,
    Path file,
    String sha256) {
  public DataProduct {
    sources = Map.copyOf(sources);
    inputs = List.copyOf(inputs);
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    constraints = List.copyOf(constraints);
  }

  public Optional<ColumnSpec> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  public Optional<Duration> freshnessSla() {
    return Optional.ofNullable(freshness);
  }

  /** {@code sales.orders (contract 1.0.0)}, the way messages name a product. */
  public String displayName() {
    return id + " (contract " + version + ")";
  }
}
