package io.meshwork.jobs.internal;

import io.meshwork.core.Mesh;
import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.ProductRef;
import io.meshwork.jobs.ml.FeatureSetUse;
import io.meshwork.jobs.ml.MeshMl;
import io.meshwork.jobs.ml.ModelManifest;
import io.meshwork.jobs.ml.ProductUse;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versions of a product's table that must stay readable whatever its retention: those a
 * consumer's contract pins ({@code inputs.products = [ "sales.orders@12" ]}) and those a model
 * manifest names (the feature-set versions a model was trained on and the product versions behind
 * them). A pin without a major ({@code sales.orders@12}) is of the newest major.
 */
public final class VersionPins {
  private static final Logger LOG = LoggerFactory.getLogger(VersionPins.class);

  private VersionPins() {}

  /** The pinned versions of the table {@code product} publishes to. */
  public static SortedSet<Long> of(ContractRepository contracts, Mesh mesh, DataProduct product) {
    ProductId id = product.id();
    int major = Math.max(1, product.version().major());
    boolean newest = major >= mesh.warehouse().newestMajor(id);
    SortedSet<Long> pins = new TreeSet<>();
    for (ProductId other : contracts.list()) {
      DataProduct consumer;
      try {
        consumer = contracts.load(other);
      } catch (RuntimeException e) { // a broken contract pins nothing; its own run says what is wrong
        continue;
      }
      for (ProductRef in : consumer.inputs()) {
        if (in.id().equals(id) && in.pinnedVersion().isPresent()
            && (in.major().isPresent() ? Math.max(1, in.major().getAsInt()) == major : newest)) {
          pins.add(in.pinnedVersion().getAsLong());
        }
      }
    }
    if (newest) { // manifests name versions without a major: those of the newest one when trained
      try {
        for (ModelManifest m : MeshMl.of(mesh, contracts, com.typesafe.config.ConfigFactory.empty()).allManifests()) {
          for (FeatureSetUse f : m.featureSets()) {
            if (f.name().equals(id.toString())) {
              pins.add(f.version());
            }
          }
          for (ProductUse p : m.products()) {
            if (p.name().equals(id.toString())) {
              pins.add(p.version());
            }
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("{}: could not read the model manifests, so the versions they name are not protected by this publish: {}", id, e.getMessage());
      }
    }
    return pins;
  }
}
