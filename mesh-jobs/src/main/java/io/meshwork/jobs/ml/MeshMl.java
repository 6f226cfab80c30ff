package io.meshwork.jobs.ml;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.meshwork.core.Mesh;
import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.InputVersion;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.ProductRef;
import io.meshwork.core.read.ProductReader;
import io.meshwork.core.storage.Storage;
import io.meshwork.jobs.ml.internal.Manifests;
import io.meshwork.jobs.ml.internal.PointInTime;
import io.meshwork.jobs.ml.internal.Stamps;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * Machine learning on a mesh: point-in-time training sets from feature sets, training runs that
 * register model versions with a manifest and lineage, and reproduction of a version's training
 * set.
 *
 * <pre>{@code
 * MeshMl ml = MeshMl.of(mesh, new ContractRepository(Path.of("conf")), config);
 * TrainingRun run = ml.newTrainingRun("churn");
 * TrainingSet set = run.trainingSet(labels, "features.customer_activity");   // or "...@4", pinned
 * PipelineModel model = pipeline.fit(set.rows());
 * ModelVersion v = run.param("regParam", 0.01).metric("auc", auc).commit(model);
 * ml.reproduce("churn", v.version()).identical();   // true
 * }</pre>
 *
 * <p>Models live under {@code <warehouse>/_mesh/models/<name>/<version>/} ({@code manifest.json},
 * {@code model/}, {@code labels/}); versions count from 1. Feature-set declarations are read from
 * the project's contracts ({@link FeatureSetSpec}); lineage goes where the {@code lineage} block of
 * the configuration says, like product runs.
 */
public final class MeshMl {
  /** The file that claims a model version for one training run (created new, never overwritten). */
  static final String CLAIM_FILE = "_claimed";

  private final Mesh mesh;
  private final ContractRepository contracts;
  private final Config config;

  private MeshMl(Mesh mesh, ContractRepository contracts, Config config) {
    this.mesh = Objects.requireNonNull(mesh, "mesh");
    this.contracts = Objects.requireNonNull(contracts, "contracts");
    this.config = Objects.requireNonNull(config, "config");
  }

  /** ML over {@code mesh}, with feature-set contracts from {@code contracts} and lineage configured by {@code ConfigFactory.load()}. */
  public static MeshMl of(Mesh mesh, ContractRepository contracts) {
    return of(mesh, contracts, ConfigFactory.load());
  }

  /** ML over {@code mesh}, with feature-set contracts from {@code contracts} and lineage configured by {@code config}. */
  public static MeshMl of(Mesh mesh, ContractRepository contracts, Config config) {
    return new MeshMl(mesh, contracts, config);
  }

  /** The mesh read from. */
  public Mesh mesh() {
    return mesh;
  }

  /**
   * The declarations of a feature set ({@code domain.name}; a {@code @version} suffix is ignored).
   *
   * @throws io.meshwork.core.model.ContractException when the contract is missing, invalid or not a feature set
   */
  public FeatureSetSpec featureSet(String name) {
    return FeatureSetSpec.of(contracts.load(ProductRef.parse(name).id()));
  }

  /**
   * Joins labels to one feature set as of each label's time. The label time column is the label
   * column named like the feature set's event-time column, else the labels' only date or
   * timestamp column.
   *
   * @param featureSet {@code domain.name} (its latest certified version) or {@code domain.name@N}
   * @throws MeshException (exit 2) when the feature set has no such version, the labels lack the
   *     entity or a time column, or a feature column clashes with a label column
   */
  public TrainingSet trainingSet(Dataset<Row> labels, String featureSet) {
    return trainingSet(labels, labelTime(labels, featureSet(featureSet)), List.of(featureSet));
  }

  /**
   * Joins labels to several feature sets, each as of the label's time in {@code labelTime}.
   *
   * @param featureSets each {@code domain.name} or {@code domain.name@N}; each entity column must
   *     be a label column
   */
  public TrainingSet trainingSet(Dataset<Row> labels, String labelTime, List<String> featureSets) {
    List<FeatureSetUse> uses = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String ref : featureSets) {
      FeatureSetUse use = resolve(ref);
      if (!seen.add(use.name())) {
        throw new ContractException("Feature set " + use.name() + " is listed twice in " + featureSets);
      }
      uses.add(use);
    }
    return build(labels, labelTime, uses);
  }

  /**
   * Starts a training run that will register the next version of {@code model}: the version is
   * claimed now (its directory created) and a {@code START} lineage event is emitted.
   *
   * @throws MeshException (exit 2) when the name is not a plain lower-case identifier
   */
  public TrainingRun newTrainingRun(String model) {
    Path dir = new Path(modelsDir(), checkName(model));
    while (true) {
      long next = versionDirs(model).stream().mapToLong(Long::longValue).max().orElse(0) + 1;
      Path version = new Path(dir, Long.toString(next));
      // A new claim file, never overwritten: a second run that finds it takes the next version.
      if (Storage.create(new Path(version, CLAIM_FILE), (java.time.Instant.now() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
        return new TrainingRun(this, model, next, version, config);
      }
    }
  }

  /** The registered versions of a model (those with a manifest), oldest first; empty when none. */
  public List<Long> versions(String model) {
    return versionDirs(checkName(model)).stream().filter(v -> Storage.isFile(new Path(directory(model, v), Manifests.FILE))).sorted().toList();
  }

  /**
   * The manifest of every registered version of every model in the warehouse: the product and
   * feature-set versions they name stay readable (their tables' retention covers them).
   */
  public List<ModelManifest> allManifests() {
    List<ModelManifest> all = new ArrayList<>();
    for (Path model : Storage.directories(modelsDir())) {
      if (ProductId.isIdentifier(model.getName())) {
        for (long v : versions(model.getName())) {
          all.add(manifest(model.getName(), v));
        }
      }
    }
    return all;
  }

  /**
   * The manifest of a registered model version.
   *
   * @throws MeshException (exit 2) when there is no such version
   */
  public ModelManifest manifest(String model, long version) {
    return Manifests.read(directory(checkName(model), version), model, version);
  }

  /** {@code <warehouse>/_mesh/models/<name>/<version>}, whether or not it exists. */
  public Path directory(String model, long version) {
    return new Path(new Path(modelsDir(), checkName(model)), Long.toString(version));
  }

  /**
   * Rebuilds the training set of a model version from the exact versions its manifest names (its
   * labels snapshot, each feature-set version) after checking that every product version behind
   * them is still certified, and compares row count and checksum.
   *
   * @throws MeshException (exit 2) when the version does not exist or a version it read is no
   *     longer certified
   */
  public Reproduction reproduce(String model, long version) {
    ModelManifest m = manifest(model, version);
    List<String> read = new ArrayList<>();
    for (FeatureSetUse f : m.featureSets()) {
      read.add(f.ref());
    }
    for (ProductUse p : m.products()) {
      mesh.read(p.name()).version(p.version()); // throws when that version is no longer certified
      read.add(p.ref());
    }
    Dataset<Row> labels = mesh.spark().read().parquet(new Path(directory(model, version), m.labels()).toString());
    TrainingSet rebuilt = build(labels, m.labelTime(), m.featureSets());
    return new Reproduction(model, version, new ContentChecksum(m.rows(), m.checksum()), rebuilt.checksum(), read);
  }

  @Override
  public String toString() {
    return "MeshMl[" + mesh.warehouse() + "]";
  }

  // ---------------------------------------------------------------- shared with TrainingRun

  /** The label time column: named like the event-time column, else the only date/timestamp column. */
  String labelTime(Dataset<Row> labels, FeatureSetSpec spec) {
    List<String> columns = List.of(labels.columns());
    if (columns.contains(spec.eventTime())) {
      return spec.eventTime();
    }
    List<String> times = Stream.of(labels.schema().fields()).filter(f -> PointInTime.isTimeType(f.dataType())).map(StructField::name).toList();
    if (times.size() == 1) {
      return times.get(0);
    }
    throw new ContractException(
        "Cannot tell which label column holds the label time for feature set " + spec.id() + ": the labels (columns: "
            + String.join(", ", columns) + ") have no column '" + spec.eventTime() + "' and " + (times.isEmpty() ? "no" : times.size())
            + " date or timestamp columns; name it, e.g. trainingSet(labels, \"label_time\", List.of(\"" + spec.id() + "\"))");
  }

  FeatureSetUse resolve(String ref) {
    ProductRef r = ProductRef.parse(ref);
    FeatureSetSpec spec = FeatureSetSpec.of(contracts.load(r.id()));
    ProductReader reader = mesh.read(r.id());
    long version;
    if (r.pinnedVersion().isPresent()) {
      version = r.pinnedVersion().getAsLong();
      reader.version(version); // throws when not certified
    } else {
      version = reader.latestVersion();
    }
    return new FeatureSetUse(r.id().toString(), version, spec.entity(), spec.eventTime(), spec.features());
  }

  TrainingSet build(Dataset<Row> labels, String labelTime, List<FeatureSetUse> uses) {
    Dataset<Row> rows = labels;
    List<ProductUse> products = new ArrayList<>();
    for (FeatureSetUse use : uses) {
      ProductId id = ProductId.parse(use.name());
      rows = PointInTime.join(rows, labelTime, mesh.read(id).version(use.version()), use);
      for (InputVersion in : Stamps.productInputs(mesh.spark(), mesh.warehouse(), id, use.version())) {
        products.add(new ProductUse(in.name(), in.version(), use.ref()));
      }
    }
    return new TrainingSet(rows, labelTime, uses, products);
  }

  private Path modelsDir() {
    return new Path(mesh.warehouse().meshDir(), "models");
  }

  /** Numeric sub-directories of a model, registered or not. */
  private List<Long> versionDirs(String model) {
    Path dir = new Path(modelsDir(), model);
    return Storage.directories(dir).stream().map(Path::getName).filter(n -> n.matches("[1-9][0-9]{0,17}")).map(Long::valueOf).toList();
  }

  private static String checkName(String model) {
    if (!ProductId.isIdentifier(model)) {
      throw new ContractException("'" + model + "' is not a model name: expected a plain lower-case identifier ([a-z][a-z0-9_]*)");
    }
    return model;
  }
}
