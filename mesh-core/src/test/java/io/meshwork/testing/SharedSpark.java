package io.meshwork.testing;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One local SparkSession per test JVM, shared by every test class that uses this extension
 * ({@code @ExtendWith(SharedSpark.class)}, then take a {@link SparkSession} parameter in a
 * constructor, {@code @BeforeAll} or test method). Stopped when the JVM exits. After each test
 * (and each class) it waits for Spark's listener bus to drain, so that what listeners write (the
 * SQL read audit) lands before JUnit deletes the test's temporary directories.
 */
public final class SharedSpark implements ParameterResolver, AfterEachCallback, AfterAllCallback {
  /** The shared session, created on first use: {@link LocalSpark}'s, the one domain tests get too. */
  public static SparkSession spark() {
    return LocalSpark.session();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    drain();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    drain();
  }

  private static void drain() {
    scala.Option<SparkSession> session = SparkSession.getDefaultSession();
    if (session.isEmpty()) {
      return;
    }
    try {
      session.get().sparkContext().listenerBus().waitUntilEmpty(60_000);
    } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
      // a stopped or busy context: nothing more to wait for here
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == SparkSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return spark();
  }
}
