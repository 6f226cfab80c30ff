package io.meshwork.core.contract;

import io.meshwork.core.contract.internal.ContractParser;
import io.meshwork.core.model.AccessPolicy;
import io.meshwork.core.model.Check;
import io.meshwork.core.model.Constraint;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads product contracts: HOCON files holding one {@code product { ... }} block.
 *
 * <pre>{@code
 * DataProduct orders = Contracts.load(Path.of("conf/products/sales/orders.conf"));
 * }</pre>
 *
 * <p>Loading validates the whole contract and reports every problem at once in one {@link
 * ContractException}, each problem a line {@code <file>:<line>: <domain>.<name>: <what is wrong>}
 * (the {@code <domain>.<name>: } part only when both are valid). The vocabulary of the format
 * (keys, write modes) is kept in the constants below, the one place to extend it; the checks are
 * {@link Check} and {@link Constraint}.
 */
public final class Contracts {
  /** Every key allowed directly under {@code product}. */
  public static final List<String> PRODUCT_KEYS =
      List.of(
          "domain", "name", "version", "description", "owner", "inputs", "sql", "job", "schema",
          "quality", "sla", "retention", "write", "tags", "access", "deprecation", "kind", "entity", "features", "build-pending");

  /** The product keys the core keeps as written for other modules ({@link DataProduct#extensions()}). */
  public static final List<String> EXTENSION_KEYS = List.of("kind", "entity", "features");

  /**
   * The product key an ODCS import writes when the document does not say how the product is
   * built; such a contract loads, but is not run (see {@link #requireBuild}).
   */
  public static final String BUILD_PENDING = "build-pending";

  /** The message {@link #requireBuild} gives for a contract with {@link #BUILD_PENDING}. */
  public static final String NO_BUILD = "contract imported from ODCS has no build yet";

  /** Every key allowed in a column object of {@code schema.columns}. */
  public static final List<String> COLUMN_KEYS =
      List.of("name", "type", "nullable", "description", "classification", "tags");

  /** Every key allowed in a source object of {@code inputs.sources}. */
  public static final List<String> SOURCE_KEYS = List.of("path", "format", "options");

  /** Every key allowed under {@code access} (see {@link AccessPolicy}). */
  public static final List<String> ACCESS_KEYS = List.of("readers", "pii-readers", "masking", "without-role", "roles");

  /** Every key allowed under {@code inputs}. */
  public static final List<String> INPUT_KEYS = List.of("sources", "products");

  /** The kinds of {@code quality.constraints} entries ({@code check = ...}): the keywords of {@link Check}. */
  public static final List<String> CHECKS = Check.KEYWORDS;

  /** The values of {@code write.mode}; the first is the default. */
  public static final List<String> WRITE_MODES = List.of("overwrite", "append", "replace-partition", "merge");

  /** The values of a column's {@code classification}. */
  public static final List<String> CLASSIFICATIONS = List.of("public", "internal", "confidential", "pii");

  private Contracts() {}

  /**
   * Loads and validates a contract file.
   *
   * @throws ContractException listing every problem of the file (or that it cannot be read)
   */
  public static DataProduct load(Path file) {
    return ContractParser.parse(read(file, "no contract"), file.toString(), file, null);
  }

  /**
   * Loads and validates a contract from text.
   *
   * @param fileName names the contract in messages and becomes {@link DataProduct#file()}
   * @throws ContractException listing every problem of the contract
   */
  public static DataProduct parse(String hocon, String fileName) {
    return ContractParser.parse(hocon.getBytes(StandardCharsets.UTF_8), fileName, Path.of(fileName), null);
  }

  /**
   * Refuses products whose contract still has {@link #BUILD_PENDING}: an ODCS import that could
   * not say how the product is built.
   *
   * @throws ContractException (exit 2) with one line per such product, {@code <file>:<line>:
   *     <product>: contract imported from ODCS has no build yet: <what is missing>}, at the line
   *     of {@code build-pending}
   */
  public static void requireBuild(List<DataProduct> products) {
    List<Problem> problems = new java.util.ArrayList<>();
    for (DataProduct p : products) {
      if (p.pendingBuild() != null) {
        problems.add(Problem.at(p.locationOf("product." + BUILD_PENDING), p.id() + ": " + NO_BUILD + ": " + p.pendingBuild()).about(p.id()));
      }
    }
    if (!problems.isEmpty()) {
      throw new ContractException(problems);
    }
  }

  /** The bytes of a contract file; {@code what} starts the message when it does not exist. */
  static byte[] read(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ContractException(Problem.at(file, 0, what + ": " + file + " does not exist"));
    } catch (IOException e) {
      throw new ContractException(Problem.at(file, 0, "cannot read contract: " + e));
    }
  }
}
