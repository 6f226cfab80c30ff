package io.meshwork.jobs.ml.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.model.InputVersion;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.core.storage.internal.CommitLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** Reads what a certified version was built from: the inputs its publishing commit recorded. */
public final class Stamps {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Stamps() {}

  /** The product inputs (with versions) stamped on version {@code version} of a product; empty when the stamp names none. */
  public static List<InputVersion> productInputs(SparkSession spark, Warehouse warehouse, ProductId id, long version) {
    String stamp =
        CommitLog.commits(spark, warehouse.table(id)).stream().filter(c -> c.version() == version).map(c -> c.text("userMetadata")).findFirst().orElse(null);
    List<InputVersion> inputs = new ArrayList<>();
    if (stamp == null) {
      return inputs;
    }
    try {
      for (JsonNode in : JSON.readTree(stamp).path("inputs")) {
        if (InputVersion.PRODUCT.equals(in.path("kind").asText()) && in.path("version").canConvertToLong()) {
          inputs.add(new InputVersion(in.path("name").asText(), InputVersion.PRODUCT, in.path("uri").asText(null), in.path("version").asLong()));
        }
      }
    } catch (IOException e) {
      return inputs; // a stamp that is not JSON names no inputs
    }
    return inputs;
  }
}
