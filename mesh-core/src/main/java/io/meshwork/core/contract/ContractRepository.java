package io.meshwork.core.contract;

import io.meshwork.core.contract.internal.ContractParser;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.Problem;
import io.meshwork.core.model.ProductId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The contracts of a project, one file per product at {@code <conf>/products/<domain>/<name>.conf}.
 *
 * <pre>{@code
 * ContractRepository contracts = new ContractRepository(Path.of("conf"));
 * DataProduct orders = contracts.load(ProductId.parse("sales.orders"));
 * }</pre>
 *
 * <p>A file's path names the product it must hold: a contract declaring another domain or name
 * than its path is rejected. Paths are only ever built from valid identifiers, so a product name
 * can never reach outside {@code <conf>/products}.
 */
public final class ContractRepository {
  private static final String SUFFIX = ".conf";

  private final Path confDir;

  /** A repository over a project's {@code conf/} directory (messages name files under it as given). */
  public ContractRepository(Path confDir) {
    this.confDir = confDir;
  }

  /** The project's {@code conf/} directory, as given. */
  public Path confDir() {
    return confDir;
  }

  /** The project directory, {@code conf/}'s parent; relative source paths resolve against it. */
  public Path projectDir() {
    return confDir.toAbsolutePath().normalize().getParent();
  }

  /**
   * The contract file of a product, whether it exists or not.
   *
   * @throws MeshException (exit 2) when the domain or name is not a plain lower-case identifier
   */
  public Path fileOf(ProductId id) {
    if (!ProductId.isIdentifier(id.domain()) || !ProductId.isIdentifier(id.name())) {
      throw new ContractException(
          "'" + id + "' is not a product name: expected <domain>.<name>, each a plain lower-case identifier");
    }
    return productsDir().resolve(id.domain()).resolve(id.name() + SUFFIX);
  }

  /**
   * Loads and validates one product's contract.
   *
   * @throws ContractException when the file does not exist, does not declare this product, or is
   *     not a valid contract (every problem listed)
   */
  public DataProduct load(ProductId id) {
    Path file = fileOf(id);
    byte[] bytes = Contracts.read(file, "no contract for " + id);
    return ContractParser.parse(bytes, file.toString(), file, id);
  }

  /** Every product that has a contract file, sorted; files not named by identifiers are skipped. */
  public List<ProductId> list() {
    List<ProductId> ids = new ArrayList<>();
    for (Path file : contractFiles()) {
      ProductId id = idOf(file);
      if (id != null) {
        ids.add(id);
      }
    }
    ids.sort(null);
    return ids;
  }

  /**
   * Loads every contract.
   *
   * @throws ContractException with the problems of all files, when any has one (including files
   *     whose directory or name is not a plain lower-case identifier)
   */
  public List<DataProduct> loadAll() {
    List<Problem> problems = new ArrayList<>();
    for (Path file : contractFiles()) {
      if (idOf(file) == null) {
        problems.add(
            Problem.at(file, 0, "contract file is not named <domain>/<name>.conf with plain lower-case identifiers ([a-z][a-z0-9_]*)"));
      }
    }
    List<DataProduct> products = new ArrayList<>();
    for (ProductId id : list()) {
      try {
        products.add(load(id));
      } catch (ContractException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new ContractException(problems);
    }
    return products;
  }

  private Path productsDir() {
    return confDir.resolve("products");
  }

  /** Every {@code products/<dir>/<file>.conf}, sorted by path. */
  private List<Path> contractFiles() {
    Path products = productsDir();
    if (!Files.isDirectory(products)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(products, 2)) {
      return files
          .filter(f -> f.getNameCount() == products.getNameCount() + 2)
          .filter(f -> f.getFileName().toString().endsWith(SUFFIX))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ContractException(Problem.at(products, 0, "cannot list contracts: " + e));
    }
  }

  private static ProductId idOf(Path file) {
    String fileName = file.getFileName().toString();
    String name = fileName.substring(0, fileName.length() - SUFFIX.length());
    String domain = file.getParent().getFileName().toString();
    return ProductId.isIdentifier(domain) && ProductId.isIdentifier(name) ? new ProductId(domain, name) : null;
  }
}
