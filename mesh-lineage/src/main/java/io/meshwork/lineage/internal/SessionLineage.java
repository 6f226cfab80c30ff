package io.meshwork.lineage.internal;

import java.net.URI;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Spark session tells the lineage of its runs: the orchestrator's parent and root run
 * (the {@code spark.openlineage.parent*} and {@code spark.openlineage.rootParent*} settings that
 * Airflow's OpenLineage provider passes, and openlineage-spark reads) and the namespace of the
 * metastore the products are registered in.
 *
 * @param parent the orchestrator run Meshwork's runs belong to, or null
 * @param root the root of the orchestrator's run hierarchy: the parent when no root is given; null
 *     without a parent
 * @param metastoreNamespace the symlink namespace of a table in the session's Hive metastore
 *     ({@code hive://host:port} for a metastore service, else the Spark SQL warehouse location);
 *     null without Hive support
 */
public record SessionLineage(RunRef parent, RunRef root, String metastoreNamespace) {
  private static final Logger LOG = LoggerFactory.getLogger(SessionLineage.class);

  private static final String OPENLINEAGE_PREFIX = "spark.openlineage.";
  public static final String PARENT_JOB_NAMESPACE = "spark.openlineage.parentJobNamespace";
  public static final String PARENT_JOB_NAME = "spark.openlineage.parentJobName";
  public static final String PARENT_RUN_ID = "spark.openlineage.parentRunId";
  public static final String ROOT_PARENT_JOB_NAMESPACE = "spark.openlineage.rootParentJobNamespace";
  public static final String ROOT_PARENT_JOB_NAME = "spark.openlineage.rootParentJobName";
  public static final String ROOT_PARENT_RUN_ID = "spark.openlineage.rootParentRunId";

  /**
   * Set by Meshwork when it names its own run in {@code spark.openlineage.parent*} for the
   * openlineage-spark listener: the orchestrator's settings, if any, are then kept under this
   * prefix ({@code spark.meshwork.lineage.parentJobNamespace}, ...).
   */
  public static final String MESHWORK_PREFIX = "spark.meshwork.lineage.";

  public static final String MESHWORK_RUN = MESHWORK_PREFIX + "runId";

  /** No orchestrator, no metastore. */
  public static final SessionLineage NONE = new SessionLineage(null, null, null);

  /** One run of one job, as a parent facet names it. */
  public record RunRef(String namespace, String name, UUID runId) {}

  /** Read from the session's configuration (which carries the SparkConf it was built with). */
  public static SessionLineage of(SparkSession spark) {
    return from(key -> spark.conf().get(key, null));
  }

  /**
   * Read from a configuration lookup (null for a missing key). A parent needs all three settings;
   * a partial or malformed one is ignored with a warning, and so is a partial root (the parent is
   * then the root).
   */
  public static SessionLineage from(Function<String, String> settings) {
    // When Meshwork named its own run for the listener, the orchestrator's settings sit under its prefix.
    // (Only while the parent run is still Meshwork's own: settings made later name another parent.)
    String own = settings.apply(MESHWORK_RUN);
    Function<String, String> conf =
        own == null || !own.equals(settings.apply(PARENT_RUN_ID))
            ? settings
            : key -> key.startsWith(OPENLINEAGE_PREFIX) ? settings.apply(MESHWORK_PREFIX + key.substring(OPENLINEAGE_PREFIX.length())) : settings.apply(key);
    RunRef parent = ref(conf, PARENT_JOB_NAMESPACE, PARENT_JOB_NAME, PARENT_RUN_ID);
    RunRef root = parent == null ? null : ref(conf, ROOT_PARENT_JOB_NAMESPACE, ROOT_PARENT_JOB_NAME, ROOT_PARENT_RUN_ID);
    return new SessionLineage(parent, root != null ? root : parent, metastoreNamespace(conf));
  }

  /**
   * The settings that make {@code run} the parent of the openlineage-spark listener's application
   * run: {@code spark.openlineage.parent*} name it, {@code rootParent*} the orchestrator's root (or
   * {@code run} itself without an orchestrator), and the orchestrator's own settings move under
   * {@link #MESHWORK_PREFIX} so that Meshwork's events still name the orchestrator as parent.
   */
  public static java.util.Map<String, String> listenerSettings(Function<String, String> settings, RunRef run) {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    SessionLineage orchestrator = from(settings);
    if (orchestrator.parent() != null) {
      RunRef p = orchestrator.parent();
      RunRef r = orchestrator.root();
      out.put(MESHWORK_PREFIX + "parentJobNamespace", p.namespace());
      out.put(MESHWORK_PREFIX + "parentJobName", p.name());
      out.put(MESHWORK_PREFIX + "parentRunId", p.runId().toString());
      out.put(MESHWORK_PREFIX + "rootParentJobNamespace", r.namespace());
      out.put(MESHWORK_PREFIX + "rootParentJobName", r.name());
      out.put(MESHWORK_PREFIX + "rootParentRunId", r.runId().toString());
    }
    RunRef root = orchestrator.root() != null ? orchestrator.root() : run;
    out.put(MESHWORK_RUN, run.runId().toString());
    out.put(PARENT_JOB_NAMESPACE, run.namespace());
    out.put(PARENT_JOB_NAME, run.name());
    out.put(PARENT_RUN_ID, run.runId().toString());
    out.put(ROOT_PARENT_JOB_NAMESPACE, root.namespace());
    out.put(ROOT_PARENT_JOB_NAME, root.name());
    out.put(ROOT_PARENT_RUN_ID, root.runId().toString());
    return out;
  }

  private static RunRef ref(Function<String, String> conf, String namespaceKey, String nameKey, String runIdKey) {
    String namespace = blankToNull(conf.apply(namespaceKey));
    String name = blankToNull(conf.apply(nameKey));
    String runId = blankToNull(conf.apply(runIdKey));
    if (namespace == null && name == null && runId == null) {
      return null;
    }
    if (namespace == null || name == null || runId == null) {
      LOG.warn("Ignoring the parent run of {}, {} and {}: all three are needed, found namespace={}, name={}, runId={}", namespaceKey, nameKey, runIdKey, namespace, name, runId);
      return null;
    }
    try {
      return new RunRef(namespace, name, UUID.fromString(runId));
    } catch (IllegalArgumentException e) {
      LOG.warn("Ignoring the parent run of {}: '{}' is not a UUID", runIdKey, runId);
      return null;
    }
  }

  private static String metastoreNamespace(Function<String, String> conf) {
    if (!"hive".equals(String.valueOf(conf.apply("spark.sql.catalogImplementation")).toLowerCase(Locale.ROOT))) {
      return null;
    }
    String uris = blankToNull(conf.apply("spark.sql.hive.metastore.uris"));
    if (uris == null) {
      uris = blankToNull(conf.apply("spark.hadoop.hive.metastore.uris"));
    }
    if (uris != null) {
      try {
        URI first = URI.create(uris.split(",")[0].trim());
        return "hive://" + first.getHost() + (first.getPort() > 0 ? ":" + first.getPort() : "");
      } catch (IllegalArgumentException e) {
        LOG.warn("Ignoring the metastore URI '{}': {}", uris, e.getMessage());
      }
    }
    String warehouse = blankToNull(conf.apply("spark.sql.warehouse.dir"));
    if (warehouse == null) {
      return null;
    }
    String location = warehouse.contains(":") ? warehouse : java.nio.file.Path.of(warehouse).toAbsolutePath().normalize().toUri().toString();
    return location.replaceAll("/+$", "");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
