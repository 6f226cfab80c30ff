package io.meshwork.jobs.ml;

import com.typesafe.config.Config;
import io.meshwork.core.model.InputVersion;
import io.meshwork.core.model.InternalMeshException;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.storage.Storage;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.jobs.ml.internal.Manifests;
import io.meshwork.lineage.ModelLineage;
import io.meshwork.lineage.TrainingRunInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One training run of a model: reads a point-in-time training set, records parameters and
 * metrics, and registers the trained model as a new model version — committed or aborted exactly
 * once.
 *
 * <pre>{@code
 * TrainingRun run = ml.newTrainingRun("churn");
 * TrainingSet set = run.trainingSet(labels, "features.customer_activity");
 * LogisticRegressionModel model = lr.fit(assembler.transform(set.rows()));
 * ModelVersion v = run.param("regParam", 0.01).metric("auc", 0.87).commit(model);
 * }</pre>
 *
 * <p>The labels are snapshotted (Parquet, under the version directory) and the training set is
 * built from that snapshot, so the manifest's checksum describes exactly what was trained on and
 * {@link MeshMl#reproduce} can rebuild it. {@link #commit} saves the model, writes
 * {@code manifest.json} last (a version without it is not registered) and emits the lineage
 * {@code COMPLETE} event whose output is {@code model:<name>}; {@link #abort} emits {@code FAIL}.
 * Not thread-safe.
 */
public final class TrainingRun {
  private enum State {
    OPEN,
    COMMITTED,
    ABORTED
  }

  static final String LABELS = "labels";
  static final String MODEL = "model";
  static final String ABORTED_FILE = "ABORTED";

  private final MeshMl ml;
  private final String model;
  private final long version;
  private final Path directory;
  private final UUID runId = UUID.randomUUID();
  private final Instant startedAt = Instant.now();
  private final ModelLineage lineage;
  private final Map<String, String> params = new TreeMap<>();
  private final Map<String, Double> metrics = new TreeMap<>();
  private TrainingSet trainingSet;
  private long labelRows;
  private State state = State.OPEN;

  TrainingRun(MeshMl ml, String model, long version, Path directory, Config config) {
    this.ml = ml;
    this.model = model;
    this.version = version;
    this.directory = directory;
    this.lineage = ModelLineage.fromConfig(config, ml.mesh().warehouse(), ml.mesh().spark());
    lineage.started(info(null, null));
  }

  /** The model's name. */
  public String model() {
    return model;
  }

  /** The version this run registers on commit. */
  public long version() {
    return version;
  }

  /** This run's id, also the lineage run id. */
  public UUID runId() {
    return runId;
  }

  /** {@code <warehouse>/_mesh/models/<name>/<version>}. */
  public Path directory() {
    return directory;
  }

  /**
   * The run's training set: labels joined to one feature set as of each label's time (label time
   * column chosen as in {@link MeshMl#trainingSet(Dataset, String)}). Once per run.
   */
  public TrainingSet trainingSet(Dataset<Row> labels, String featureSet) {
    Dataset<Row> snapshot = snapshot(labels);
    return use(ml.trainingSet(snapshot, ml.labelTime(snapshot, ml.featureSet(featureSet)), List.of(featureSet)));
  }

  /** The run's training set over several feature sets, with an explicit label time column. Once per run. */
  public TrainingSet trainingSet(Dataset<Row> labels, String labelTime, List<String> featureSets) {
    Dataset<Row> snapshot = snapshot(labels);
    return use(ml.trainingSet(snapshot, labelTime, featureSets));
  }

  /** Records a training parameter (as text). */
  public TrainingRun param(String name, Object value) {
    checkOpen();
    params.put(name, String.valueOf(value));
    return this;
  }

  /**
   * Records a metric.
   *
   * @throws IllegalArgumentException when the value is NaN or infinite
   */
  public TrainingRun metric(String name, double value) {
    checkOpen();
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("metric " + name + " of model:" + model + " must be a finite number but was " + value);
    }
    metrics.put(name, value);
    return this;
  }

  /**
   * Registers {@code trained} as this version: saves it under {@code model/}, computes the
   * training set's row count and checksum, writes {@code manifest.json} and emits the lineage
   * {@code COMPLETE} event.
   *
   * @throws IllegalStateException when the run has no training set, or was already committed or aborted
   * @throws MeshException (exit 1) when saving fails; the run is then aborted
   */
  public ModelVersion commit(MLWritable trained) {
    checkOpen();
    if (trainingSet == null) {
      throw new IllegalStateException("training run of model:" + model + " version " + version + " has no training set: call trainingSet(labels, featureSet) first");
    }
    state = State.COMMITTED;
    try {
      ContentChecksum content = trainingSet.checksum();
      trained.write().save(new Path(directory, MODEL).toString());
      ModelManifest manifest =
          new ModelManifest(
              model,
              version,
              runId.toString(),
              Instant.now().toString(),
              trainingSet.labelTime(),
              LABELS,
              labelRows,
              trainingSet.featureSets(),
              trainingSet.products(),
              content.rows(),
              content.checksum(),
              List.of(trainingSet.rows().columns()),
              params,
              metrics,
              MODEL,
              trained.getClass().getName());
      Path file = Manifests.write(directory, manifest);
      lineage.completed(info(content, Warehouse.uri(file)), Instant.now());
      return new ModelVersion(model, version, directory, manifest);
    } catch (Exception e) { // MLWriter.save declares IOException in Scala
      String reason = "Training run of model:" + model + " version " + version + " could not be registered: " + e;
      markAborted(reason);
      lineage.failed(info(null, null), Instant.now(), reason);
      throw new InternalMeshException(reason, e);
    } finally {
      lineage.close();
    }
  }

  /**
   * Gives the run up: nothing is registered, the version stays unused (marked {@code ABORTED}),
   * and lineage gets a {@code FAIL} event with {@code reason}.
   *
   * @throws IllegalStateException when already committed or aborted
   */
  public void abort(String reason) {
    checkOpen();
    state = State.ABORTED;
    String why = reason == null || reason.isBlank() ? "aborted" : reason;
    markAborted(why);
    lineage.failed(info(null, null), Instant.now(), why);
    lineage.close();
  }

  @Override
  public String toString() {
    return "TrainingRun[model:" + model + " version " + version + ", " + state.name().toLowerCase(java.util.Locale.ROOT) + "]";
  }

  private Dataset<Row> snapshot(Dataset<Row> labels) {
    checkOpen();
    if (trainingSet != null) {
      throw new IllegalStateException("training run of model:" + model + " version " + version + " already has a training set");
    }
    String path = new Path(directory, LABELS).toString();
    labels.write().mode("errorifexists").parquet(path);
    Dataset<Row> snapshot = ml.mesh().spark().read().parquet(path);
    labelRows = snapshot.count();
    return snapshot;
  }

  private TrainingSet use(TrainingSet set) {
    trainingSet = set;
    return set;
  }

  private void checkOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException("training run of model:" + model + " version " + version + " was already " + state.name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  private void markAborted(String reason) {
    try {
      Storage.write(new Path(directory, ABORTED_FILE), (reason + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      // the missing manifest already keeps the version unregistered
    }
  }

  private TrainingRunInfo info(ContentChecksum content, String manifest) {
    List<InputVersion> inputs = new ArrayList<>();
    if (trainingSet != null) {
      for (FeatureSetUse f : trainingSet.featureSets()) {
        ProductId id = ProductId.parse(f.name());
        inputs.add(new InputVersion(f.name(), InputVersion.PRODUCT, Warehouse.uri(ml.mesh().warehouse().table(id)), f.version()));
      }
      inputs.add(new InputVersion(LABELS, InputVersion.SOURCE, Warehouse.uri(new Path(directory, LABELS)), null));
    }
    return new TrainingRunInfo(
        runId, model, version, startedAt, inputs, params, metrics, content == null ? null : content.rows(), content == null ? null : content.checksum(), manifest);
  }
}
