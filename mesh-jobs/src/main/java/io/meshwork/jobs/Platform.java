package io.meshwork.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.contract.internal.ConfigErrors;
import io.meshwork.core.contract.internal.Suggestions;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.Problem;
import io.meshwork.core.storage.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The platform configuration of a project: {@code conf/mesh.conf} layered over the jars'
 * {@code reference.conf}, with {@code -D} system properties on top (typesafe-config's usual
 * order). Also creates the SparkSession a command line run uses.
 */
public final class Platform {
  private final Path confDir;
  private final Config config;

  private Platform(Path confDir, Config config) {
    this.confDir = confDir;
    this.config = config;
  }

  /**
   * Loads {@code <confDir>/mesh.conf} (optional).
   *
   * @throws ContractException (exit 2) naming file and line when the file does not parse
   */
  public static Platform load(Path confDir) {
    Path file = confDir.resolve("mesh.conf");
    Config fileConfig = ConfigFactory.empty();
    if (Files.exists(file)) {
      try {
        fileConfig = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      } catch (ConfigException e) {
        throw new ContractException(ConfigErrors.problem(file, e));
      }
    }
    Config reference = ConfigFactory.defaultReference();
    List<Problem> problems = checkMeshKeys(file, fileConfig, reference);
    if (!problems.isEmpty()) {
      throw new ContractException(problems);
    }
    try {
      Config config = ConfigFactory.systemProperties().withFallback(fileConfig).withFallback(reference).resolve();
      return new Platform(confDir, config);
    } catch (ConfigException e) {
      throw new ContractException(ConfigErrors.problem(file, e));
    }
  }

  /**
   * The {@code mesh.*} keys of the platform file: each must be one the jars define (a misspelt key
   * would otherwise be silently ignored) and of its type.
   */
  private static List<Problem> checkMeshKeys(Path file, Config fileConfig, Config reference) {
    List<Problem> problems = new ArrayList<>();
    if (!fileConfig.hasPath("mesh")) {
      return problems;
    }
    Set<String> known = new TreeSet<>();
    reference.getConfig("mesh").entrySet().forEach(e -> known.add("mesh." + e.getKey()));
    Map<String, ConfigValue> given = new TreeMap<>();
    fileConfig.getConfig("mesh").entrySet().forEach(e -> given.put("mesh." + e.getKey(), e.getValue()));
    for (Map.Entry<String, ConfigValue> e : given.entrySet()) {
      String key = e.getKey();
      ConfigValue value = e.getValue();
      if (key.startsWith("mesh.notify.teams.")) {
        continue; // one entry per team: mesh.notify.teams.<team>.webhook
      }
      if (!known.contains(key)) {
        problems.add(ConfigErrors.problem(file, value.origin(), "unknown key '" + key + "'" + Suggestions.hint(key, known, "known keys")));
        continue;
      }
      ConfigValueType expected = reference.getValue(key).valueType();
      Object raw = value.unwrapped();
      if (expected == ConfigValueType.NUMBER && !(raw instanceof Number) && !String.valueOf(raw).matches("-?\\d+(\\.\\d+)?")) {
        problems.add(ConfigErrors.problem(file, value.origin(), key + ": '" + raw + "' is not a number"));
      } else if (expected == ConfigValueType.BOOLEAN && !(raw instanceof Boolean) && !String.valueOf(raw).matches("true|false|yes|no|on|off")) {
        problems.add(ConfigErrors.problem(file, value.origin(), key + ": '" + raw + "' is not true or false"));
      }
    }
    return problems;
  }

  public Config config() {
    return config;
  }

  public Path confDir() {
    return confDir;
  }

  public ContractRepository contracts() {
    return new ContractRepository(confDir);
  }

  /**
   * The warehouse: the explicit one when given, else {@code mesh.warehouse}; a local path or any
   * Hadoop filesystem URI ({@code s3a://bucket/mesh}, {@code abfss://…}, {@code gs://…}, {@code hdfs://…}).
   */
  public Warehouse warehouse(String explicit) {
    return Warehouse.at(explicit != null && !explicit.isBlank() ? explicit : config.getString("mesh.warehouse"));
  }

  /**
   * The session settings of access control: {@code spark.meshwork.roles} ({@code <conf>/roles.conf},
   * when it exists), {@code spark.meshwork.masking.key-file} ({@code mesh.masking.key-file}) and
   * {@code spark.meshwork.environment} ({@code mesh.environment}), which the command line uses for
   * the duration of a command ({@link io.meshwork.core.read.Roles#usePlatformSettings}). Settings of the
   * Spark application (spark-submit {@code --conf}) win over these (see {@link io.meshwork.core.read.Roles#setting}).
   */
  public Map<String, String> accessSettings() {
    Map<String, String> settings = new java.util.LinkedHashMap<>();
    Path roles = confDir.resolve("roles.conf");
    if (Files.isRegularFile(roles)) {
      settings.put(io.meshwork.core.read.Roles.ROLES_SETTING, roles.toAbsolutePath().normalize().toString());
    }
    String keyFile = config.getString("mesh.masking.key-file");
    if (!keyFile.isBlank()) {
      settings.put(io.meshwork.core.read.internal.MaskingKeys.KEY_FILE_SETTING, Path.of(keyFile).toAbsolutePath().normalize().toString());
    }
    settings.put(io.meshwork.core.read.internal.MaskingKeys.ENVIRONMENT_SETTING, config.getString("mesh.environment"));
    return settings;
  }

  /**
   * The session for a command line run. Under {@code spark-submit} the master and other settings
   * come from there; otherwise {@code mesh.spark.master} (default {@code local[*]}).
   */
  public SparkSession spark() {
    return spark(conf -> Map.of());
  }

  /**
   * As {@link #spark()}, starting a new session (not one already running in this JVM) with the
   * settings {@code extra} computes from the settings it would otherwise start with.
   */
  public SparkSession spark(java.util.function.Function<Map<String, String>, Map<String, String>> extra) {
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName(config.getString("mesh.spark.app-name"));
    if (!conf.contains("spark.master")) {
      builder.master(config.getString("mesh.spark.master"));
      builder.config("spark.ui.enabled", config.getString("mesh.spark.ui-enabled"));
      builder.config("spark.driver.host", "127.0.0.1");
      builder.config("spark.driver.bindAddress", "127.0.0.1");
    }
    builder
        .config("spark.sql.shuffle.partitions", config.getString("mesh.spark.shuffle-partitions"))
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.databricks.delta.snapshotPartitions", config.getString("mesh.spark.shuffle-partitions"));
    if (SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty()) {
      Map<String, String> current = new java.util.HashMap<>();
      for (scala.Tuple2<String, String> kv : conf.getAll()) {
        current.put(kv._1(), kv._2());
      }
      extra.apply(current).forEach(builder::config);
    }
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel(config.getString("mesh.spark.log-level"));
    return spark;
  }
}
