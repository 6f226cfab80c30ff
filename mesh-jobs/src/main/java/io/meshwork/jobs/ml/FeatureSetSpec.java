package io.meshwork.jobs.ml;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.meshwork.core.contract.internal.ConfigErrors;
import io.meshwork.core.model.ColumnSpec;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Problem;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.ProductRef;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What makes a product a feature set: its contract declares {@code kind = feature-set}, the
 * entity key column and the event-time column. Every other column of the schema is a feature.
 *
 * <pre>
 * product {
 *   domain = features, name = customer_activity, version = "1.0.0"
 *   kind = feature-set
 *   entity = customer_id                  # the key labels are joined on
 *   features { event-time = event_time }  # when each row's values became true (date or timestamp)
 *   inputs.products = [ crm.customers, "sales.orders@12" ]   # latest certified, or pinned (quoted)
 *   job = "com.acme.CustomerActivity"     # or sql = "..."
 *   schema { ... }                        # must declare both columns
 * }
 * </pre>
 *
 * <p>A feature set is published like any product (same gate, stamp, catalog and lineage); a
 * training set joins each label to the newest row of its entity whose event time is not after
 * the label's time (see {@link MeshMl#trainingSet}).
 *
 * @param id the feature set's product id
 * @param entity the entity key column
 * @param eventTime the event-time column (type {@code date} or {@code timestamp})
 * @param features the feature columns: every other column, in contract order
 * @param inputs the products it is built from, as declared
 */
public record FeatureSetSpec(ProductId id, String entity, String eventTime, List<String> features, List<ProductRef> inputs) {
  /** The contract's {@code product.kind} of a feature set. */
  public static final String KIND = "feature-set";

  public FeatureSetSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(eventTime, "eventTime");
    features = List.copyOf(features);
    inputs = List.copyOf(inputs);
  }

  /**
   * True when the product's contract file declares {@code kind = feature-set}.
   *
   * @throws ContractException when the contract file cannot be read
   */
  public static boolean isFeatureSet(DataProduct product) {
    Config c = contract(product);
    return c.hasPath("product.kind") && KIND.equals(c.getValue("product.kind").unwrapped());
  }

  /**
   * The feature-set declarations of a product's contract, checked against its schema.
   *
   * @throws ContractException listing every problem as {@code <file>:<line>: <product>: <what is
   *     wrong>}: not declared a feature set, entity or event-time missing or not a column,
   *     event-time not a date or timestamp, an unknown key under {@code features}, no input product
   */
  public static FeatureSetSpec of(DataProduct product) {
    Config c = contract(product);
    String file = product.file().toString();
    int productLine = line(c, "product");
    List<Problem> problems = new ArrayList<>();
    String where = product.id() + ": ";

    Object kind = c.hasPath("product.kind") ? c.getValue("product.kind").unwrapped() : null;
    if (!KIND.equals(kind)) {
      problems.add(
          Problem.at(file, (kind == null ? productLine : line(c, "product.kind")), where
              + (kind == null ? "is not a feature set: the contract declares no kind = " + KIND : "is not a feature set: kind is '" + kind + "', not '" + KIND + "'")));
      throw new ContractException(problems);
    }

    String entity = string(c, "product.entity", file, productLine, where + "a feature set needs 'entity = <key column>'", problems);
    String eventTime = null;
    if (!c.hasPath("product.features")) {
      problems.add(Problem.at(file, productLine, where + "a feature set needs 'features { event-time = <column> }'"));
    } else if (c.getValue("product.features").valueType() != ConfigValueType.OBJECT) {
      problems.add(Problem.at(file, line(c, "product.features"), where + "'product.features' must be an object like { event-time = <column> }"));
    } else {
      for (String key : c.getObject("product.features").keySet()) {
        if (!key.equals("event-time")) {
          problems.add(Problem.at(file, line(c, "product.features." + quote(key)), where + "unknown key 'product.features." + key + "' (allowed: event-time)"));
        }
      }
      eventTime = string(c, "product.features.event-time", file, line(c, "product.features"), where + "a feature set needs 'features { event-time = <column> }'", problems);
    }

    List<String> names = product.columns().stream().map(ColumnSpec::name).toList();
    if (entity != null && !names.contains(entity)) {
      problems.add(Problem.at(file, line(c, "product.entity"), where + "entity '" + entity + "' is not a column of the schema (columns: " + String.join(", ", names) + ")"));
    }
    if (eventTime != null) {
      ColumnSpec column = product.column(eventTime).orElse(null);
      int at = line(c, "product.features.event-time");
      if (column == null) {
        problems.add(Problem.at(file, at, where + "event-time '" + eventTime + "' is not a column of the schema (columns: " + String.join(", ", names) + ")"));
      } else if (!isTime(column.type())) {
        problems.add(Problem.at(file, at, where + "event-time column '" + eventTime + "' must be of type date or timestamp but is " + column.type()));
      } else if (eventTime.equals(entity)) {
        problems.add(Problem.at(file, at, where + "event-time and entity must be different columns but both are '" + eventTime + "'"));
      }
    }
    if (product.inputs().isEmpty()) {
      problems.add(Problem.at(file, productLine, where + "a feature set is built from products: declare at least one in inputs.products"));
    }
    if (!problems.isEmpty()) {
      throw new ContractException(problems);
    }
    String time = eventTime;
    List<String> features = names.stream().filter(n -> !n.equals(entity) && !n.equals(time)).toList();
    return new FeatureSetSpec(product.id(), entity, eventTime, features, product.inputs());
  }

  private static boolean isTime(String type) {
    String t = type.trim().toLowerCase(Locale.ROOT);
    return t.equals("date") || t.equals("timestamp") || t.equals("timestamp_ntz");
  }

  private static String string(Config c, String path, String file, int missingLine, String missing, List<Problem> problems) {
    if (!c.hasPath(path)) {
      problems.add(Problem.at(file, missingLine, missing));
      return null;
    }
    ConfigValue v = c.getValue(path);
    if (v.valueType() != ConfigValueType.STRING || ((String) v.unwrapped()).isBlank()) {
      problems.add(Problem.at(file, line(c, path), missing + ", not " + v.render()));
      return null;
    }
    return ((String) v.unwrapped()).trim();
  }

  private static int line(Config c, String path) {
    try {
      return ConfigErrors.line(c.getValue(path).origin());
    } catch (ConfigException e) {
      return 1;
    }
  }

  private static String quote(String key) {
    return key.matches("[A-Za-z0-9_-]+") ? key : "\"" + key.replace("\"", "\\\"") + "\"";
  }

  /** The raw contract: DataProduct does not carry kind, entity and features yet. */
  private static Config contract(DataProduct product) {
    if (product.file() == null || !Files.isRegularFile(product.file())) {
      throw new ContractException(product.id() + ": the contract file " + product.file() + " is not readable, so its feature-set keys cannot be read");
    }
    try {
      return ConfigFactory.parseFile(product.file().toFile(), ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
    } catch (ConfigException e) {
      throw new ContractException(ConfigErrors.problem(product.file(), e.origin(), product.id() + ": " + ConfigErrors.reason(e)).about(product.id()));
    }
  }
}
