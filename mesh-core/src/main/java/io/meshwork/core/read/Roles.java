package io.meshwork.core.read;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.meshwork.core.contract.internal.ConfigErrors;
import io.meshwork.core.model.AccessDeniedException;
import io.meshwork.core.model.AccessPolicy;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.Problem;
import io.meshwork.core.model.ProductId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.SparkSession;

/**
 * The roles each Spark user holds: {@code conf/roles.conf}. Roles are granted here, not claimed: a
 * session chooses among its user's roles ({@code spark.meshwork.role}, {@code --role},
 * {@link io.meshwork.core.Mesh#as(String)}), and a product publishes only under a user holding its owning team.
 *
 * <pre>
 * users {
 *   alice = [analyst]
 *   etl   = [crm-data, sales-data]      # the account scheduled runs use
 * }
 * </pre>
 *
 * <p>The file is named by the Spark setting {@value #ROLES_SETTING} (the command line sets it to
 * {@code <conf>/roles.conf} when that exists). A setting of the Spark application (spark-submit,
 * spark-defaults) wins over one of the session. Without it every role may be chosen, with a
 * warning, once, that this is for development only.
 */
public final class Roles {
  /** The Spark setting naming the roles file. */
  public static final String ROLES_SETTING = "spark.meshwork.roles";
  /** The Spark session setting choosing the role a session reads as. */
  public static final String ROLE_SETTING = "spark.meshwork.role";
  /** What the development warning says. */
  public static final String DEVELOPMENT_WARNING =
      "warning: no roles.conf (" + ROLES_SETTING + "): any role may be chosen and any user may publish; for development only";

  private static final Map<String, Roles> LOADED = new ConcurrentHashMap<>();
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private final Path file;
  private final long modified;
  private final Map<String, List<String>> users;

  private Roles(Path file, long modified, Map<String, List<String>> users) {
    this.file = file;
    this.modified = modified;
    this.users = users;
  }

  /**
   * Reads a roles file.
   *
   * @throws ContractException (exit 2) naming the file and line of what is wrong, or a missing file
   */
  public static Roles load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ContractException(Problem.at(file, 1, "roles file not found (" + ROLES_SETTING + ")"));
    }
    long modified = file.toFile().lastModified();
    Roles cached = LOADED.get(file.toAbsolutePath().toString());
    if (cached != null && cached.modified == modified) {
      return cached;
    }
    Config config;
    try {
      config = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw new ContractException(ConfigErrors.problem(file, e));
    }
    List<Problem> problems = new ArrayList<>();
    Map<String, List<String>> users = new TreeMap<>();
    for (String key : config.root().keySet()) {
      if (!key.equals("users")) {
        problems.add(ConfigErrors.problem(file, config.root().get(key).origin(), "unknown key '" + key + "' (expected: users { <user> = [<role>, ...] })"));
      }
    }
    if (config.hasPath("users") && config.getValue("users").valueType() == ConfigValueType.OBJECT) {
      for (Map.Entry<String, ConfigValue> e : config.getObject("users").entrySet()) {
        if (!(e.getValue() instanceof ConfigList list)) {
          problems.add(ConfigErrors.problem(file, e.getValue().origin(), "users." + e.getKey() + " must be a list of roles"));
          continue;
        }
        List<String> roles = new ArrayList<>();
        for (ConfigValue v : list) {
          String role = v.valueType() == ConfigValueType.STRING ? (String) v.unwrapped() : null;
          if (role == null || !AccessPolicy.ROLE.matcher(role).matches()) {
            problems.add(ConfigErrors.problem(file, v.origin(), "users." + e.getKey() + " holds " + (role == null ? v.render() : "'" + role + "'")
                + ", which is not a role name (a lower-case letter, then lower-case letters, digits, '-' or '_')"));
          } else {
            roles.add(role);
          }
        }
        users.put(e.getKey(), List.copyOf(roles));
      }
    } else if (config.hasPath("users")) {
      problems.add(ConfigErrors.problem(file, config.getValue("users").origin(), "users must be an object: users { <user> = [<role>, ...] }"));
    }
    if (!problems.isEmpty()) {
      throw new ContractException(problems);
    }
    Roles roles = new Roles(file, modified, users);
    LOADED.put(file.toAbsolutePath().toString(), roles);
    return roles;
  }


  /**
   * The roles file {@code spark}'s settings name ({@value #ROLES_SETTING}: the application's
   * setting, else the session's); empty in development, where any role may be chosen.
   */
  public static Optional<Roles> of(SparkSession spark) {
    String file = setting(spark, ROLES_SETTING);
    return file == null ? Optional.empty() : Optional.of(load(Path.of(file)));
  }

  /**
   * A Spark setting: the application's (spark-submit, spark-defaults) first, else the session's,
   * else the platform's ({@link #usePlatformSettings}); null when none is set or it is blank.
   */
  public static String setting(SparkSession spark, String key) {
    scala.Option<String> app = spark.sparkContext().getConf().getOption(key);
    String value = app.isDefined() ? app.get() : spark.conf().get(key, null);
    if (value == null || value.isBlank()) {
      value = platform.get(key);
    }
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static volatile Map<String, String> platform = Map.of();

  /**
   * The settings of the project a command line runs for ({@code roles.conf} in its conf directory,
   * the masking key file, the environment), below the Spark application's and the session's; the
   * command line sets them for the duration of one command.
   */
  public static void usePlatformSettings(Map<String, String> settings) {
    platform = Map.copyOf(settings);
  }

  /** The session's authenticated user (Spark's user: {@code SPARK_USER}, else the Hadoop login user). */
  public static String user(SparkSession spark) {
    return spark.sparkContext().sparkUser();
  }

  /** The roles {@code user} holds; empty when the file does not name the user. */
  public List<String> rolesOf(String user) {
    return users.getOrDefault(user, List.of());
  }

  /** The roles file. */
  public Path file() {
    return file;
  }

  /**
   * Refuses (exit 4) a role the session's user does not hold; in development (no roles file) says
   * once, on stderr, that any role may be chosen.
   */
  public static void requireHeld(SparkSession spark, String role) {
    Optional<Roles> roles = of(spark);
    String user = user(spark);
    if (roles.isEmpty()) {
      developmentWarning();
      return;
    }
    List<String> held = roles.get().rolesOf(user);
    if (!held.contains(role)) {
      throw new AccessDeniedException(
          "User '" + user + "' does not hold role '" + role + "' (" + roles.get().file() + " grants "
              + (held.isEmpty() ? "no roles" : "the roles " + String.join(", ", held)) + ")");
    }
  }

  /**
   * Refuses (exit 4) a publish of {@code product} unless the session's user holds the owning team's
   * role; in development (no roles file) says once that any user may publish.
   */
  public static void requirePublisher(SparkSession spark, ProductId product, String ownerTeam) {
    Optional<Roles> roles = of(spark);
    if (roles.isEmpty()) {
      developmentWarning();
      return;
    }
    String user = user(spark);
    List<String> held = roles.get().rolesOf(user);
    if (ownerTeam == null || !held.contains(ownerTeam)) {
      throw new AccessDeniedException(
          "Publish of " + product + " refused for user '" + user + "': only its owner, team '" + ownerTeam + "', publishes it ("
              + roles.get().file() + " grants " + user + " " + (held.isEmpty() ? "no roles" : String.join(", ", held)) + ")");
    }
  }

  private static void developmentWarning() {
    if (WARNED.compareAndSet(false, true)) {
      System.err.println(DEVELOPMENT_WARNING);
    }
  }
}
