package io.meshwork.core.odcs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.contract.Contracts;
import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.SourceLocation;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Export to ODCS then import gives back the same contract, compared component by component of
 * {@link DataProduct} (and of every record it holds), for every contract under conf/products.
 */
class OdcsLosslessRoundTripTest {
  /** Tests run in the module directory; the project sits above it. */
  private static final Path CONF = Path.of("../conf");

  /** Where the contract came from, not what it says: differs by construction. */
  private static final Set<String> NOT_CONTENT = Set.of("file", "sha256", "locations");

  @Test
  void everySampleContractComesBackFieldByField() {
    List<DataProduct> samples = new ContractRepository(CONF).loadAll();
    assertThat(samples).as("contracts under " + CONF.resolve("products")).isNotEmpty();
    Set<String> compared = new TreeSet<>();
    for (DataProduct p : samples) {
      DataProduct again = roundTrip(p);
      List<String> differences = new ArrayList<>();
      compare(p.id().toString(), p, again, differences, compared);
      assertThat(differences).as(p.id() + ": components that changed in the round trip").isEmpty();
    }
    // Every component of the model took part (a new one is compared without changing this test).
    for (RecordComponent c : DataProduct.class.getRecordComponents()) {
      if (!NOT_CONTENT.contains(c.getName())) {
        assertThat(compared).as("compared components").contains(c.getName());
      }
    }
    // The samples hold what was once lost: product tags and the feature-set keys.
    assertThat(samples.stream().filter(p -> !p.tags().isEmpty())).isNotEmpty();
    assertThat(samples.stream().filter(p -> !p.extensions().isEmpty())).isNotEmpty();
  }

  @Test
  void whatNoSampleUsesComesBackToo() {
    DataProduct p = Contracts.parse("""
        product {
          domain = hr
          name = employees
          version = "2.3.1"
          description = "Employees, one row each."
          owner { email = "hr-data@example.com" }
          tags = [people, "cost center"]
          build-pending = "declare the query"
          deprecation { sunset = "2030-01-31", successor-major = 3, note = "Use major 3." }
          retention { versions = "90 days" }
          sql = "SELECT employee_id, team FROM source"
          schema {
            columns = [
              { name = employee_id, type = string, nullable = false, classification = pii, tags { kind = key } }
              { name = team, type = string }
            ]
            primary-key = [employee_id]
          }
          quality.constraints = [
            { check = pattern, column = employee_id, regex = "^E[0-9]+$", on-fail = drop }
            { check = complete, column = team, min-fraction = 0.9, level = warning, name = "teams known" }
          ]
          write { mode = append, partition-by = [team] }
          access { readers = [analyst, hr], pii-readers = [hr], masking = null }
        }
        """, "employees.conf");
    List<String> differences = new ArrayList<>();
    compare("hr.employees", p, roundTrip(p), differences, new TreeSet<>());
    assertThat(differences).isEmpty();
    assertThat(p.deprecation()).isNotNull();
    assertThat(p.pendingBuild()).isEqualTo("declare the query");
    assertThat(p.versionRetention()).contains(java.time.Duration.ofDays(90));
    assertThat(OdcsExport.toYaml(p)).contains("  - property: retention\n    value: 90\n    unit: d\n");
  }

  private static DataProduct roundTrip(DataProduct p) {
    OdcsImport.Result imported = OdcsImport.fromYaml(OdcsExport.toYaml(p), p.id() + ".odcs.yaml");
    assertThat(imported.warnings()).as(p.id() + ": warnings of the import of its own export").isEmpty();
    return Contracts.parse(imported.hocon(), p.id() + ".conf");
  }

  /** Adds a line to {@code differences} for each component (recursively through records, lists, maps) that is not equal. */
  private static void compare(String path, Object before, Object after, List<String> differences, Set<String> compared) {
    if (before instanceof Record r && after != null && before.getClass() == after.getClass()) {
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        if (before instanceof DataProduct && NOT_CONTENT.contains(c.getName())) {
          continue;
        }
        if (c.getType() == SourceLocation.class) {
          continue;
        }
        if (before instanceof DataProduct) {
          compared.add(c.getName());
        }
        compare(path + "." + c.getName(), get(c, before), get(c, after), differences, compared);
      }
    } else if (before instanceof List<?> b && after instanceof List<?> a) {
      if (b.size() != a.size()) {
        differences.add(path + ": " + b + " became " + a);
        return;
      }
      List<?> bs = b;
      List<?> as = a;
      if (!b.isEmpty() && b.get(0) instanceof ConstraintSpec) {
        // ODCS puts each rule on its column, so constraints come back grouped by column.
        bs = b.stream().map(ConstraintSpec.class::cast).sorted(Comparator.comparing(OdcsLosslessRoundTripTest::key)).toList();
        as = a.stream().map(ConstraintSpec.class::cast).sorted(Comparator.comparing(OdcsLosslessRoundTripTest::key)).toList();
      }
      for (int i = 0; i < bs.size(); i++) {
        compare(path + "[" + i + "]", bs.get(i), as.get(i), differences, compared);
      }
    } else if (before instanceof Map<?, ?> b && after instanceof Map<?, ?> a) {
      if (!b.keySet().equals(a.keySet())) {
        differences.add(path + ": keys " + b.keySet() + " became " + a.keySet());
        return;
      }
      for (Object k : b.keySet()) {
        compare(path + "." + k, b.get(k), a.get(k), differences, compared);
      }
    } else if (before == null ? after != null : !before.equals(after)) {
      differences.add(path + ": " + before + " became " + after);
    }
  }

  private static String key(ConstraintSpec c) {
    return c.check() + " " + c.columns() + " " + new java.util.TreeMap<>(c.params()) + " " + c.level() + " " + c.name();
  }

  private static Object get(RecordComponent c, Object record) {
    try {
      return c.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
