package io.meshwork.jobs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.Mesh;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.InputVersion;
import io.meshwork.core.model.Problem;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.ProductRef;
import io.meshwork.core.model.SourceSpec;
import io.meshwork.core.read.ProductReader;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.core.storage.internal.CommitLog;
import io.meshwork.jobs.JobContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/**
 * The context a run hands to its job: reads declared sources and certified input products, and
 * records every input it hands out (with the version read) for the stamp and lineage.
 */
public final class DefaultJobContext implements JobContext {
  private final SparkSession spark;
  private final DataProduct contract;
  private final LocalDate runDate;
  private final Path projectDir;
  private final Mesh mesh;
  private final Map<String, InputVersion> inputs = new LinkedHashMap<>();
  private final Map<String, Dataset<Row>> cache = new LinkedHashMap<>();

  public DefaultJobContext(SparkSession spark, DataProduct contract, LocalDate runDate, Path projectDir, Mesh mesh) {
    this.spark = spark;
    this.contract = contract;
    this.runDate = runDate;
    this.projectDir = projectDir;
    this.mesh = mesh;
  }

  @Override
  public SparkSession spark() {
    return spark;
  }

  @Override
  public Dataset<Row> source(String name) {
    SourceSpec spec = contract.sources().get(name);
    if (spec == null) {
      throw new ContractException(
          contract.file() + ": " + contract.id() + ": the job asked for source '" + name
              + "', which the contract does not declare (declared: " + String.join(", ", contract.sources().keySet()) + ")");
    }
    return cache.computeIfAbsent("source:" + name, k -> readSource(spec));
  }

  /** The file (or directory) a declared source reads. */
  public Path sourcePath(SourceSpec spec) {
    return projectDir.resolve(spec.path()).normalize();
  }

  /** The source as handed out to the job, or null when the job has not read it. */
  public Dataset<Row> sourceIfRead(String name) {
    return cache.get("source:" + name);
  }

  private Dataset<Row> readSource(SourceSpec spec) {
    Path path = sourcePath(spec);
    if (!Files.exists(path)) {
      throw new ContractException(
          Problem.at(spec.location(), contract.id() + ": source '" + spec.name() + "' file " + spec.path() + " does not exist (looked in " + path + ")")
              .about(contract.id()));
    }
    if (Files.isRegularFile(path) && sizeOf(path) == 0) {
      throw new ContractException(
          Problem.at(spec.location(), contract.id() + ": source '" + spec.name() + "' file " + spec.path() + " is empty" + ("csv".equals(spec.format()) ? " (no header row)" : ""))
              .about(contract.id()));
    }
    Map<String, String> options = new LinkedHashMap<>();
    if ("csv".equals(spec.format())) {
      options.put("header", "true");
      options.put("inferSchema", "true");
      options.put("mode", "FAILFAST");
    }
    options.putAll(spec.options());
    Dataset<Row> df = spark.read().format(spec.format()).options(options).load(path.toString());
    inputs.put("source:" + spec.name(), new InputVersion(spec.name(), InputVersion.SOURCE, path.toUri().toString(), null));
    return df;
  }

  private static long sizeOf(Path path) {
    try {
      return Files.size(path);
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  /** A major's table in a recorded input uri: {@code .../<name>/v<N>}. */
  private static final Pattern MAJOR_TABLE = Pattern.compile("/v(\\d+)/?$");

  @Override
  public Dataset<Row> product(String name) {
    ProductRef declared =
        contract.inputs().stream()
            .filter(r -> r.id().toString().equals(name) || r.id().name().equals(name))
            .findFirst()
            .orElseGet(() -> ProductRef.parse(name));
    return cache.computeIfAbsent("product:" + declared.id(), k -> readProduct(declared));
  }

  private Dataset<Row> readProduct(ProductRef ref) {
    ProductId id = ref.id();
    int major = ref.major().isPresent() ? ref.major().getAsInt() : lastPublishedMajor(id).orElseGet(() -> mesh.warehouse().newestMajor(id));
    ProductReader reader = mesh.read(id, major);
    long version = ref.pinnedVersion().isPresent() ? ref.pinnedVersion().getAsLong() : reader.latestVersion();
    Dataset<Row> df = reader.version(version);
    inputs.put("product:" + id, new InputVersion(id.toString(), InputVersion.PRODUCT, Warehouse.uri(mesh.warehouse().table(id, reader.major())), version));
    return df;
  }

  /**
   * The major of {@code input} this product's newest publish read (from the input's table recorded in
   * its commit stamp: {@code .../<name>} is major 1, {@code .../<name>/v<N>} major N); empty when
   * this major of the product has never published or did not read it.
   */
  private OptionalInt lastPublishedMajor(ProductId input) {
    List<CommitLog.Commit> commits = CommitLog.commits(mesh.spark(), mesh.warehouse().table(contract));
    for (int i = commits.size() - 1; i >= 0; i--) {
      String metadata = commits.get(i).text("userMetadata");
      if (metadata == null) {
        continue;
      }
      try {
        JsonNode stamp = new ObjectMapper().readTree(metadata);
        if (!contract.id().toString().equals(stamp.path("product").asText())) {
          continue;
        }
        for (JsonNode in : stamp.path("inputs")) {
          if (InputVersion.PRODUCT.equals(in.path("kind").asText()) && input.toString().equals(in.path("name").asText())) {
            Matcher m = MAJOR_TABLE.matcher(in.path("uri").asText());
            return OptionalInt.of(m.find() ? Integer.parseInt(m.group(1)) : 1);
          }
        }
        return OptionalInt.empty();
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        // not a Meshwork stamp: look further back
      }
    }
    return OptionalInt.empty();
  }

  @Override
  public LocalDate runDate() {
    return runDate;
  }

  @Override
  public DataProduct contract() {
    return contract;
  }

  /** The warehouse the job's input products are read from. */
  public Mesh mesh() {
    return mesh;
  }

  /** Every input handed out so far, in the order first read. */
  public List<InputVersion> inputs() {
    return new ArrayList<>(inputs.values());
  }

  /** Every input handed out so far, with the analyzed plan of the Dataset handed out for it. */
  public Map<InputVersion, LogicalPlan> handedOut() {
    Map<InputVersion, LogicalPlan> plans = new LinkedHashMap<>();
    inputs.forEach((key, input) -> plans.put(input, cache.get(key).queryExecution().analyzed()));
    return plans;
  }
}
