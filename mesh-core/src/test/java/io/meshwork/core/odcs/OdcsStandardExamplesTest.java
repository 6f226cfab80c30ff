package io.meshwork.core.odcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshwork.core.contract.Contracts;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ProductId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The examples of the ODCS standard itself (copied into test resources, see the README there):
 * each one with a table schema imports, with {@code --domain} when it has none, as a valid contract.
 */
class OdcsStandardExamplesTest {
  private static final Path EXAMPLES = Path.of("src/test/resources/odcs/bitol-examples");
  private static final String DOMAIN = "examples";

  @Test
  void everyExampleWithATableSchemaImportsAsAValidContract() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(EXAMPLES)) {
      files = s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    List<String> imported = new ArrayList<>();
    for (Path file : files) {
      JsonNode doc = Odcs.yaml().readTree(file.toFile());
      JsonNode properties = doc.path("schema").path(0).path("properties");
      boolean hasDomain = doc.hasNonNull("domain");
      OdcsImport.Names names = new OdcsImport.Names(hasDomain ? null : DOMAIN, null);
      if (!properties.isArray() || properties.isEmpty()) {
        // No columns: refused, saying so.
        ContractException e = catchThrowableOfType(() -> OdcsImport.read(file, names), ContractException.class);
        assertThat(e).as(file.toString()).isNotNull();
        assertThat(e.problems()).as(file.toString()).anyMatch(p -> p.message().contains("a product needs"));
        continue;
      }
      OdcsImport.Result r = OdcsImport.read(file, names);
      // Written under the name the command line gives it, the contract loads as it is.
      ProductId id = r.product().id();
      DataProduct p = Contracts.parse(r.hocon(), "conf/products/" + id.domain() + "/" + id.name() + ".conf");
      assertThat(id.domain()).as(file.toString()).isEqualTo(hasDomain ? doc.get("domain").asText() : DOMAIN);
      assertThat(p.columns()).as(file + ": columns").isNotEmpty().hasSizeLessThanOrEqualTo(properties.size());
      assertThat(p.columns().get(0).name()).as(file.toString()).isEqualTo(properties.get(0).path("name").asText());
      assertThat(p.version().toString()).as(file.toString()).isEqualTo(doc.get("version").asText());
      // None of them says how it is built from files: each is marked, not given a query that cannot run.
      assertThat(p.pendingBuild()).as(file.toString()).isNotNull();
      assertThat(r.warnings()).as(file.toString()).anyMatch(w -> w.reason().startsWith(Contracts.NO_BUILD));
      imported.add(file.getFileName().toString());
    }
    assertThat(imported).as("examples with a table schema").isNotEmpty();
  }
}
