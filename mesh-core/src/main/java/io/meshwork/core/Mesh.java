package io.meshwork.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The consumer's entry point to a warehouse: read certified product versions and browse the
 * catalog.
 *
 * <pre>{@code
 * Mesh mesh = Mesh.open(spark, "/data/mesh");
 * Dataset<Row> orders = mesh.read("sales.orders").latest();   // or .version(12), .asOf("2026-11-30")
 * }</pre>
 */
public final class Mesh {
  private final SparkSession spark;
  private final Warehouse warehouse;
  private final Catalog catalog;

  private Mesh(SparkSession spark, Warehouse warehouse) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.warehouse = warehouse;
    this.catalog = new Catalog(spark, warehouse);
  }

  /**
   * The warehouse at {@code warehouse}; it need not exist yet. Every product already in it is
   * registered in the session catalog as {@code <domain>.<name>}, so Spark SQL can query it.
   */
  public static Mesh open(SparkSession spark, Path warehouse) {
    Mesh mesh = new Mesh(spark, Warehouse.at(warehouse));
    SqlCatalog.register(spark, mesh.warehouse, mesh.products());
    return mesh;
  }

  /** The warehouse at a local path or a {@code file:} URI. */
  public static Mesh open(SparkSession spark, String warehouse) {
    Objects.requireNonNull(warehouse, "warehouse");
    return open(spark, warehouse.startsWith("file:") ? Path.of(URI.create(warehouse)) : Path.of(warehouse));
  }

  /**
   * A reader of product {@code domain.name}.
   *
   * @throws MeshException (exit 2) when the name is malformed or no such product is in the warehouse
   */
  public ProductReader read(String product) {
    return read(ProductId.parse(product));
  }

  /**
   * A reader of a product.
   *
   * @throws MeshException (exit 2) when no such product is in the warehouse
   */
  public ProductReader read(ProductId id) {
    if (!isTable(warehouse.table(id))) {
      List<ProductId> known = products();
      throw new MeshException(
          ExitCode.USAGE,
          "No data product " + id + " in warehouse " + warehouse + " (known: "
              + (known.isEmpty() ? "none" : known.stream().map(ProductId::toString).collect(Collectors.joining(", ")))
              + ")");
    }
    return new ProductReader(spark, warehouse, id);
  }

  /**
   * The products in the warehouse, sorted: every {@code <domain>/<name>} directory holding a Delta
   * table, whether or not a version of it is certified. Meshwork's own {@code _mesh} directory and
   * names starting with {@code _} are not products.
   */
  public List<ProductId> products() {
    List<ProductId> found = new ArrayList<>();
    for (Path domain : children(warehouse.root())) {
      for (Path name : children(domain)) {
        if (isTable(name)) {
          found.add(new ProductId(domain.getFileName().toString(), name.getFileName().toString()));
        }
      }
    }
    found.sort(null);
    return found;
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

  private static boolean isTable(Path dir) {
    return Files.isDirectory(dir.resolve("_delta_log"));
  }

  /** Sub-directories that may be a domain or a product: plain identifiers, so never {@code _mesh}. */
  private static List<Path> children(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).filter(p -> ProductId.isIdentifier(p.getFileName().toString())).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
  }
}
