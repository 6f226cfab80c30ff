package io.meshwork.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The layout of a warehouse directory: one Delta table per product at
 * {@code <root>/<domain>/<name>} (from contract major 2 on, one per major at
 * {@code <root>/<domain>/<name>/v<major>}), and Meshwork's own tables under {@code <root>/_mesh}.
 */
public final class Warehouse {
  private static final Pattern MAJOR_DIR = Pattern.compile("v([2-9]|[1-9][0-9]{1,8})");

  private final Path root;

  private Warehouse(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public static Warehouse at(Path root) {
    return new Warehouse(root);
  }

  public Path root() {
    return root;
  }

  /** The warehouse as a URI ({@code file:/...}), the namespace of its datasets in lineage. */
  public String uri() {
    return root.toUri().toString().replaceAll("/$", "");
  }

  /** The Delta table of a product's major 0 or 1 (the table every product starts with). */
  public Path table(ProductId id) {
    return root.resolve(id.domain()).resolve(id.name());
  }

  /**
   * The Delta table of one contract major: {@code <root>/<domain>/<name>} for majors 0 and 1,
   * {@code <root>/<domain>/<name>/v<major>} from major 2 on. Each major is its own table, so an
   * old major stays readable after a major bump.
   */
  public Path table(ProductId id, int major) {
    return major <= 1 ? table(id) : table(id).resolve("v" + major);
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
    Path base = table(id);
    if (!Files.isDirectory(base)) {
      return newest;
    }
    try (Stream<Path> dirs = Files.list(base)) {
      for (Path d : (Iterable<Path>) dirs::iterator) {
        Matcher m = MAJOR_DIR.matcher(d.getFileName().toString());
        if (m.matches() && hasCommit(d)) {
          newest = Math.max(newest, Integer.parseInt(m.group(1)));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return newest;
    }
    return newest;
  }

  /**
   * Whether {@code table} has its own {@code _delta_log} directory. Delta resolves a path without
   * one to the enclosing table ({@code <domain>/<name>} for {@code <domain>/<name>/v2}) and takes the
   * rest for a partition, so ask this before handing a major's table path to Delta.
   */
  public static boolean hasLog(Path table) {
    return Files.isDirectory(table.resolve("_delta_log"));
  }

  private static boolean hasCommit(Path table) {
    try (Stream<Path> files = Files.list(table.resolve("_delta_log"))) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".json"));
    } catch (IOException e) {
      return false;
    }
  }

  /** Meshwork's own state: catalog, lineage, metrics, audit. */
  public Path meshDir() {
    return root.resolve("_mesh");
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
