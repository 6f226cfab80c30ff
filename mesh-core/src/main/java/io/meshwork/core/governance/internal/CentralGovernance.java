package io.meshwork.core.governance.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.meshwork.core.contract.internal.ConfigErrors;
import io.meshwork.core.model.ContractException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a project's governance files are: its own {@code conf/} directory, or the organisation's
 * central governance that {@code mesh.governance.central} in {@code conf/mesh.conf} (or the system
 * property of that name) names — a directory holding {@code governance.conf}, {@code
 * identifiers.conf} and {@code reference/} (a relative path resolves against the project
 * directory, the parent of {@code conf/}), that directory's {@code governance.conf}, a {@code
 * file:} URI, or {@code classpath:<folder>}: the folder of a jar (or directory) on the classpath
 * holding {@code <folder>/governance.conf}, as a governance artifact published with Maven does.
 */
public final class CentralGovernance {
  /** The setting naming the central governance. */
  public static final String SETTING = "mesh.governance.central";

  private static final String CLASSPATH = "classpath:";

  /**
   * The governance files' directory of a project.
   *
   * @param dir the directory holding {@code governance.conf} (on the default file system, or a
   *     jar's, for a classpath artifact)
   * @param central whether it is the central governance rather than the project's own {@code conf/}
   * @param origin the setting as written, with where ({@code <file>:<line>}); null when not central
   */
  public record Source(Path dir, boolean central, String origin) {}

  private CentralGovernance() {}

  /**
   * Resolves {@code mesh.governance.central} for the project of {@code confDir}.
   *
   * @throws ContractException (exit 2) at the setting's file and line when it names no governance
   */
  public static Source resolve(Path confDir) {
    Path meshConf = confDir.resolve("mesh.conf");
    String value = null;
    String where = null;
    String property = System.getProperty(SETTING);
    if (property != null) {
      value = property;
      where = "-D" + SETTING;
    } else if (Files.isRegularFile(meshConf)) {
      Config config;
      try {
        config = ConfigFactory.parseFile(meshConf.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
      } catch (ConfigException e) {
        throw new ContractException(ConfigErrors.problem(meshConf, e));
      }
      if (config.hasPath(SETTING)) {
        ConfigValue v = config.getValue(SETTING);
        where = meshConf + ":" + ConfigErrors.line(v.origin());
        if (v.valueType() != ConfigValueType.STRING) {
          throw new ContractException(where + ": " + SETTING + " must be a path, a file: URI or classpath:<folder>");
        }
        value = (String) v.unwrapped();
      }
    }
    if (value == null || value.isBlank()) {
      return new Source(confDir, false, null);
    }
    String origin = SETTING + " = \"" + value + "\" (" + where + ")";
    Path dir = value.startsWith(CLASSPATH) ? classpath(value.substring(CLASSPATH.length()), where) : directory(confDir, value, where);
    return new Source(dir, true, origin);
  }

  private static Path directory(Path confDir, String value, String where) {
    Path path;
    if (value.startsWith("file:")) {
      try {
        path = Path.of(new URI(value));
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new ContractException(where + ": " + SETTING + ": '" + value + "' is not a file: URI (" + e.getMessage() + ")");
      }
    } else {
      Path project = confDir.toAbsolutePath().normalize().getParent();
      path = project == null ? Path.of(value) : project.resolve(value);
    }
    path = path.toAbsolutePath().normalize();
    if (Files.isRegularFile(path) && path.getFileName().toString().equals("governance.conf")) {
      path = path.getParent();
    }
    if (!Files.isRegularFile(path.resolve("governance.conf"))) {
      throw new ContractException(
          where + ": " + SETTING + ": the central governance " + path + " has no governance.conf"
              + (Files.isDirectory(path) ? "" : " (no such directory)"));
    }
    return path;
  }

  private static Path classpath(String folder, String where) {
    String prefix = folder.replaceAll("^/+|/+$", "");
    String resource = (prefix.isEmpty() ? "" : prefix + "/") + "governance.conf";
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    URL url = (loader != null ? loader : CentralGovernance.class.getClassLoader()).getResource(resource);
    if (url == null) {
      throw new ContractException(
          where + ": " + SETTING + ": no resource " + resource + " on the classpath (add the governance artifact as a dependency)");
    }
    try {
      URI uri = url.toURI();
      if (uri.getScheme().equals("jar")) {
        FileSystem fs;
        try {
          fs = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          fs = FileSystems.getFileSystem(uri);
        }
        // The jar's file system stays open: the policies read it for the life of the process.
        return fs.provider().getPath(uri).getParent();
      }
      return Path.of(uri).getParent();
    } catch (URISyntaxException | IOException | RuntimeException e) {
      throw new ContractException(where + ": " + SETTING + ": cannot open " + url + ": " + e);
    }
  }

  /** How a governance file is named in messages: its path, or its URI inside a jar. */
  public static String display(Path file) {
    return file.getFileSystem() == FileSystems.getDefault() ? file.toString() : file.toUri().toString();
  }
}
