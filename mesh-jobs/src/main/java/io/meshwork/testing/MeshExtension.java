package io.meshwork.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension for a domain's product tests: resolves a {@link ProductHarness} parameter
 * (the project's contracts, the shared {@link LocalSpark} session and a temporary warehouse of
 * each test's own, deleted after it) and a {@link SparkSession} parameter.
 *
 * <p>{@code @ExtendWith(MeshExtension.class)} reads the contracts of {@code conf/} under the working
 * directory (the project root under Maven), or of the system property {@code mesh.conf}; {@code
 * @RegisterExtension static final MeshExtension mesh = MeshExtension.forConf("path/to/conf")} names
 * another directory.
 */
public final class MeshExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MeshExtension.class);
  private final Path confDir;

  /** The contracts of {@code conf/} (or of the system property {@code mesh.conf}). */
  public MeshExtension() {
    this(Path.of(System.getProperty("mesh.conf", "conf")));
  }

  private MeshExtension(Path confDir) {
    this.confDir = confDir;
  }

  /** The contracts of {@code confDir}. */
  public static MeshExtension forConf(String confDir) {
    return new MeshExtension(Path.of(confDir));
  }

  /** The contracts of {@code confDir}. */
  public static MeshExtension forConf(Path confDir) {
    return new MeshExtension(confDir);
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    Class<?> type = p.getParameter().getType();
    return type == ProductHarness.class || type == SparkSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    if (p.getParameter().getType() == SparkSession.class) {
      return LocalSpark.session();
    }
    TempWarehouse warehouse = e.getStore(NS).getOrComputeIfAbsent("warehouse", k -> TempWarehouse.create(), TempWarehouse.class);
    return ProductHarness.of(confDir, warehouse.path);
  }

  /** A warehouse directory for one test (or test class), deleted when its scope ends. */
  private static final class TempWarehouse implements ExtensionContext.Store.CloseableResource {
    final Path path;

    private TempWarehouse(Path path) {
      this.path = path;
    }

    static TempWarehouse create() {
      try {
        return new TempWarehouse(Files.createTempDirectory("mesh-test-warehouse-").resolve("warehouse"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws IOException {
      try { // what Spark's listeners (the SQL read audit) still write lands before the directory goes
        LocalSpark.session().sparkContext().listenerBus().waitUntilEmpty(60_000);
      } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
        // nothing more to wait for
      }
      FileSystem.getLocal(new Configuration()).delete(new org.apache.hadoop.fs.Path(path.getParent().toUri()), true);
    }
  }
}
