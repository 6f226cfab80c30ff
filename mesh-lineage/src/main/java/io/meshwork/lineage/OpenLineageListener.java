package io.meshwork.lineage;

import com.typesafe.config.Config;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.spi.RunInfo;
import io.meshwork.core.spi.RunListener;
import io.meshwork.core.spi.RunOutcome;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.lineage.internal.EventSink;
import io.meshwork.lineage.internal.EventSinks;
import io.meshwork.lineage.internal.LineageSettings;
import io.meshwork.lineage.internal.RunEvents;
import io.meshwork.lineage.internal.SessionLineage;
import io.openlineage.client.OpenLineage;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits an <a href="https://openlineage.io">OpenLineage</a> run event for every product run:
 * {@code START} when it starts, then {@code COMPLETE} when it published or {@code FAIL} (with an
 * {@code errorMessage} run facet) when it did not.
 *
 * <pre>{@code
 * RunListener lineage = OpenLineageListener.fromConfig(ConfigFactory.load(), Warehouse.at(root));
 * }</pre>
 *
 * <p><b>Naming.</b> Job namespace {@code meshwork.<domain>}, job name {@code <domain>.<name>}, run
 * id = {@link RunInfo#runId()}. A run started by {@code run --all} carries a {@code parent} run
 * facet naming job {@code meshwork} / {@code run-all} and that run's id (whose own events this
 * listener emits too); a run under an orchestrator ({@link #fromConfig(Config, Warehouse,
 * SparkSession)}) names the orchestrator's run as parent and root. Datasets are named by their
 * storage location as the OpenLineage naming spec says (namespace {@code file} and the absolute
 * path on a local disk; {@code s3://bucket} and the key; {@code hdfs://host:port} and the path),
 * the way openlineage-spark names them; a product's dataset also has a {@code symlinks} facet with
 * its {@code domain.name} (type {@code TABLE}, namespace = the warehouse URI) and, with a Hive
 * metastore, its table name there. Input products carry the data version read in a
 * {@code version} facet.
 *
 * <p><b>Output facets.</b> {@code symlinks}, {@code schema} (contract columns), {@code dataSource} (the warehouse),
 * {@code ownership}, {@code documentation}, {@code dataQualityAssertions} (one per constraint, once
 * verified), the custom {@code meshContract} facet (contract version, sha256, freshness SLA,
 * product), and on {@code COMPLETE} only {@code version} (the Delta version published) and the
 * {@code outputStatistics} output facet (row count).
 *
 * <p><b>Never fails a job.</b> Every exception inside {@link #started}, {@link #finished} and
 * {@link #flush} is caught and logged as a warning. With the HTTP transport, an event the endpoint
 * does not accept is written as a new object to {@code spool/} in the lineage directory; {@link #flush()}
 * resends it later. Thread-safe.
 */
public final class OpenLineageListener implements RunListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OpenLineageListener.class);

  private final RunEvents events;
  private final EventSink sink;

  private OpenLineageListener(RunEvents events, EventSink sink) {
    this.events = events;
    this.sink = sink;
  }

  /**
   * A listener configured by the {@code lineage} block of {@code config} (documented in this
   * module's {@code reference.conf}, which supplies every default).
   *
   * @param warehouse the warehouse whose products are run: the namespace of their datasets, and
   *     {@code <warehouse>/_mesh/lineage} is the default event directory
   * @throws io.meshwork.core.model.ContractException when the block is invalid, listing every problem as
   *     {@code <file>:<line>: lineage.<key>: <what is wrong>}
   */
  public static OpenLineageListener fromConfig(Config config, Warehouse warehouse) {
    return create(config, warehouse, SessionLineage.NONE);
  }

  /**
   * As {@link #fromConfig(Config, Warehouse)}, for the runs of {@code spark}: when its
   * configuration names an orchestrator's run ({@code spark.openlineage.parentJobNamespace},
   * {@code parentJobName}, {@code parentRunId}, and optionally {@code rootParentJobNamespace},
   * {@code rootParentJobName}, {@code rootParentRunId}; the root defaults to the parent), every
   * event has a {@code parent} facet naming that run and root; with a Hive metastore, product
   * datasets also carry their metastore table name as a symlink.
   */
  public static OpenLineageListener fromConfig(Config config, Warehouse warehouse, SparkSession spark) {
    return create(config, warehouse, SessionLineage.of(spark));
  }

  /**
   * The settings to start a Spark session with so that an openlineage-spark listener on it reports
   * its application run as a child of Meshwork's run of {@code product} with id {@code runId}
   * ({@code spark.openlineage.parent*}; the root is the orchestrator's root found in
   * {@code sparkConf}, else that run). The orchestrator's own settings are kept aside, so that the
   * listeners built for the session still name the orchestrator as parent of Meshwork's runs.
   *
   * @param sparkConf the settings the session would start with (spark-submit's {@code --conf})
   */
  public static Map<String, String> sparkListenerSettings(Map<String, String> sparkConf, UUID runId, ProductId product) {
    return SessionLineage.listenerSettings(sparkConf::get, new SessionLineage.RunRef(RunEvents.jobNamespace(product), RunEvents.jobName(product), runId));
  }

  /** As {@link #sparkListenerSettings(Map, UUID, ProductId)} for a {@code run --all} run (job {@code meshwork} / {@code run-all}). */
  public static Map<String, String> sparkListenerSettings(Map<String, String> sparkConf, UUID runAllId) {
    return SessionLineage.listenerSettings(sparkConf::get, new SessionLineage.RunRef(RunEvents.PARENT_JOB_NAMESPACE, RunEvents.PARENT_JOB_NAME, runAllId));
  }

  private static OpenLineageListener create(Config config, Warehouse warehouse, SessionLineage session) {
    LineageSettings settings = LineageSettings.from(config, warehouse);
    RunEvents events = new RunEvents(settings.producer(), warehouse, session);
    EventSink sink = EventSinks.open(settings);
    return new OpenLineageListener(events, sink);
  }

  /** Emits {@code START}. Never throws. */
  @Override
  public void started(RunInfo run) {
    emit(run, "START", () -> events.start(run));
  }

  /** Emits {@code COMPLETE} when {@code outcome.succeeded()}, else {@code FAIL}. Never throws. */
  @Override
  public void finished(RunInfo run, RunOutcome outcome) {
    emit(run, outcome != null && outcome.succeeded() ? "COMPLETE" : "FAIL", () -> events.finish(run, outcome));
  }

  /**
   * Emits {@code START} of a {@code run --all} run (job {@code meshwork} / {@code run-all}), the
   * parent of the product runs started with {@code runAllId}. Never throws.
   */
  public void runAllStarted(UUID runAllId, Instant at) {
    emit(null, "START", () -> events.runAllStart(runAllId, at));
  }

  /** Emits {@code COMPLETE} of a {@code run --all} run, or {@code FAIL} when {@code error} is not null. Never throws. */
  public void runAllFinished(UUID runAllId, Instant at, String error) {
    emit(null, error == null ? "COMPLETE" : "FAIL", () -> events.runAllFinish(runAllId, at, error));
  }

  /**
   * Resends the events spooled while the HTTP endpoint was unreachable, oldest first, and removes
   * them from the spool. Stops at the first event the endpoint still refuses and keeps it and the
   * rest for the next flush. Never throws.
   *
   * @return how many events were sent; 0 for the file, console and none transports
   */
  public int flush() {
    try {
      return sink.flush();
    } catch (RuntimeException e) {
      LOG.warn("Flushing spooled lineage events failed: {}", e.toString(), e);
      return 0;
    }
  }

  /** Releases the transport (the HTTP connection pool). */
  @Override
  public void close() {
    sink.close();
  }

  @Override
  public String toString() {
    return "OpenLineageListener[" + sink + "]";
  }

  private synchronized void emit(RunInfo run, String type, Supplier<OpenLineage.RunEvent> event) {
    if (sink == EventSink.NONE) {
      return;
    }
    try {
      sink.emit(event.get());
    } catch (RuntimeException | LinkageError e) {
      String product = run != null && run.product() != null ? run.product().id().toString() : RunEvents.PARENT_JOB_NAME;
      String runId = run != null ? String.valueOf(run.runId()) : "?";
      LOG.warn("Lineage {} event for {} (run {}) was not emitted: {}", type, product, runId, e.toString(), e);
    }
  }
}
