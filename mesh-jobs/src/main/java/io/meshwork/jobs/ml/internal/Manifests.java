package io.meshwork.jobs.ml.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.NotFoundException;
import io.meshwork.core.storage.Storage;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.jobs.ml.ModelManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.Path;

/** {@code manifest.json}: written once as a new file, read back strictly. */
public final class Manifests {
  public static final String FILE = "manifest.json";
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Manifests() {}

  /**
   * Writes {@code <dir>/manifest.json} as a new file (it appears whole or not at all on an object
   * store; a version's manifest is written once).
   */
  public static Path write(Path dir, ModelManifest manifest) {
    Path file = new Path(dir, FILE);
    try {
      if (!Storage.create(file, JSON.writeValueAsBytes(manifest))) {
        throw new IllegalStateException("The model manifest " + file + " exists already");
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the model manifest " + file, e);
    }
  }

  /**
   * Reads {@code <dir>/manifest.json}.
   *
   * @throws MeshException (exit 2) when it does not exist or is not a manifest
   */
  public static ModelManifest read(Path dir, String model, long version) {
    Path file = new Path(dir, FILE);
    String text;
    try {
      text = Storage.read(file);
    } catch (java.io.FileNotFoundException e) {
      throw new NotFoundException("No model:" + model + " version " + version + ": " + Warehouse.display(file) + " does not exist");
    }
    try {
      return JSON.readValue(text, ModelManifest.class);
    } catch (IOException e) {
      throw new ContractException(Warehouse.display(file) + ": not a model manifest: " + e.getMessage(), e);
    }
  }

  /** The manifest as JSON text. */
  public static String json(ModelManifest manifest) {
    try {
      return JSON.writeValueAsString(manifest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
