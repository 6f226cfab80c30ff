package io.meshwork.core;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * The layout of a warehouse: one Delta table per product at {@code <root>/<domain>/<name>} (from
 * contract major 2 on, one per major at {@code <root>/<domain>/<name>/v<major>}), and Meshwork's own
 * tables under {@code <root>/_mesh}. The root is a local directory or any Hadoop filesystem URI
 * ({@code s3a://bucket/prefix}, {@code abfss://…}, {@code gs://…}, {@code hdfs://…}); everything
 * under it is read and written through Hadoop's {@code FileSystem} ({@link Storage}) or Delta.
 */
public final class Warehouse {
  private static final Pattern MAJOR_DIR = Pattern.compile("v([2-9]|[1-9][0-9]{1,8})");

  private final Path root;

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

  /** The Delta table of a product's major 0 or 1 (the table every product starts with). */
  public Path table(ProductId id) {
    return new Path(new Path(root, id.domain()), id.name());
  }

  /**
   * The Delta table of one contract major: {@code <root>/<domain>/<name>} for majors 0 and 1,
   * {@code <root>/<domain>/<name>/v<major>} from major 2 on. Each major is its own table, so an
   * old major stays readable after a major bump.
   */
  public Path table(ProductId id, int major) {
    return major <= 1 ? table(id) : new Path(table(id), "v" + major);
  }

  /** The Delta table a product's contract publishes to: the table of its contract's major. */
  public Path table(DataProduct product) {
    return table(product.id(), product.version().major());
  }

  /**
   * The newest major that has a commit: the highest {@code N >= 2} whose {@code v<N>} table has
   * one, else 1 (the table at {@code <domain>/<name>}, whether it exists or not). A major whose
   * first publish was refused is not the newest.
   */
  public int newestMajor(ProductId id) {
    int newest = 1;
    for (Path d : Storage.directories(table(id))) {
      Matcher m = MAJOR_DIR.matcher(d.getName());
      if (m.matches() && hasCommit(d)) {
        try {
          newest = Math.max(newest, Integer.parseInt(m.group(1)));
        } catch (NumberFormatException e) {
          // not a major
        }
      }
    }
    return newest;
  }

  /**
   * Whether {@code table} has its own {@code _delta_log} directory. Delta resolves a path without
   * one to the enclosing table ({@code <domain>/<name>} for {@code <domain>/<name>/v2}) and takes the
   * rest for a partition, so ask this before handing a major's table path to Delta.
   */
  public static boolean hasLog(Path table) {
    return Storage.isDirectory(new Path(table, "_delta_log"));
  }

  /** Whether {@code table}'s log holds a commit file. */
  public static boolean hasCommit(Path table) {
    return !Storage.files(new Path(table, "_delta_log"), ".json").isEmpty();
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
