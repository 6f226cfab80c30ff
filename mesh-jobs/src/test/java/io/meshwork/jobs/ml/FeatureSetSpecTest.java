package io.meshwork.jobs.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Problem;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.ProductRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feature-set keys of a contract, read and checked with file:line messages. No Spark. */
class FeatureSetSpecTest {
  @TempDir Path conf;

  private static final String CONTRACT =
      """
      product {
        domain = features, name = activity, version = "1.0.0"
        description = "Scores."
        owner { team = ml, email = "ml@example.com" }
        kind = feature-set
        entity = customer_id
        features { event-time = event_time }
        inputs.products = [ "crm.customers@7" ]    # pinned: quoted, @ is reserved in HOCON
        sql = "SELECT 1"
        schema {
          columns = [
            { name = customer_id, type = string, nullable = false, description = "Id", classification = internal }
            { name = event_time, type = timestamp, nullable = false, description = "When", classification = internal }
            { name = score, type = int, nullable = false, description = "Score", classification = internal }
            { name = label, type = string, nullable = true, description = "Label", classification = internal }
          ]
        }
      }
      """;

  private DataProduct load(String text) throws Exception {
    Path file = conf.resolve("products/features/activity.conf");
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return new ContractRepository(conf).load(ProductId.parse("features.activity"));
  }

  private String file() {
    return conf.resolve("products/features/activity.conf").toString();
  }

  @Test
  void readsEntityEventTimeFeaturesAndPinnedInputs() throws Exception {
    DataProduct product = load(CONTRACT);

    assertThat(FeatureSetSpec.isFeatureSet(product)).isTrue();
    assertThat(FeatureSetSpec.of(product))
        .isEqualTo(
            new FeatureSetSpec(
                ProductId.parse("features.activity"), "customer_id", "event_time", List.of("score", "label"), List.of(ProductRef.parse("crm.customers@7"))));
  }

  @Test
  void aProductWithoutTheKindIsNotAFeatureSet() throws Exception {
    DataProduct product = load(CONTRACT.replace("  kind = feature-set\n", ""));

    assertThat(FeatureSetSpec.isFeatureSet(product)).isFalse();
    assertThatThrownBy(() -> FeatureSetSpec.of(product))
        .isInstanceOf(ContractException.class)
        .hasMessage(file() + ":1: features.activity: is not a feature set: the contract declares no kind = feature-set");
  }

  @Test
  void everyProblemIsReportedWithItsLine() throws Exception {
    DataProduct product =
        load(CONTRACT.replace("entity = customer_id", "entity = client_id").replace("features { event-time = event_time }", "features { event-time = label, window = 7d }"));

    assertThatThrownBy(() -> FeatureSetSpec.of(product))
        .isInstanceOf(ContractException.class)
        .satisfies(
            e ->
                assertThat(((ContractException) e).problems()).extracting(Problem::format)
                    .containsExactly(
                        file() + ":7: features.activity: unknown key 'product.features.window' (allowed: event-time)",
                        file() + ":6: features.activity: entity 'client_id' is not a column of the schema (columns: customer_id, event_time, score, label)",
                        file() + ":7: features.activity: event-time column 'label' must be of type date or timestamp but is string"));
  }

  @Test
  void missingDeclarationsAreNamed() throws Exception {
    DataProduct product = load(CONTRACT.replace("  entity = customer_id\n", "").replace("  features { event-time = event_time }\n", ""));

    assertThatThrownBy(() -> FeatureSetSpec.of(product))
        .satisfies(
            e ->
                assertThat(((ContractException) e).problems()).extracting(Problem::format)
                    .containsExactly(
                        file() + ":1: features.activity: a feature set needs 'entity = <key column>'",
                        file() + ":1: features.activity: a feature set needs 'features { event-time = <column> }'"));
  }
}
