package io.meshwork.lineage;

import com.typesafe.config.Config;
import io.meshwork.core.Warehouse;
import io.meshwork.core.spi.RunInfo;
import io.meshwork.core.spi.RunListener;
import io.meshwork.core.spi.RunOutcome;
import io.meshwork.lineage.internal.EventSink;
import io.meshwork.lineage.internal.EventSinks;
import io.meshwork.lineage.internal.LineageSettings;
import io.meshwork.lineage.internal.RunEvents;
import io.openlineage.client.OpenLineage;
import java.util.function.Supplier;
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
 * facet naming job {@code meshwork} / {@code run-all} and the parent run id. The output dataset's
 * namespace is the warehouse URI ({@link Warehouse#uri()}) and its name the table's path relative
 * to the warehouse ({@code sales/orders}): stable when the warehouse moves between machines only
 * in its root, and the same string a consumer joins with the catalog. Input products follow the
 * same convention and carry the data version read in a {@code version} facet; raw sources use
 * namespace {@code file} and the absolute path as name.
 *
 * <p><b>Output facets.</b> {@code schema} (contract columns), {@code dataSource} (the warehouse),
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
   * @throws io.meshwork.core.ContractException when the block is invalid, listing every problem as
   *     {@code <file>:<line>: lineage.<key>: <what is wrong>}
   */
  public static OpenLineageListener fromConfig(Config config, Warehouse warehouse) {
    LineageSettings settings = LineageSettings.from(config, warehouse);
    RunEvents events = new RunEvents(settings.producer(), warehouse);
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
      String product = run != null && run.product() != null ? run.product().id().toString() : "?";
      String runId = run != null ? String.valueOf(run.runId()) : "?";
      LOG.warn("Lineage {} event for {} (run {}) was not emitted: {}", type, product, runId, e.toString(), e);
    }
  }
}
