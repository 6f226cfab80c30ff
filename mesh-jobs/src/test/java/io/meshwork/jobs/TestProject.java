package io.meshwork.jobs;

import io.meshwork.core.publish.Faults;
import io.meshwork.jobs.cli.MeshCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A throw-away project directory (conf/, data, warehouse/) driven through the mesh command line in this JVM. */
public final class TestProject {
  /** finance.totals: one row counting and summing the sales.orders product it reads. */
  public static final String TOTALS =
      """
      product {
        domain = finance
        name = totals
        version = "1.0.0"
        inputs.products = [ sales.orders ]
        sql = "SELECT CAST(count(*) AS BIGINT) AS orders, CAST(sum(amount) AS DECIMAL(22,2)) AS total FROM orders"
        schema.columns = [ { name = orders, type = bigint }, { name = total, type = "decimal(22,2)" } ]
        quality.constraints = [ { check = row-count, min = 1, max = 1 } ]
      }
      """;

  /** A small valid contract for sales.orders reading data/orders.csv (order_id, amount). */
  public static final String ORDERS =
      """
      product {
        domain = sales
        name = orders
        version = "1.0.0"
        description = "Orders."
        owner { team = sales-data, email = "sales-data@example.com" }
        inputs { sources { raw_orders { path = "data/orders.csv", format = csv } } }
        sql = "SELECT order_id, CAST(amount AS DECIMAL(12,2)) AS amount FROM raw_orders"
        schema {
          columns = [
            { name = order_id, type = string, nullable = false, description = "Order id", classification = internal }
            { name = amount, type = "decimal(12,2)", nullable = false, description = "Amount", classification = internal }
          ]
          primary-key = [order_id]
        }
        quality.constraints = [
          { check = unique, columns = [order_id] }
          { check = complete, column = amount }
          { check = row-count, min = 1 }
          { check = range, column = amount, min = 0 }
        ]
        sla.freshness = 24h
      }
      """;

  /** What a command printed and how it exited. */
  public record Result(int code, String out, String err) {}

  private final Path root;

  public TestProject(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path warehouse() {
    return root.resolve("warehouse");
  }

  public Path file(String relative) {
    return root.resolve(relative);
  }

  public TestProject write(String relative, String text) {
    try {
      Path p = root.resolve(relative);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code mesh <args> --conf <root>/conf --warehouse <root>/warehouse}. */
  public Result mesh(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--conf";
    all[args.length + 1] = root.resolve("conf").toString();
    all[args.length + 2] = "--warehouse";
    all[args.length + 3] = warehouse().toString();
    return execute(all);
  }

  /**
   * The lineage events of a local lineage directory in the order they were written: one object
   * each under {@code events/}, after the lines of any single-file log of earlier releases.
   */
  public static List<String> lineageEvents(Path lineageDir) {
    List<String> events = new ArrayList<>();
    for (io.meshwork.lineage.internal.LineageObjects.Stored e : io.meshwork.lineage.internal.LineageObjects.readAll(io.meshwork.core.storage.Storage.location(lineageDir))) {
      events.add(e.json());
    }
    return events;
  }

  /** The lineage events of a local lineage directory as one JSON-lines file {@code out} (for tools that read JSONL). */
  public static Path lineageJsonl(Path lineageDir, Path out) {
    try {
      Files.createDirectories(out.getParent());
      Files.write(out, lineageEvents(lineageDir));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code mesh <args>} as given ({@link MeshCli#execute}), capturing what it prints. */
  public static Result execute(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = MeshCli.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  /**
   * Runs {@code mesh <args>} in a new JVM with this test's classpath, JVM flags and log
   * configuration (conf/log4j2.properties, as bin/mesh has), on {@code local[1]}, capturing what it
   * prints. {@code jvmOptions} come before the main class ({@code -Dname=value}).
   */
  public static Result executeInChildJvm(Path workDir, List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (flag.startsWith("--add-opens") || flag.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || flag.startsWith("-XX:TieredStopAtLevel") || flag.startsWith("-Djdk.reflect")) {
        command.add(flag);
      }
    }
    String logConf = System.getProperty("log4j2.configurationFile");
    if (logConf != null) {
      command.add("-Dlog4j2.configurationFile=" + logConf);
    }
    command.addAll(jvmOptions);
    command.addAll(List.of("-Dmesh.spark.master=local[1]", "-cp", System.getProperty("java.class.path"), MeshCli.class.getName()));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(workDir, "child", ".out");
      Path err = Files.createTempFile(workDir, "child", ".err");
      ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      pb.environment().remove("MESH_DEBUG");
      pb.environment().remove(Faults.ENV);
      Process p = pb.start();
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("the child mesh command did not end within 180 s; stderr: " + Files.readString(err));
      }
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the child mesh command", e);
    }
  }
}
