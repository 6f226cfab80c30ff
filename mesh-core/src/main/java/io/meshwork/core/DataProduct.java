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
 * @param access the contract's {@code access} block, or null when it has none
 * @param locations where the contract wrote its keys, by path ({@code product},
 *     {@code product.owner}, {@code product.schema.primary-key}, ...); see {@link #locationOf(String)}
 * @param deprecation the contract's {@code deprecation} block, or null when this major is not deprecated
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
    String sha256,
    AccessPolicy access,
    Map<String, SourceLocation> locations,
    Deprecation deprecation) {
  public DataProduct {
    sources = Map.copyOf(sources);
    inputs = List.copyOf(inputs);
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    constraints = List.copyOf(constraints);
    locations = locations == null ? Map.of() : Map.copyOf(locations);
  }

  /** A product that is not deprecated. */
  public DataProduct(
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
      String sha256,
      AccessPolicy access,
      Map<String, SourceLocation> locations) {
    this(id, version, description, owner, sources, inputs, sql, jobClass, columns, primaryKey, constraints, freshness, write, file, sha256, access, locations, null);
  }

  /** A product without an access block and without recorded key locations. */
  public DataProduct(
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
    this(id, version, description, owner, sources, inputs, sql, jobClass, columns, primaryKey, constraints, freshness, write, file, sha256, null, Map.of(), null);
  }

  /**
   * Where the contract wrote {@code path} ({@code product.sla.freshness}), or else its closest
   * enclosing key that was written ({@code product.sla}, then {@code product}); line 0 of the
   * contract file when nothing is known.
   */
  public SourceLocation locationOf(String path) {
    for (String p = path; p != null; p = p.contains(".") ? p.substring(0, p.lastIndexOf('.')) : null) {
      SourceLocation found = locations.get(p);
      if (found != null) {
        return found;
      }
    }
    return new SourceLocation(file == null ? SourceLocation.UNKNOWN.file() : file.toString(), 0);
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
