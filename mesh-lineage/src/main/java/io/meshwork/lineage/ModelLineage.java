package io.meshwork.lineage;

import com.typesafe.config.Config;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.lineage.internal.EventSink;
import io.meshwork.lineage.internal.EventSinks;
import io.meshwork.lineage.internal.LineageSettings;
import io.meshwork.lineage.internal.ModelEvents;
import io.meshwork.lineage.internal.SessionLineage;
import io.openlineage.client.OpenLineage;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits the OpenLineage events of model training runs, through the same transport as product
 * runs ({@link OpenLineageListener}): {@code START}, then {@code COMPLETE} or {@code FAIL}.
 *
 * <p><b>Naming.</b> Job namespace {@value io.meshwork.lineage.internal.ModelEvents#JOB_NAMESPACE},
 * job name {@code model:<name>}, job type {@code MODEL_TRAINING}. The output dataset is the model:
 * namespace = the warehouse URI, name {@code model:<name>}, with the {@code version} facet (the
 * model version) and the custom {@code meshModel} facet (parameters, metrics, training rows and
 * checksum, manifest location). Inputs are named like product inputs (by storage location, with
 * the {@code domain.name} symlink and the data version read), so that {@link LineageGraph} links
 * products to feature sets to models.
 *
 * <p>Never fails a training run: every exception is logged as a warning. Thread-safe.
 */
public final class ModelLineage implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelLineage.class);

  private final ModelEvents events;
  private final EventSink sink;

  private ModelLineage(ModelEvents events, EventSink sink) {
    this.events = events;
    this.sink = sink;
  }

  /**
   * Training-run lineage configured by the {@code lineage} block of {@code config}, like
   * {@link OpenLineageListener#fromConfig}.
   *
   * @throws io.meshwork.core.model.ContractException when the block is invalid
   */
  public static ModelLineage fromConfig(Config config, Warehouse warehouse) {
    LineageSettings settings = LineageSettings.from(config, warehouse);
    return new ModelLineage(new ModelEvents(settings.producer(), warehouse), EventSinks.open(settings));
  }

  /**
   * As {@link #fromConfig(Config, Warehouse)}, with the orchestrator's run named by the
   * configuration of {@code spark} as parent (see {@link OpenLineageListener#fromConfig(Config,
   * Warehouse, SparkSession)}).
   */
  public static ModelLineage fromConfig(Config config, Warehouse warehouse, SparkSession spark) {
    LineageSettings settings = LineageSettings.from(config, warehouse);
    return new ModelLineage(new ModelEvents(settings.producer(), warehouse, SessionLineage.of(spark)), EventSinks.open(settings));
  }

  /** Emits {@code START}. Never throws. */
  public void started(TrainingRunInfo run) {
    emit(run, "START", () -> events.start(run));
  }

  /** Emits {@code COMPLETE}: the model version is registered. Never throws. */
  public void completed(TrainingRunInfo run, Instant finishedAt) {
    emit(run, "COMPLETE", () -> events.complete(run, finishedAt));
  }

  /** Emits {@code FAIL} with an {@code errorMessage} run facet. Never throws. */
  public void failed(TrainingRunInfo run, Instant finishedAt, String error) {
    emit(run, "FAIL", () -> events.fail(run, finishedAt, error));
  }

  /** Releases the transport. */
  @Override
  public void close() {
    sink.close();
  }

  @Override
  public String toString() {
    return "ModelLineage[" + sink + "]";
  }

  private void emit(TrainingRunInfo run, String type, Supplier<OpenLineage.RunEvent> event) {
    if (sink == EventSink.NONE) {
      return;
    }
    try {
      sink.emit(event.get());
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("Lineage {} event for model:{} (run {}) was not emitted: {}", type, run == null ? "?" : run.model(), run == null ? "?" : run.runId(), e.toString(), e);
    }
  }
}
