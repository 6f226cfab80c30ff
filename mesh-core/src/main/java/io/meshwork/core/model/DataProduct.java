package io.meshwork.core.model;

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
 * @param tags the contract's {@code tags}, as written
 * @param extensions the product keys other modules read ({@link io.meshwork.core.contract.Contracts#EXTENSION_KEYS}: {@code kind},
 *     {@code entity}, {@code features}), unwrapped, in the order written
 * @param pendingBuild the contract's {@code build-pending} (what an import from ODCS could not give:
 *     the product cannot be run until it is removed), or null
 * @param retention the contract's {@code retention.versions}: how long every certified version stays
 *     readable by number and time (the table's Delta log and file retention), or null for the
 *     platform default ({@code mesh.retention.versions})
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
    Deprecation deprecation,
    List<String> tags,
    Map<String, Object> extensions,
    String pendingBuild,
    Duration retention) {
  public DataProduct {
    tags = tags == null ? List.of() : List.copyOf(tags);
    extensions = extensions == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extensions));
    sources = Map.copyOf(sources);
    inputs = List.copyOf(inputs);
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    constraints = List.copyOf(constraints);
    locations = locations == null ? Map.of() : Map.copyOf(locations);
  }

  /** A builder for a product {@code id} at contract {@code version}; every other component starts empty or unknown. */
  public static Builder builder(ProductId id, SemVer version) {
    return new Builder(id, version);
  }

  /** A builder holding every component of this product, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder(id, version);
    b.description = description;
    b.owner = owner;
    b.sources = sources;
    b.inputs = inputs;
    b.sql = sql;
    b.jobClass = jobClass;
    b.columns = columns;
    b.primaryKey = primaryKey;
    b.constraints = constraints;
    b.freshness = freshness;
    b.write = write;
    b.file = file;
    b.sha256 = sha256;
    b.access = access;
    b.locations = locations;
    b.deprecation = deprecation;
    b.tags = tags;
    b.extensions = extensions;
    b.pendingBuild = pendingBuild;
    b.retention = retention;
    return b;
  }

  /** Builds a {@link DataProduct} component by component (see {@link #builder}). */
  public static final class Builder {
    private final ProductId id;
    private final SemVer version;
    private String description;
    private Owner owner = Owner.UNKNOWN;
    private Map<String, SourceSpec> sources = Map.of();
    private List<ProductRef> inputs = List.of();
    private String sql;
    private String jobClass;
    private List<ColumnSpec> columns = List.of();
    private List<String> primaryKey = List.of();
    private List<ConstraintSpec> constraints = List.of();
    private Duration freshness;
    private WriteSpec write = WriteSpec.DEFAULT;
    private Path file;
    private String sha256;
    private AccessPolicy access;
    private Map<String, SourceLocation> locations = Map.of();
    private Deprecation deprecation;
    private List<String> tags = List.of();
    private Map<String, Object> extensions = Map.of();
    private String pendingBuild;
    private Duration retention;

    private Builder(ProductId id, SemVer version) {
      this.id = id;
      this.version = version;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder owner(Owner owner) {
      this.owner = owner;
      return this;
    }

    public Builder sources(Map<String, SourceSpec> sources) {
      this.sources = sources;
      return this;
    }

    public Builder inputs(List<ProductRef> inputs) {
      this.inputs = inputs;
      return this;
    }

    public Builder sql(String sql) {
      this.sql = sql;
      return this;
    }

    public Builder jobClass(String jobClass) {
      this.jobClass = jobClass;
      return this;
    }

    public Builder columns(List<ColumnSpec> columns) {
      this.columns = columns;
      return this;
    }

    public Builder primaryKey(List<String> primaryKey) {
      this.primaryKey = primaryKey;
      return this;
    }

    public Builder constraints(List<ConstraintSpec> constraints) {
      this.constraints = constraints;
      return this;
    }

    public Builder freshness(Duration freshness) {
      this.freshness = freshness;
      return this;
    }

    public Builder write(WriteSpec write) {
      this.write = write;
      return this;
    }

    public Builder file(Path file) {
      this.file = file;
      return this;
    }

    public Builder sha256(String sha256) {
      this.sha256 = sha256;
      return this;
    }

    public Builder access(AccessPolicy access) {
      this.access = access;
      return this;
    }

    public Builder locations(Map<String, SourceLocation> locations) {
      this.locations = locations;
      return this;
    }

    public Builder deprecation(Deprecation deprecation) {
      this.deprecation = deprecation;
      return this;
    }

    public Builder tags(List<String> tags) {
      this.tags = tags;
      return this;
    }

    public Builder extensions(Map<String, Object> extensions) {
      this.extensions = extensions;
      return this;
    }

    public Builder pendingBuild(String pendingBuild) {
      this.pendingBuild = pendingBuild;
      return this;
    }

    public Builder retention(Duration retention) {
      this.retention = retention;
      return this;
    }

    public DataProduct build() {
      return new DataProduct(
          id, version, description, owner, sources, inputs, sql, jobClass, columns, primaryKey, constraints, freshness, write, file, sha256,
          access, locations, deprecation, tags, extensions, pendingBuild, retention);
    }
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

  /** The contract's {@code retention.versions}; empty when the platform default applies. */
  public Optional<Duration> versionRetention() {
    return Optional.ofNullable(retention);
  }

  /** {@code sales.orders (contract 1.0.0)}, the way messages name a product. */
  public String displayName() {
    return id + " (contract " + version + ")";
  }
}
