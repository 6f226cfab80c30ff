package io.meshwork.core.storage;

import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.ProductId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * The layout of a warehouse. Every table stands beside the others, never inside one (a plain
 * Delta {@code VACUUM} of one table cannot touch another's files, and metastore external
 * locations never overlap):
 *
 * <pre>
 * &lt;root&gt;/&lt;domain&gt;/&lt;name&gt;/v&lt;major&gt;                      a product's table, one per contract major (0.x shares v1)
 * &lt;root&gt;/_mesh/quarantine/&lt;domain&gt;/&lt;name&gt;/v&lt;major&gt;      its quarantined rows
 * &lt;root&gt;/_mesh/products/&lt;domain&gt;/&lt;name&gt;/v&lt;major&gt;/      its contracts and run markers
 * &lt;root&gt;/_mesh/{catalog,metrics,audit,lineage,models,...}  the platform's own records
 * &lt;root&gt;/_mesh/layout                                  this layout's marker
 * </pre>
 *
 * The root is a local directory or any Hadoop filesystem URI ({@code s3a://bucket/prefix},
 * {@code abfss://…}, {@code gs://…}, {@code hdfs://…}); everything under it is read and written
 * through Hadoop's {@code FileSystem} ({@link Storage}) or Delta. A warehouse written by a release
 * before this layout (tables nested in product directories) is refused until {@code bin/mesh
 * migrate-layout} has moved it.
 */
public final class Warehouse {
  /** The layout this release writes, as its marker file holds it. */
  public static final String LAYOUT = "meshwork-layout 2";

  private static final Pattern MAJOR_DIR = Pattern.compile("v([1-9][0-9]{0,8})");

  private final Path root;
  private volatile boolean layoutChecked;
  private volatile boolean layoutMarked;

  private Warehouse(Path root) {
    this.root = root;
  }

  /** The warehouse at a local directory. */
  public static Warehouse at(java.nio.file.Path root) {
    return new Warehouse(Storage.location(root));
  }

  /** The warehouse at a local path or a Hadoop filesystem URI ({@code s3a://bucket/prefix}). */
  public static Warehouse at(String pathOrUri) {
    return new Warehouse(Storage.location(pathOrUri));
  }

  /** The warehouse at a qualified Hadoop path. */
  public static Warehouse at(Path root) {
    return new Warehouse(Storage.location(root.toString()));
  }

  public Path root() {
    return root;
  }

  /** Whether the warehouse is a local directory ({@code file:}). */
  public boolean isLocal() {
    return Storage.isLocal(root);
  }

  /** The warehouse as a URI ({@code file:///...}, {@code s3a://bucket/prefix}), the namespace of its datasets in lineage. */
  public String uri() {
    return uri(root);
  }

  /** A location under the warehouse as a URI ({@code file:///...} for a local one, as {@link java.nio.file.Path#toUri()} gives it). */
  public static String uri(Path location) {
    if (Storage.isLocal(location)) {
      return "file://" + location.toUri().getPath().replaceAll("(.)/$", "$1");
    }
    return location.toString();
  }

  /** The directory holding a product's tables, one {@code v<major>} per contract major; not a table itself. */
  public Path productDir(ProductId id) {
    return new Path(new Path(root, id.domain()), id.name());
  }

  /** The Delta table of a product's major 1 (and 0.x): {@code <root>/<domain>/<name>/v1}. */
  public Path table(ProductId id) {
    return table(id, 1);
  }

  /**
   * The Delta table of one contract major, {@code <root>/<domain>/<name>/v<major>}; majors 0 and 1
   * share {@code v1}. Each major is its own table, so an old major stays readable after a major bump.
   */
  public Path table(ProductId id, int major) {
    return new Path(productDir(id), "v" + Math.max(1, major));
  }

  /** The Delta table a product's contract publishes to: the table of its contract's major. */
  public Path table(DataProduct product) {
    return table(product.id(), product.version().major());
  }

  /** The quarantine table of one contract major: {@code <root>/_mesh/quarantine/<domain>/<name>/v<major>}. */
  public Path quarantine(ProductId id, int major) {
    return new Path(new Path(new Path(new Path(meshDir(), "quarantine"), id.domain()), id.name()), "v" + Math.max(1, major));
  }

  /** Meshwork's state of a product, all majors: {@code <root>/_mesh/products/<domain>/<name>}. */
  public Path state(ProductId id) {
    return new Path(new Path(new Path(meshDir(), "products"), id.domain()), id.name());
  }

  /** Meshwork's state of one major's table (its contracts, its run markers): {@code _mesh/products/<domain>/<name>/v<major>}. */
  public Path state(ProductId id, int major) {
    return new Path(state(id), "v" + Math.max(1, major));
  }

  /**
   * The state directory of a product table given by location, {@code <root>/<domain>/<name>/v<major>}:
   * {@code <root>/_mesh/products/<domain>/<name>/v<major>}.
   *
   * @throws IllegalArgumentException when {@code table} is not a product table's location
   */
  public static Path stateOf(Path table) {
    Path name = table.getParent();
    Path domain = name == null ? null : name.getParent();
    if (domain == null || domain.getParent() == null || !MAJOR_DIR.matcher(table.getName()).matches()) {
      throw new IllegalArgumentException(display(table) + " is not a product table (<warehouse>/<domain>/<name>/v<major>)");
    }
    Path products = new Path(new Path(domain.getParent(), "_mesh"), "products");
    return new Path(new Path(new Path(products, domain.getName()), name.getName()), table.getName());
  }

  /**
   * The newest major that has a commit: the highest {@code N} whose {@code v<N>} table has one,
   * else 1. A major whose first publish was refused is not the newest.
   */
  public int newestMajor(ProductId id) {
    int newest = 1;
    for (int major : majors(id)) {
      if (major > newest && hasCommit(table(id, major))) {
        newest = major;
      }
    }
    return newest;
  }

  /** The majors with a {@code v<N>} directory under the product's directory, ascending. */
  public java.util.List<Integer> majors(ProductId id) {
    java.util.List<Integer> majors = new java.util.ArrayList<>();
    for (Path d : Storage.directories(productDir(id))) {
      Matcher m = MAJOR_DIR.matcher(d.getName());
      if (m.matches()) {
        majors.add(Integer.parseInt(m.group(1)));
      }
    }
    majors.sort(null);
    return majors;
  }

  /** Whether {@code table} has its own {@code _delta_log} directory. */
  public static boolean hasLog(Path table) {
    return Storage.isDirectory(new Path(table, "_delta_log"));
  }

  /**
   * Whether {@code table}'s log holds a commit: its first commit file, or (once Delta's log cleanup
   * removed that) a checkpoint. Two requests at most, however long the log is.
   */
  public static boolean hasCommit(Path table) {
    Path log = new Path(table, "_delta_log");
    return Storage.exists(new Path(log, "00000000000000000000.json")) || Storage.exists(new Path(log, "_last_checkpoint"));
  }

  /** The marker file saying which layout the warehouse has. */
  public Path layoutMarker() {
    return new Path(meshDir(), "layout");
  }

  /**
   * Refuses a warehouse an earlier release wrote, whose tables sit inside product directories,
   * naming {@code bin/mesh migrate-layout}. Costs one request when the warehouse carries this
   * layout's marker; without one (a new warehouse, or an old one) it looks at the product directories.
   *
   * @throws MeshException (exit 2) naming the products still in the old layout
   */
  public void requireCurrentLayout() {
    if (layoutChecked) {
      return;
    }
    if (!Storage.exists(layoutMarker())) {
      java.util.List<ProductId> old = oldLayoutProducts();
      if (!old.isEmpty()) {
        throw new ContractException(
            "warehouse " + this + " has the layout of an earlier Meshwork release (tables inside product directories: "
                + old.stream().limit(5).map(ProductId::toString).collect(java.util.stream.Collectors.joining(", "))
                + (old.size() > 5 ? ", ..." : "") + "); move it first with `bin/mesh migrate-layout --warehouse " + this
                + "` (add --dry-run to see the moves)");
      }
    }
    layoutChecked = true;
  }

  /** Writes the layout marker once, before the first table of this layout is written. */
  public void markLayout() {
    if (layoutMarked) {
      return;
    }
    if (!Storage.exists(layoutMarker())) {
      requireCurrentLayout();
      Storage.create(layoutMarker(), LAYOUT + "\n");
    }
    layoutMarked = true;
    layoutChecked = true;
  }

  /**
   * The products whose directory holds anything but {@code v<major>} tables: a table, its
   * {@code _mesh} state or {@code _quarantine} table nested in place, as an earlier release wrote them.
   */
  public java.util.List<ProductId> oldLayoutProducts() {
    java.util.List<ProductId> old = new java.util.ArrayList<>();
    for (Path domain : Storage.directories(root)) {
      if (!ProductId.isIdentifier(domain.getName())) {
        continue;
      }
      for (Path name : Storage.directories(domain)) {
        if (!ProductId.isIdentifier(name.getName())) {
          continue;
        }
        ProductId id = new ProductId(domain.getName(), name.getName());
        boolean nested = hasLog(name) || Storage.exists(new Path(name, "_mesh")) || Storage.exists(new Path(name, "_quarantine"));
        for (int major : majors(id)) {
          Path t = table(id, major);
          nested |= Storage.exists(new Path(t, "_mesh")) || Storage.exists(new Path(t, "_quarantine"));
        }
        if (nested) {
          old.add(id);
        }
      }
    }
    return old;
  }

  /** Meshwork's own state: catalog, lineage, metrics, audit. */
  public Path meshDir() {
    return new Path(root, "_mesh");
  }

  /** The local path for a {@code file:} warehouse, else its URI. */
  @Override
  public String toString() {
    return display(root);
  }

  /** A location as users wrote it: the local path for {@code file:}, else the URI. */
  public static String display(Path location) {
    return Storage.isLocal(location) ? location.toUri().getPath() : location.toString();
  }
}
