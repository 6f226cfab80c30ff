package io.meshwork.testing;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One local SparkSession per test JVM, shared by every test class that uses this extension
 * ({@code @ExtendWith(SharedSpark.class)}, then take a {@link SparkSession} parameter in a
 * constructor, {@code @BeforeAll} or test method). Stopped when the JVM exits.
 */
public final class SharedSpark implements ParameterResolver {
  /** The shared session, created on first use: {@link LocalSpark}'s, the one domain tests get too. */
  public static SparkSession spark() {
    return LocalSpark.session();
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
