package io.meshwork.jobs.ml.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.meshwork.core.ExitCode;
import io.meshwork.core.MeshException;
import io.meshwork.jobs.ml.ModelManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** {@code manifest.json}: written atomically, read back strictly. */
public final class Manifests {
  public static final String FILE = "manifest.json";
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Manifests() {}

  /** Writes {@code <dir>/manifest.json} through a temporary file and an atomic rename. */
  public static Path write(Path dir, ModelManifest manifest) {
    Path file = dir.resolve(FILE);
    Path tmp = dir.resolve(FILE + ".tmp");
    try {
      JSON.writeValue(tmp.toFile(), manifest);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new MeshException(ExitCode.USAGE, "No model:" + model + " version " + version + ": " + file + " does not exist");
    }
    try {
      return JSON.readValue(file.toFile(), ModelManifest.class);
    } catch (IOException e) {
      throw new MeshException(ExitCode.USAGE, file + ": not a model manifest: " + e.getMessage(), e);
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
