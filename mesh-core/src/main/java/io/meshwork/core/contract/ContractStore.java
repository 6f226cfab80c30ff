package io.meshwork.core.contract;

import io.delta.tables.DeltaTable;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.publish.Publisher;
import io.meshwork.core.storage.Storage;
import io.meshwork.core.storage.TableProperties;
import io.meshwork.core.storage.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The contracts a product's table was published under, kept in the product's state at
 * {@code <warehouse>/_mesh/products/<domain>/<name>/v<major>/contracts/<sha256>.conf} (content-addressed, so writing one twice is
 * harmless). The live contract is the one whose
 * hash the latest commit stamped in {@code mesh.contract.sha256}; a new run compares its contract
 * with it before anything is built.
 */
public final class ContractStore {
  private final SparkSession spark;
  private final Warehouse warehouse;

  public ContractStore(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  private Path dir(ProductId id, int major) {
    return new Path(warehouse.state(id, major), "contracts");
  }

  /** Keeps the exact bytes of the contract a run is about to publish under. */
  public void save(DataProduct product) {
    if (product.sha256() == null || !Files.isRegularFile(product.file())) {
      return;
    }
    try {
      // Content-addressed: an existing file already holds these bytes. A new object appears whole.
      Path target = new Path(dir(product.id(), product.version().major()), product.sha256() + ".conf");
      Storage.create(target, Files.readAllBytes(product.file()));
    } catch (IOException e) {
      throw new UncheckedIOException("could not keep the contract of " + product.id() + " beside its table", e);
    }
  }

  /**
   * The contract stamped on the latest commit of the product's newest major ({@link
   * Warehouse#newestMajor(ProductId)}), when the table and that contract exist.
   */
  public Optional<DataProduct> live(ProductId id) {
    return live(id, warehouse.newestMajor(id));
  }

  /** The contract stamped on the latest commit of one major's table, when the table and that contract exist. */
  public Optional<DataProduct> live(ProductId id, int major) {
    String location = warehouse.table(id, major).toString();
    if (!Warehouse.hasLog(warehouse.table(id, major)) || !DeltaTable.isDeltaTable(spark, location)) {
      return Optional.empty();
    }
    Map<String, String> properties = DeltaTable.forPath(spark, location).detail().select("properties").head().getJavaMap(0);
    String sha = properties.get(TableProperties.CONTRACT_SHA256);
    if (sha == null) {
      return Optional.empty();
    }
    Path file = new Path(dir(id, major), sha + ".conf");
    return Storage.readIfExists(file).map(text -> Contracts.parse(text, Warehouse.display(file)));
  }
}
