package io.meshwork.lineage;

import java.util.List;
import java.util.Objects;

/**
 * One node found by a {@link LineageGraph} query.
 *
 * @param name {@code domain.name} for a product or feature set, {@code model:<name>} for a model
 * @param kind what the node is
 * @param depth how many hops it is from the queried node (1 = a direct input or reader)
 * @param versions the versions of this node on the paths found, oldest first (data versions for
 *     products and feature sets, model versions for models); empty when the log never said
 * @param inputs what those versions read among the queried node and the other nodes found, as
 *     {@code name@version} (or {@code name} when the version is unknown), and the raw sources they
 *     read ({@code file:/data/orders.csv}, {@code s3://bucket/key}), sorted
 */
public record LineageNode(String name, NodeKind kind, int depth, List<String> versions, List<String> inputs) {
  public LineageNode {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    versions = List.copyOf(versions);
    inputs = List.copyOf(inputs);
  }
}
