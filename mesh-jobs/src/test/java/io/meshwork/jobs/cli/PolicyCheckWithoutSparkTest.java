package io.meshwork.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.governance.Governance;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code mesh policy check --all} over the sample conf/ in a class loader that has no Spark, Scala
 * or Deequ at all: if anything on the policy path touched them, this would fail with
 * NoClassDefFoundError. This is what keeps the check fast enough for a domain's CI.
 */
class PolicyCheckWithoutSparkTest {
  @Test
  void policyCheckNeedsNeitherSparkNorScala() throws Exception {
    URL[] classpath = {
      location(PolicyCommand.class), // mesh-jobs: the command, the sample custom policy and its service file
      location(Governance.class), // mesh-core
      location(Config.class), // typesafe-config
      location(CommandLine.class), // picocli
      location(com.fasterxml.jackson.core.io.JsonStringEncoder.class) // jackson-core: JSON string escaping
    };
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader isolated = new URLClassLoader(classpath, ClassLoader.getPlatformClassLoader())) {
      assertThat(isolated.loadClass(PolicyCommand.class.getName())).isNotSameAs(PolicyCommand.class);
      Thread.currentThread().setContextClassLoader(isolated); // where Governance looks for policies
      Class<?> cli = isolated.loadClass(CommandLine.class.getName());
      Object command = isolated.loadClass(PolicyCommand.class.getName()).getConstructor().newInstance();
      Object commandLine = cli.getConstructor(Object.class).newInstance(command);
      StringWriter out = new StringWriter();
      cli.getMethod("setOut", PrintWriter.class).invoke(commandLine, new PrintWriter(out, true));
      Method execute = cli.getMethod("execute", String[].class);

      Object code = execute.invoke(commandLine, (Object) new String[] {"check", "--all", "--conf", Path.of("..", "conf").toString()});

      int samples = new ContractRepository(Path.of("..", "conf")).list().size();
      assertThat(samples).isPositive();
      assertThat(out.toString()).isEqualTo("policy check: " + samples + " products, 0 errors, 0 warnings" + System.lineSeparator());
      assertThat(code).isEqualTo(0);
      assertThatNotLoadable(isolated, "org.apache.spark.sql.types.DataType");
      assertThatNotLoadable(isolated, "scala.Product");
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  private static void assertThatNotLoadable(ClassLoader loader, String name) {
    try {
      loader.loadClass(name);
      throw new AssertionError(name + " should not be visible to the isolated class loader");
    } catch (ClassNotFoundException expected) {
      // the check above really ran without it
    }
  }

  private static URL location(Class<?> c) throws Exception {
    return c.getProtectionDomain().getCodeSource().getLocation();
  }
}
