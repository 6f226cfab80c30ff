package io.meshwork.lineage.internal;

import io.openlineage.client.OpenLineage;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A dataset facet with its own {@code _schemaURL} and properties, for what openlineage-java's
 * generated model cannot place itself: Meshwork's custom {@code meshContract} facet, and the
 * standard {@code dataQualityAssertions} facet on an output (the model types it as an input facet,
 * since tests usually read a dataset; Meshwork verifies the data it is about to publish, so the
 * assertions describe the output). Properties are written in insertion order.
 */
public final class CustomDatasetFacet extends OpenLineage.DefaultDatasetFacet {
  /** The custom facet's name under {@code outputs[].facets}. */
  public static final String MESH_CONTRACT = "meshContract";

  /** Stable schema location of the custom facet, versioned like OpenLineage's own facets. */
  public static final URI MESH_CONTRACT_SCHEMA_URL =
      URI.create("https://meshwork.io/spec/facets/1-0-0/MeshContractFacet.json#/$defs/MeshContractFacet");

  /** The custom facet of a model output: its version, parameters, metrics and training set. */
  public static final String MESH_MODEL = "meshModel";

  /** Stable schema location of the model facet. */
  public static final URI MESH_MODEL_SCHEMA_URL =
      URI.create("https://meshwork.io/spec/facets/1-0-0/MeshModelFacet.json#/$defs/MeshModelFacet");

  private final URI schemaUrl;

  private CustomDatasetFacet(URI producer, URI schemaUrl, Map<String, Object> properties) {
    super(producer, null);
    this.schemaUrl = schemaUrl;
    getAdditionalProperties().putAll(properties);
  }

  /**
   * The {@code meshContract} facet.
   *
   * @param freshnessSla ISO-8601 duration ({@code PT24H}), or null when the contract declares none
   */
  public static CustomDatasetFacet meshContract(URI producer, String product, String contractVersion, String sha256, String freshnessSla) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("product", product);
    p.put("contractVersion", contractVersion);
    p.put("sha256", sha256);
    // openlineage-java's mapper drops null values (NON_NULL); an empty Optional passes that filter
    // and is written as an explicit null, so "no SLA" stays visible in the event.
    p.put("freshnessSla", Optional.ofNullable(freshnessSla));
    return new CustomDatasetFacet(producer, MESH_CONTRACT_SCHEMA_URL, p);
  }

  /**
   * The {@code meshModel} facet of a model output.
   *
   * @param trainingRows rows of the training set, or null when unknown (START, FAIL)
   * @param checksum the training set's content checksum, or null when unknown
   * @param manifest the manifest's location, or null before it is written
   */
  public static CustomDatasetFacet meshModel(
      URI producer, String model, long version, Map<String, String> params, Map<String, Double> metrics, Long trainingRows, String checksum, String manifest) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("model", model);
    p.put("version", version);
    p.put("params", new java.util.TreeMap<>(params));
    p.put("metrics", new java.util.TreeMap<>(metrics));
    if (trainingRows != null) {
      p.put("trainingRows", trainingRows);
    }
    if (checksum != null) {
      p.put("trainingSetChecksum", checksum);
    }
    if (manifest != null) {
      p.put("manifest", manifest);
    }
    return new CustomDatasetFacet(producer, MESH_MODEL_SCHEMA_URL, p);
  }

  /** The standard assertions facet, as its builder made it, placed where a dataset facet goes. */
  public static CustomDatasetFacet dataQualityAssertions(OpenLineage.DataQualityAssertionsDatasetFacet facet) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("assertions", facet.getAssertions());
    p.putAll(facet.getAdditionalProperties());
    return new CustomDatasetFacet(facet.get_producer(), facet.get_schemaURL(), p);
  }

  @Override
  public URI get_schemaURL() {
    return schemaUrl;
  }
}
