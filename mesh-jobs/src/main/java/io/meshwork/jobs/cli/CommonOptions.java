package io.meshwork.jobs.cli;

import io.meshwork.core.Mesh;
import io.meshwork.jobs.Platform;
import io.meshwork.jobs.internal.Runs;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** Options every command shares: where the project's conf/ and the warehouse are. */
public final class CommonOptions implements Runs.Setup {
  @Option(names = "--conf", paramLabel = "DIR", description = "The project's configuration directory (default: ${DEFAULT-VALUE}).", defaultValue = "conf")
  Path conf;

  @Option(names = "--warehouse", paramLabel = "DIR|URI", description = "The warehouse: a directory or a Hadoop filesystem URI such as s3a://bucket/mesh (default: mesh.warehouse in conf/mesh.conf, else ./warehouse).")
  String warehouse;

  private Platform platform;
  private SparkSession spark;
  private java.util.function.Function<java.util.Map<String, String>, java.util.Map<String, String>> sessionSettings = conf -> java.util.Map.of();

  /**
   * Names the Meshwork run this command line is, for the openlineage-spark listener of the session
   * it starts (settings computed from the session's own, see {@link io.meshwork.lineage.OpenLineageListener#sparkListenerSettings}).
   */
  void sessionSettings(java.util.function.Function<java.util.Map<String, String>, java.util.Map<String, String>> settings) {
    this.sessionSettings = settings;
  }

  @Override
  public Platform platform() {
    if (platform == null) {
      platform = Platform.load(conf);
      io.meshwork.core.read.Roles.usePlatformSettings(platform.accessSettings()); // roles.conf, masking key, environment
    }
    return platform;
  }

  public SparkSession spark() {
    if (spark == null) {
      spark = platform().spark(sessionSettings);
    }
    return spark;
  }

  @Override
  public Mesh mesh() {
    return Mesh.open(spark(), platform().warehouse(warehouse));
  }
}
