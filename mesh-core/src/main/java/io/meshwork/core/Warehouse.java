package io.meshwork.core;

import java.nio.file.Path;

/**
 * The layout of a warehouse directory: one Delta table per product at
 * {@code <root>/<domain>/<name>}, and Meshwork's own tables under {@code <root>/_mesh}.
 */
public final class Warehouse {
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

  /** The Delta table of a product. */
  public Path table(ProductId id) {
    return root.resolve(id.domain()).resolve(id.name());
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
