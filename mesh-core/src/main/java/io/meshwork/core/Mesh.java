package io.meshwork.core;

import io.delta.tables.DeltaTable;
import io.meshwork.core.catalog.Catalog;
import io.meshwork.core.catalog.Metastore;
import io.meshwork.core.internal.SqlCatalog;
import io.meshwork.core.model.AccessPolicy;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.NotFoundException;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.SemVer;
import io.meshwork.core.publish.VerificationContext;
import io.meshwork.core.read.AuditLog;
import io.meshwork.core.read.ProductReader;
import io.meshwork.core.read.ReadPolicy;
import io.meshwork.core.read.Roles;
import io.meshwork.core.storage.Storage;
import io.meshwork.core.storage.Warehouse;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * The consumer's entry point to a warehouse: read certified product versions and browse the
 * catalog.
 *
 * <pre>{@code
 * Mesh mesh = Mesh.open(spark, "/data/mesh");
 * Dataset<Row> orders = mesh.read("sales.orders").latest();   // or .version(12), .asOf("2026-11-30")
 * }</pre>
 *
 * <p>Every read follows each product's access rules ({@link ReadPolicy}) and is audited: as the
 * role {@link #as(String)} chose, else as the session's ({@code spark.meshwork.role}), else with
 * least privilege (pii masked, never in clear). Plain Spark SQL over the same tables follows the
 * same rules (the session extension).
 */
public final class Mesh {
  private final SparkSession spark;
  private final Warehouse warehouse;
  private final Catalog catalog;
  /** The role reads are made as, or null. */
  private final String role;

  private Mesh(SparkSession spark, Warehouse warehouse, String role) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.warehouse = warehouse;
    this.catalog = new Catalog(spark, warehouse);
    this.role = role;
  }

  /**
   * The warehouse at {@code warehouse}; it need not exist yet. Every product already in it is
   * registered in the session catalog as {@code <domain>.<name>}, so Spark SQL can query it.
   */
  public static Mesh open(SparkSession spark, Path warehouse) {
    return open(spark, Warehouse.at(warehouse));
  }

  /**
   * The warehouse at a local path or any Hadoop filesystem URI ({@code file:/data/mesh},
   * {@code s3a://bucket/mesh}, {@code abfss://…}, {@code gs://…}, {@code hdfs://…}).
   */
  public static Mesh open(SparkSession spark, String warehouse) {
    Objects.requireNonNull(warehouse, "warehouse");
    return open(spark, Warehouse.at(warehouse));
  }

  /**
   * The warehouse {@code warehouse}; it need not exist yet. With a Hive metastore as the session's
   * catalog ({@code spark.sql.catalogImplementation = hive}) nothing is registered on open: each
   * publish registers its product there once ({@link Metastore}), and a shared name is never
   * re-pointed at the warehouse a session happens to open.
   *
   * @throws MeshException (exit 2) when an earlier release wrote it and {@code bin/mesh
   *     migrate-layout} has not moved it to this release's layout yet
   */
  public static Mesh open(SparkSession spark, Warehouse warehouse) {
    Storage.configureFor(spark, warehouse.root());
    warehouse.requireCurrentLayout();
    Mesh mesh = new Mesh(spark, warehouse, null);
    if (!Metastore.isHive(spark)) {
      SqlCatalog.register(spark, mesh.warehouse, mesh.products());
    }
    return mesh;
  }

  /**
   * The same warehouse, read as {@code role}: every read follows the product's access rules (the
   * contract's {@code access} block, stamped on its table at publish) and appends a record to the
   * {@link #auditLog()}.
   *
   * <ul>
   *   <li>a role that is not among the product's readers is refused: {@link #read(String)} throws
   *       a {@link MeshException} (exit 4), and the refusal is audited;
   *   <li>a reader that is not among its pii-readers gets the pii columns masked (hex SHA-256 of
   *       the value's text, or null, as the contract says);
   *   <li>a table that carries no access rules (published before they were stamped) is refused
   *       to every role.
   * </ul>
   *
   * <pre>{@code
   * Dataset<Row> customers = Mesh.open(spark, "/data/mesh").as("analyst").read("crm.customers").latest();
   * }</pre>
   *
   * @param role a role name: a lower-case letter, then lower-case letters, digits, {@code -} or {@code _}
   * @throws MeshException (exit 2) when {@code role} is not a role name; (exit 4) when {@code roles.conf}
   *     ({@link Roles}) does not grant it to the session's user
   */
  public Mesh as(String role) {
    if (role == null || !AccessPolicy.ROLE.matcher(role).matches()) {
      throw new ContractException(
          "'" + role + "' is not a role name: expected a lower-case letter, then lower-case letters, digits, '-' or '_'");
    }
    Roles.requireHeld(spark, role);
    return new Mesh(spark, warehouse, role);
  }

  /** The role reads are made as, if {@link #as(String)} gave one. */
  public java.util.Optional<String> role() {
    return java.util.Optional.ofNullable(role);
  }

  /** The warehouse's audit log of reads made with a role. */
  public AuditLog auditLog() {
    return new AuditLog(spark, warehouse);
  }

  /**
   * A reader of product {@code domain.name}, its newest contract major.
   *
   * @throws MeshException (exit 2) when the name is malformed or no such product is in the warehouse
   */
  public ProductReader read(String product) {
    return read(ProductId.parse(product));
  }

  /**
   * A reader of a product's newest contract major ({@link Warehouse#newestMajor(ProductId)}); use
   * {@link #read(ProductId, int)} to read an older major.
   *
   * @throws MeshException (exit 2) when no such product is in the warehouse; (exit 4) when reading
   *     as a role the product's access rules refuse
   */
  public ProductReader read(ProductId id) {
    return read(id, warehouse.newestMajor(id));
  }

  /**
   * A reader of one contract major of a product ({@code 0} and {@code 1} are the same table,
   * {@code <domain>/<name>}; from 2 on each major has its own table). A deprecated major reads
   * normally; {@link ProductReader#deprecationWarning()} says so.
   *
   * <pre>{@code
   * Dataset<Row> old = mesh.read(ProductId.parse("sales.orders"), 1).latest();
   * }</pre>
   *
   * @throws MeshException (exit 2) when the product has no table for that major; (exit 4) when
   *     reading as a role the product's access rules refuse
   */
  public ProductReader read(ProductId id, int major) {
    if (major > 1 && !isTable(warehouse.table(id, major))) {
      throw new NotFoundException(
          "No major " + major + " of data product " + id + " in warehouse " + warehouse + " (newest major: "
              + warehouse.newestMajor(id) + ")");
    }
    if (!isTable(warehouse.table(id, major))) {
      List<ProductId> known = products();
      throw new NotFoundException(
          "No data product " + id + " in warehouse " + warehouse + " (known: "
              + (known.isEmpty() ? "none" : known.stream().map(ProductId::toString).collect(Collectors.joining(", ")))
              + ")");
    }
    return role == null ? new ProductReader(spark, warehouse, id, major) : new ProductReader(spark, warehouse, id, major, role, auditLog());
  }

  /**
   * The products in the warehouse, sorted: every {@code <domain>/<name>} directory holding a Delta
   * table of some contract major ({@code <domain>/<name>/v<major>}), whether or not a version of it
   * is certified. Meshwork's own {@code _mesh} directory and names starting with {@code _} are not
   * products.
   */
  public List<ProductId> products() {
    List<ProductId> found = new ArrayList<>();
    for (org.apache.hadoop.fs.Path domain : children(warehouse.root())) {
      for (org.apache.hadoop.fs.Path name : children(domain)) {
        ProductId id = new ProductId(domain.getName(), name.getName());
        if (warehouse.majors(id).stream().anyMatch(major -> isTable(warehouse.table(id, major)))) {
          found.add(id);
        }
      }
    }
    found.sort(null);
    return found;
  }

  /**
   * The verification context of a run of {@code product} against this warehouse: certified
   * versions of other products read through this mesh (for {@code references}), metrics kept
   * under {@code <warehouse>/_mesh/metrics}, and the data version the publish will create (the
   * product table's current version + 1, or 0 for a new table).
   *
   * <pre>{@code
   * VerificationContext context = mesh.verificationContext(product.id(), product.version(), runDate, runId);
   * new Publisher(spark, mesh.warehouse(), gate.withContext(context));
   * }</pre>
   */
  public VerificationContext verificationContext(ProductId product, SemVer contractVersion, LocalDate runDate, UUID runId) {
    return new VerificationContext(
        product,
        contractVersion,
        runDate,
        runId,
        nextDataVersion(product, contractVersion == null ? 1 : contractVersion.major()),
        ref -> {
          ProductReader reader = ref.major().isPresent() ? read(ref.id(), ref.major().getAsInt()) : read(ref.id());
          return ref.pinnedVersion().isPresent() ? reader.version(ref.pinnedVersion().getAsLong()) : reader.latest();
        },
        new org.apache.hadoop.fs.Path(warehouse.meshDir(), VerificationContext.METRICS_DIR));
  }

  private long nextDataVersion(ProductId product, int major) {
    org.apache.hadoop.fs.Path table = warehouse.table(product, major);
    if (!Warehouse.hasLog(table) || !DeltaTable.isDeltaTable(spark, table.toString())) {
      return 0;
    }
    return DeltaTable.forPath(spark, table.toString()).history(1).select("version").first().getLong(0) + 1;
  }

  /** The warehouse's catalog. */
  public Catalog catalog() {
    return catalog;
  }

  /** The warehouse's layout. */
  public Warehouse warehouse() {
    return warehouse;
  }

  /** The session every read runs in. */
  public SparkSession spark() {
    return spark;
  }

  private static boolean isTable(org.apache.hadoop.fs.Path dir) {
    return Warehouse.hasLog(dir);
  }

  /** Sub-directories that may be a domain or a product: plain identifiers, so never {@code _mesh}. */
  private static List<org.apache.hadoop.fs.Path> children(org.apache.hadoop.fs.Path dir) {
    return Storage.directories(dir).stream().filter(p -> ProductId.isIdentifier(p.getName())).toList();
  }
}
