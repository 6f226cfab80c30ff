package io.meshwork.core.read.internal;

import io.meshwork.core.model.ContractException;
import io.meshwork.core.read.Roles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.SparkSession;

/**
 * The secret key of {@code hash} masking (HMAC-SHA256), never written in a contract:
 *
 * <ol>
 *   <li>the environment variable {@value #ENV} (the driver's);
 *   <li>else the secrets file the Spark setting {@value #KEY_FILE_SETTING} names (the command line
 *       sets it from {@code mesh.masking.key-file} in {@code conf/mesh.conf});
 *   <li>else, in production ({@value #ENVIRONMENT_SETTING} {@code = production}, from
 *       {@code mesh.environment}), a configuration error (exit 2);
 *   <li>else a development key, made on first use at {@code ~/.meshwork/masking-dev.key} (or the
 *       system property {@code mesh.masking.dev-key}) and said so once on stderr.
 * </ol>
 */
public final class MaskingKeys {
  public static final String ENV = "MESH_MASKING_KEY";
  public static final String KEY_FILE_SETTING = "spark.meshwork.masking.key-file";
  public static final String ENVIRONMENT_SETTING = "spark.meshwork.environment";

  private static final AtomicBoolean SAID = new AtomicBoolean();

  private MaskingKeys() {}

  /** The key {@code spark}'s reads mask with. */
  public static byte[] key(SparkSession spark) {
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) {
      return env.strip().getBytes(StandardCharsets.UTF_8);
    }
    String file = Roles.setting(spark, KEY_FILE_SETTING);
    if (file != null) {
      return fromFile(Path.of(file));
    }
    if ("production".equals(Roles.setting(spark, ENVIRONMENT_SETTING))) {
      throw new ContractException(
          "No masking key: in production (mesh.environment = production) hash masking needs a secret key; set the environment variable "
              + ENV + " or name a secrets file in conf/mesh.conf (mesh.masking.key-file)");
    }
    return development();
  }

  private static byte[] fromFile(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (text.isEmpty()) {
        throw new ContractException("The masking key file " + file + " (mesh.masking.key-file) is empty");
      }
      return text.getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ContractException("The masking key file " + file + " (mesh.masking.key-file) cannot be read: " + e);
    }
  }

  private static synchronized byte[] development() {
    Path file = Path.of(System.getProperty("mesh.masking.dev-key", System.getProperty("user.home") + "/.meshwork/masking-dev.key"));
    try {
      boolean made = false;
      if (!Files.exists(file)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        // Written whole under another name, then linked into place: of two processes making the key
        // at once, one key wins and both read it.
        Path partial = Files.createTempFile(file.toAbsolutePath().getParent(), ".masking-dev", ".partial");
        try {
          Files.writeString(partial, HexFormat.of().formatHex(random) + "\n", StandardCharsets.UTF_8);
          try {
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
          } catch (UnsupportedOperationException notPosix) {
            // the file system has no POSIX permissions: the key is still for development only
          }
          Files.createLink(file, partial);
          made = true;
        } catch (java.nio.file.FileAlreadyExistsException another) {
          // another process made it first: use that one
        } finally {
          Files.deleteIfExists(partial);
        }
      }
      if (SAID.compareAndSet(false, true)) {
        System.err.println("warning: hash masking uses a development key " + (made ? "made now at " : "at ") + file
            + "; for development only (production: " + ENV + " or mesh.masking.key-file)");
      }
      return fromFile(file);
    } catch (IOException e) {
      throw new ContractException("Cannot make the development masking key " + file + ": " + e);
    }
  }
}
