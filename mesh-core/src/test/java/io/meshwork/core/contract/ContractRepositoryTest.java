package io.meshwork.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.Problem;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contracts found by product name under {@code conf/products/<domain>/<name>.conf}. */
class ContractRepositoryTest {
  @TempDir Path project;

  private static String contract(String domain, String name) {
    return """
        product {
          domain = %s
          name = %s
          version = "1.0.0"
          sql = "SELECT 1 AS id"
          schema.columns = [ { name = id, type = int } ]
        }
        """.formatted(domain, name);
  }

  private Path write(String relative, String text) throws IOException {
    Path file = project.resolve("conf").resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  @Test
  void directoriesAndFiles() {
    ContractRepository repo = new ContractRepository(project.resolve("conf"));

    assertThat(repo.confDir()).isEqualTo(project.resolve("conf"));
    assertThat(repo.projectDir()).isEqualTo(project.toAbsolutePath().normalize());
    assertThat(repo.fileOf(ProductId.parse("sales.orders"))).isEqualTo(project.resolve("conf/products/sales/orders.conf"));
    assertThat(new ContractRepository(Path.of("conf")).projectDir()).isEqualTo(Path.of("").toAbsolutePath());
  }

  @Test
  void namesThatAreNotIdentifiersNeverBecomePaths() {
    ContractRepository repo = new ContractRepository(project.resolve("conf"));

    assertThatThrownBy(() -> repo.fileOf(new ProductId("..", "secrets")))
        .isInstanceOf(MeshException.class)
        .hasMessage("'...secrets' is not a product name: expected <domain>.<name>, each a plain lower-case identifier");
    assertThatThrownBy(() -> repo.load(new ProductId("sales", "../../etc/passwd")))
        .isInstanceOf(MeshException.class)
        .hasMessage("'sales.../../etc/passwd' is not a product name: expected <domain>.<name>, each a plain lower-case identifier");
  }

  @Test
  void loadsAProductByName() throws IOException {
    Path file = write("products/sales/orders.conf", contract("sales", "orders"));

    DataProduct p = new ContractRepository(project.resolve("conf")).load(ProductId.parse("sales.orders"));

    assertThat(p.id()).isEqualTo(ProductId.parse("sales.orders"));
    assertThat(p.file()).isEqualTo(file);
    assertThat(p.columns().get(0).location()).isEqualTo(new SourceLocation(file.toString(), 6));
  }

  @Test
  void missingContract() {
    ContractRepository repo = new ContractRepository(project.resolve("conf"));
    Path file = repo.fileOf(ProductId.parse("sales.orders"));

    assertThatThrownBy(() -> repo.load(ProductId.parse("sales.orders")))
        .isInstanceOf(ContractException.class)
        .hasMessage(file + ":0: no contract for sales.orders: " + file + " does not exist");
  }

  @Test
  void contractMustDeclareTheProductItsPathNames() throws IOException {
    Path file = write("products/sales/orders.conf", contract("crm", "customers"));

    assertThatThrownBy(() -> new ContractRepository(project.resolve("conf")).load(ProductId.parse("sales.orders")))
        .isInstanceOf(ContractException.class)
        .hasMessage(String.join(System.lineSeparator(),
            file + ":2: crm.customers: product domain 'crm' does not match its file " + file + " (expected domain = sales)",
            file + ":3: crm.customers: product name 'customers' does not match its file " + file + " (expected name = orders)"));
  }

  @Test
  void listsEveryContractSorted() throws IOException {
    write("products/sales/orders.conf", contract("sales", "orders"));
    write("products/crm/customers.conf", contract("crm", "customers"));
    write("products/crm/addresses.conf", contract("crm", "addresses"));
    write("products/crm/notes.txt", "not a contract");
    write("products/crm/old/archived.conf", contract("crm", "archived"));
    write("products/Sales/Returns.conf", contract("sales", "returns"));
    write("mesh.conf", "mesh {}");

    ContractRepository repo = new ContractRepository(project.resolve("conf"));

    assertThat(repo.list()).containsExactly(
        ProductId.parse("crm.addresses"), ProductId.parse("crm.customers"), ProductId.parse("sales.orders"));
    assertThat(new ContractRepository(project.resolve("elsewhere")).list()).isEmpty();
  }

  @Test
  void loadAllReturnsEveryProduct() throws IOException {
    write("products/sales/orders.conf", contract("sales", "orders"));
    write("products/crm/customers.conf", contract("crm", "customers"));

    List<DataProduct> all = new ContractRepository(project.resolve("conf")).loadAll();

    assertThat(all).extracting(p -> p.id().toString()).containsExactly("crm.customers", "sales.orders");
  }

  @Test
  void loadAllReportsTheProblemsOfEveryFileTogether() throws IOException {
    write("products/sales/orders.conf", contract("sales", "orders").replace("\"1.0.0\"", "\"1.0\""));
    write("products/crm/customers.conf", contract("crm", "customers"));
    Path broken = write("products/crm/leads.conf", "product {\n  domain = crm\n");
    Path misnamed = write("products/crm/Leads-Old.conf", contract("crm", "leads_old"));
    ContractRepository repo = new ContractRepository(project.resolve("conf"));

    ContractException e = catchThrowableOfType(ContractException.class, repo::loadAll);

    assertThat(e.problems()).extracting(Problem::format).containsExactly(
        misnamed + ":0: contract file is not named <domain>/<name>.conf with plain lower-case identifiers ([a-z][a-z0-9_]*)",
        broken + ":3: expecting a close brace '}' here, not: end of file",
        repo.fileOf(ProductId.parse("sales.orders")) + ":4: sales.orders: contract version '1.0' is not a semantic version MAJOR.MINOR.PATCH");
  }
}
