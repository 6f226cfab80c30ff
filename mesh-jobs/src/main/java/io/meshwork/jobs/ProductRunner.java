package io.meshwork.jobs;

import io.meshwork.core.Mesh;
import io.meshwork.core.catalog.Catalog;
import io.meshwork.core.catalog.CatalogEntry;
import io.meshwork.core.contract.ContractChange;
import io.meshwork.core.contract.ContractDiff;
import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.contract.ContractStore;
import io.meshwork.core.governance.Governance;
import io.meshwork.core.governance.PolicyReport;
import io.meshwork.core.model.ColumnSpec;
import io.meshwork.core.model.ConstraintResult.Status;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Deprecation;
import io.meshwork.core.model.ExitCode;
import io.meshwork.core.model.InputVersion;
import io.meshwork.core.model.InternalMeshException;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.Problem;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.ProductRef;
import io.meshwork.core.model.QualityGateException;
import io.meshwork.core.model.QualityReport;
import io.meshwork.core.model.SourceSpec;
import io.meshwork.core.model.StaleInputException;
import io.meshwork.core.publish.Faults;
import io.meshwork.core.publish.PublishResult;
import io.meshwork.core.publish.Publisher;
import io.meshwork.core.publish.QualityGate;
import io.meshwork.core.publish.RunStamp;
import io.meshwork.core.publish.VerificationContext;
import io.meshwork.core.spi.ColumnLineage;
import io.meshwork.core.spi.RunInfo;
import io.meshwork.core.spi.RunListener;
import io.meshwork.core.spi.RunOutcome;
import io.meshwork.core.storage.Vacuum;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.core.storage.WriterSafety;
import io.meshwork.jobs.internal.DefaultJobContext;
import io.meshwork.jobs.internal.InputMetricsHistory;
import io.meshwork.jobs.internal.PlanLineage;
import io.meshwork.jobs.internal.PlanReads;
import io.meshwork.jobs.internal.SourceChecks;
import io.meshwork.jobs.ml.FeatureSetSpec;
import io.meshwork.lineage.LineageGraph;
import io.meshwork.lineage.LineageNode;
import io.meshwork.quality.RowActions;
import io.meshwork.quality.RowSplit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one data product: load the contract, build the rows, then publish them through the gate
 * (schema check, quality verification, one Delta commit), record the run in the catalog and tell
 * the run listener (lineage). A refused run publishes nothing and is recorded as {@code failed}.
 *
 * <pre>{@code
 * ProductRunner runner = new ProductRunner(spark, new ContractRepository(Path.of("conf")), mesh, gate, listener);
 * RunReport report = runner.run(ProductId.parse("sales.orders"), LocalDate.now());
 * }</pre>
 */
public final class ProductRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ProductRunner.class);
  private final SparkSession spark;
  private final ContractRepository contracts;
  private final Mesh mesh;
  private final QualityGate gate;
  private final RunListener listener;
  private Consumer<String> progress = s -> {};
  private Governance governance;
  /** The lineage log that names a product's consumers in refusals; by default {@code <warehouse>/_mesh/lineage}. */
  private Supplier<LineageGraph> lineage;
  private Clock clock = Clock.systemUTC();
  private Notifier notifier;
  private io.meshwork.core.catalog.Metastore.Settings metastore = io.meshwork.core.catalog.Metastore.Settings.DEFAULT;
  private java.time.Duration retention = Publisher.DEFAULT_RETENTION;
  /** Set once the first run of this runner said whether the warehouse's store is safe for writers on several drivers. */
  private final java.util.concurrent.atomic.AtomicBoolean writersChecked = new java.util.concurrent.atomic.AtomicBoolean();

  public ProductRunner(SparkSession spark, ContractRepository contracts, Mesh mesh, QualityGate gate, RunListener listener) {
    this.spark = spark;
    this.contracts = contracts;
    this.mesh = mesh;
    this.gate = gate;
    this.listener = listener;
    this.lineage = () -> LineageGraph.load(new org.apache.hadoop.fs.Path(mesh.warehouse().meshDir(), "lineage"));
  }

  /**
   * The lineage log read to name a product's consumers (downstream products, feature sets, models
   * and the versions they read) when a run is refused for a breaking change or a past sunset.
   */
  public ProductRunner withLineage(Supplier<LineageGraph> lineage) {
    this.lineage = lineage;
    return this;
  }

  /** The clock a deprecated major's sunset is compared with (UTC date); the system clock by default. */
  public ProductRunner withClock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /**
   * Tells the owning team about a refused publish (quality, schema or governance: exits 3 and 4) or
   * a publish conflict (exit 5) through its webhook; none by default.
   */
  public ProductRunner withNotifier(Notifier notifier) {
    this.notifier = notifier;
    return this;
  }

  /**
   * How products are registered when the session's catalog is a Hive metastore ({@code
   * mesh.metastore.*}); see {@link io.meshwork.core.catalog.Metastore}.
   */
  public ProductRunner withMetastore(io.meshwork.core.catalog.Metastore.Settings settings) {
    this.metastore = settings;
    return this;
  }

  /** The retention of certified versions for contracts that state none ({@code mesh.retention.versions}). */
  public ProductRunner withRetention(java.time.Duration platformDefault) {
    this.retention = platformDefault;
    return this;
  }

  /** Where progress lines go ("building", "verifying", ...); silent by default. */
  public ProductRunner onProgress(Consumer<String> progress) {
    this.progress = progress;
    return this;
  }

  /**
   * Checks every product against these policies before it is built (a violation stops the run
   * with exit 4) and adds their data checks (shared identifiers, reference sets) to its gate.
   */
  public ProductRunner withGovernance(Governance governance) {
    this.governance = governance;
    return this;
  }

  /**
   * Runs a product and returns its report when it published.
   *
   * @throws MeshException with the exit code of the failure (2 contract, 3 quality/schema, 5
   *     conflict); the failure is recorded in the catalog when the contract could be loaded
   */
  public RunReport run(ProductId id, LocalDate runDate) {
    return run(id, runDate, null);
  }

  /** As {@link #run(ProductId, LocalDate)}, as part of the parent run {@code parentRunId} (may be null). */
  public RunReport run(ProductId id, LocalDate runDate, UUID parentRunId) {
    return run(id, runDate, parentRunId, UUID.randomUUID());
  }

  /** As {@link #run(ProductId, LocalDate, UUID)}, with the run id chosen by the caller (named to the session's lineage before it started). */
  public RunReport run(ProductId id, LocalDate runDate, UUID parentRunId, UUID runId) {
    return run(id, runDate, parentRunId, runId, false);
  }

  /**
   * Runs an {@code append} product for a run date it already appended, replacing what that run
   * date appended through the gate ({@link Publisher#restate}).
   */
  public RunReport restate(ProductId id, LocalDate runDate, UUID runId) {
    return run(id, runDate, null, runId, true);
  }

  /**
   * Publishes, through the gate, a version of the product without the rows matching {@code where}
   * ({@link Publisher#erase}), recorded in the catalog with who asked and why.
   */
  public RunReport erase(ProductId id, String where, String reason, String requestedBy) {
    return io.meshwork.core.read.internal.ProductReads.asSystem(() -> eraseAsSystem(id, where, reason, requestedBy));
  }

  private RunReport eraseAsSystem(ProductId id, String where, String reason, String requestedBy) {
    long start = System.nanoTime();
    DataProduct product = contracts.load(id);
    DataProduct gated = governance == null ? product : governance.withDerivedConstraints(product);
    UUID runId = UUID.randomUUID();
    LocalDate runDate = LocalDate.now(clock);
    SparkSession session = spark.newSession();
    io.meshwork.core.read.Roles.requirePublisher(session, id, product.owner() == null ? null : product.owner().team());
    VerificationContext context = Mesh.open(session, mesh.warehouse()).verificationContext(id, product.version(), runDate, runId);
    String what = "erasure of the rows where " + where + " (reason: " + reason + "; requested by " + requestedBy + ")";
    progress.accept(id + ": " + what);
    try {
      PublishResult result =
          new Publisher(session, mesh.warehouse(), gate.withContext(context)).erase(gated, where, reason, requestedBy, new RunStamp(runId, runDate, List.of()));
      record(product, runId, runDate, RunReport.CERTIFIED, result.dataVersion(), result.versionRows(), 0, result.report(), result.committedAt(), what);
      return new RunReport(
          id, product.version().toString(), runId, runDate, RunReport.CERTIFIED, result.dataVersion(), result.versionRows(), result.report(),
          (System.nanoTime() - start) / 1e9, ExitCode.OK, what);
    } catch (MeshException e) {
      QualityReport report = e instanceof QualityGateException q ? q.report() : null;
      record(product, runId, runDate, RunReport.FAILED, liveVersion(product), report == null ? 0 : report.rows(), 0, report, Instant.now(), e.getMessage());
      throw e;
    }
  }

  /**
   * Runs as the system (the gate, the tightening checks and the bookkeeping read products
   * unmasked and unaudited), the build as the owning team: {@code owner.team} is the role its input
   * products are read as, so producers grant consumers in their access block. Publishing is access
   * too: only a user holding the owning team ({@code roles.conf}) publishes (exit 4 otherwise).
   */
  private RunReport run(ProductId id, LocalDate runDate, UUID parentRunId, UUID runId, boolean restate) {
    return io.meshwork.core.read.internal.ProductReads.asSystem(() -> runAsSystem(id, runDate, parentRunId, runId, restate));
  }

  private RunReport runAsSystem(ProductId id, LocalDate runDate, UUID parentRunId, UUID runId, boolean restate) {
    long start = System.nanoTime();
    DataProduct product = contracts.load(id);
    io.meshwork.core.contract.Contracts.requireBuild(List.of(product));
    if (FeatureSetSpec.isFeatureSet(product)) {
      FeatureSetSpec.of(product); // entity and event-time checked before anything runs
    }
    requireSourcesInProject(product);
    requireInputsKnown(product, contracts, mesh.warehouse());
    if (writersChecked.compareAndSet(false, true)) {
      WriterSafety.warning(spark, mesh.warehouse()).ifPresent(w -> progress.accept("warning: " + w));
    }
    RunInfo info =
        new RunInfo(
            runId, product, runDate, mesh.warehouse().uri(), Warehouse.uri(mesh.warehouse().table(product)), Instant.now(), parentRunId);
    listener.started(info);
    SparkSession session = spark.newSession();
    String team = product.owner() == null ? null : product.owner().team();
    io.meshwork.core.read.Roles.requirePublisher(session, id, team);
    boolean teamRole = team != null && io.meshwork.core.model.AccessPolicy.ROLE.matcher(team).matches();
    Mesh inputs = teamRole ? Mesh.open(session, mesh.warehouse()).as(team) : Mesh.open(session, mesh.warehouse());
    DefaultJobContext ctx = new DefaultJobContext(session, product, runDate, contracts.projectDir(), inputs);
    Vacuum.Marker marker = null;
    ColumnLineage columnLineage = null;
    try {
      DataProduct gated = product;
      if (governance != null) {
        PolicyReport policies = governance.check(product);
        policies.warnings().forEach(v -> progress.accept(id + ": " + v));
        policies.ensurePassed();
        gated = governance.withDerivedConstraints(product);
      }
      ContractStore contractStore = new ContractStore(session, mesh.warehouse());
      int major = product.version().major();
      requireBeforeSunset(product);
      // Only the live contract of the same major: a major bump publishes to a new table.
      Optional<DataProduct> live = contractStore.live(id, major);
      if (live.isPresent()) {
        requireCompatible(live.get(), product);
        requirePublishedDataMeetsTightenings(session, live.get(), product);
      }
      contractStore.save(product);
      Vacuum.Result leftovers = Vacuum.run(session, mesh.warehouse().table(product), false);
      if (!leftovers.files().isEmpty()) {
        progress.accept(id + ": removed " + leftovers.files().size() + " uncommitted files left by an earlier run that died");
      }
      marker = Vacuum.begin(mesh.warehouse().table(product), runId);
      progress.accept(id + ": building");
      io.meshwork.core.read.internal.ProductReads.Reader builder = new io.meshwork.core.read.internal.ProductReads.Reader(
          teamRole ? team : null, io.meshwork.core.read.Roles.user(session), false, io.meshwork.core.read.internal.ProductReads.VIA_SQL);
      Dataset<Row> rows = io.meshwork.core.read.internal.ProductReads.as(builder, () -> build(product, ctx));
      requireInputMajorsBeforeSunset(product, ctx.inputs());
      SourceChecks.requireCastable(rows, product, ctx);
      columnLineage = columnLineage(product, ctx, rows);
      VerificationContext context = Mesh.open(session, mesh.warehouse()).verificationContext(id, product.version(), runDate, runId);
      RowSplit split = RowActions.split(gated, rows, context);
      RowSplit.Counts counts = split.counts();
      if (counts.quarantined() > 0) {
        progress.accept(id + ": quarantining " + counts.quarantined() + " rows to " + Warehouse.display(RowActions.quarantineTable(mesh.warehouse(), gated)) + " if published");
      }
      progress.accept(id + ": writing and verifying");
      RunStamp stamp = new RunStamp(runId, runDate, ctx.inputs(), counts.dropped(), counts.quarantined());
      Publisher publisher =
          new Publisher(session, mesh.warehouse(), gate.withContext(context))
              .withMetastore(metastore)
              .withRetention(retention, io.meshwork.jobs.internal.VersionPins.of(contracts, mesh, gated));
      PublishResult result =
          restate
              ? publisher.restate(gated, split.publish(), stamp, split.toQuarantine(mesh.warehouse()))
              : publisher.publish(gated, split.publish(), stamp, split.toQuarantine(mesh.warehouse()));
      double seconds = (System.nanoTime() - start) / 1e9;
      Faults.maybeHalt(Faults.BEFORE_CATALOG);
      record(product, runId, runDate, RunReport.CERTIFIED, result.dataVersion(), result.versionRows(), result.rows(), result.report(), result.committedAt(), null);
      Faults.maybeHalt(Faults.DURING_LINEAGE);
      listener.finished(
          info,
          described(
              new RunOutcome(result.dataVersion(), result.rows(), result.report(), ctx.inputs(), result.schema(), result.committedAt(), null),
              columnLineage,
              session));
      return new RunReport(
          id, product.version().toString(), runId, runDate, RunReport.CERTIFIED, result.dataVersion(), result.rows(), result.report(), seconds,
          ExitCode.OK, null, counts.dropped(), counts.quarantined());
    } catch (Exception failure) { // Spark throws its checked SparkException unchecked
      // A record Spark cannot parse surfaces wherever the source is first scanned (often while
      // the files are written): it is bad input, told at its file and line.
      MeshException e = failure instanceof MeshException m ? m : SourceChecks.malformedRecord(failure, product, ctx);
      if (e == null) {
        throw internal(id, product, runId, runDate, info, ctx, failure, columnLineage, session);
      }
      QualityReport report = e instanceof QualityGateException q ? q.report() : null;
      Long live = liveVersion(product);
      long rows = report == null ? 0 : report.rows();
      Instant now = Instant.now();
      record(product, runId, runDate, RunReport.FAILED, live, rows, 0, report, now, e.getMessage());
      listener.finished(info, described(new RunOutcome(live, rows, report, ctx.inputs(), null, now, e.getMessage()), columnLineage, session));
      notifyOwner(product, e);
      throw e;
    } finally {
      if (marker != null) {
        marker.close();
        if (!Warehouse.hasLog(mesh.warehouse().table(product))) {
          try {
            Vacuum.clearFailedFirstPublish(session, mesh.warehouse().table(product)); // a failed first publish leaves nothing
          } catch (RuntimeException e) {
            LOG.warn("{}: could not remove what the failed first publish left in {}: {}", id, mesh.warehouse().table(product), e.toString());
          }
        }
      }
    }
  }

  private void notifyOwner(DataProduct product, MeshException e) {
    if (notifier == null) {
      return;
    }
    String event =
        switch (ExitCodes.of(e)) {
          case QUALITY, GOVERNANCE -> Notifier.PUBLISH_REFUSED;
          case CONFLICT -> Notifier.PUBLISH_CONFLICT;
          default -> null;
        };
    if (event != null) {
      notifier.onWarning(progress).notify(event, product.id(), product.owner().team(), ExitCodes.of(e).code(), e.getMessage());
    }
  }

  /** Records an unexpected failure of a run and returns it as an internal error (exit 1). */
  private MeshException internal(
      ProductId id, DataProduct product, UUID runId, LocalDate runDate, RunInfo info, DefaultJobContext ctx, Exception e, ColumnLineage columnLineage,
      SparkSession session) {
    Instant now = Instant.now();
    String message = id + ": run failed: " + e;
    record(product, runId, runDate, RunReport.FAILED, liveVersion(product), 0, 0, null, now, message);
    listener.finished(info, described(new RunOutcome(liveVersion(product), 0, null, ctx.inputs(), null, now, message), columnLineage, session));
    return new InternalMeshException(message, e);
  }

  /**
   * A relative source path must stay inside the project: a contract may not read
   * {@code ../../etc/passwd}. (An absolute path, such as a data lake mount, is explicit and allowed.)
   */
  private void requireSourcesInProject(DataProduct product) {
    Path project = contracts.projectDir().toAbsolutePath().normalize();
    List<Problem> problems = new ArrayList<>();
    for (SourceSpec source : product.sources().values()) {
      if (!Path.of(source.path()).isAbsolute() && !project.resolve(source.path()).toAbsolutePath().normalize().startsWith(project)) {
        problems.add(Problem.at(source.location(), product.id() + ": source '" + source.name() + "' path " + source.path() + " is outside the project " + project)
            .about(product.id()));
      }
    }
    if (!problems.isEmpty()) {
      throw new ContractException(problems);
    }
  }

  /**
   * Every input product must exist somewhere: as a contract of the project (it may be built in the
   * same run, or be published but not yet), or as a table in the warehouse (a product of another
   * domain published there, whose contract is not in this project). One that is neither is a
   * contract error at its declaration, found without Spark and before anything is written.
   *
   * @throws ContractException (exit 2) naming each unknown input product
   */
  public static void requireInputsKnown(DataProduct product, ContractRepository contracts, Warehouse warehouse) {
    List<Problem> problems = new ArrayList<>();
    for (ProductRef ref : product.inputs()) {
      ProductId input = ref.id();
      boolean contract = Files.isRegularFile(contracts.fileOf(input));
      boolean table = Warehouse.hasLog(warehouse.table(input)) || Warehouse.hasLog(warehouse.table(input, warehouse.newestMajor(input)));
      if (!contract && !table) {
        problems.add(
            Problem.at(product.locationOf("product.inputs.products"),
                product.id() + ": input product " + input + " has no contract in " + contracts.confDir().resolve("products")
                    + " and no table in " + warehouse).about(product.id()));
      }
    }
    if (!problems.isEmpty()) {
      throw new ContractException(problems);
    }
  }

  /**
   * Every input product read at its latest certified version must have been published within its
   * own freshness SLA ({@code sla.freshness} of the input's contract: the project's, else the one
   * published with its table). Pinned inputs and inputs without an SLA are not checked.
   *
   * @throws MeshException (exit 7) naming each stale input, its SLA and its last publish
   */
  public static void requireFreshInputs(DataProduct product, ContractRepository contracts, Mesh mesh, Instant now) {
    List<String> stale = new ArrayList<>();
    for (ProductRef ref : product.inputs()) {
      if (ref.pinnedVersion().isPresent()) {
        continue;
      }
      ProductId input = ref.id();
      java.time.Duration sla = null;
      if (Files.isRegularFile(contracts.fileOf(input))) {
        sla = contracts.load(input).freshness();
      } else {
        sla = new ContractStore(mesh.spark(), mesh.warehouse()).live(input).map(DataProduct::freshness).orElse(null);
      }
      if (sla == null) {
        continue;
      }
      Instant last = mesh.catalog().lastCertified(input).map(io.meshwork.core.catalog.CatalogEntry::publishedAt).orElse(null);
      io.meshwork.core.model.Freshness f = io.meshwork.core.model.Freshness.of(sla, last, now);
      if (f.breached() || last == null) {
        stale.add(
            input + (last == null
                ? " has no certified version (sla.freshness " + duration(sla) + ")"
                : " was last published at " + last + ", " + duration(java.time.Duration.ofSeconds(f.ageSeconds())) + " ago, older than its sla.freshness "
                    + duration(sla)));
      }
    }
    if (!stale.isEmpty()) {
      throw new StaleInputException(
          product.id() + ": input not fresh, not run (retry when it is republished): " + String.join("; ", stale));
    }
  }

  /** {@code 24h}, {@code 90m}, {@code 2d}: the way contracts write durations. */
  private static String duration(java.time.Duration d) {
    long s = d.getSeconds();
    if (s != 0 && s % 86400 == 0) return s / 86400 + "d";
    if (s != 0 && s % 3600 == 0) return s / 3600 + "h";
    if (s != 0 && s % 60 == 0) return s / 60 + "m";
    return s + "s";
  }

  private Dataset<Row> build(DataProduct product, DefaultJobContext ctx) {
    if (product.sql() != null) {
      product.sources().keySet().forEach(name -> ctx.source(name).createOrReplaceTempView(name));
      product.inputs().forEach(ref -> ctx.product(ref.id().toString()).createOrReplaceTempView(ref.id().name()));
      try {
        return requireDeclaredReads(product, ctx, ctx.spark().sql(product.sql()));
      } catch (Exception e) { // AnalysisException is checked in Scala's eyes only
        if (!(e instanceof AnalysisException analysis)) {
          throw e;
        }
        String missing = SourceChecks.unresolvedColumn(analysis, product, ctx);
        throw new ContractException(
            Problem.at(product.file(), lineOf(product, "sql"), product.id() + ": the product's sql does not run: "
                + (missing != null ? missing : firstLine(e.getMessage()))).about(product.id()));
      }
    }
    DataProductJob job = instantiate(product);
    Dataset<Row> rows = job.build(ctx);
    if (rows == null) {
      throw new InternalMeshException(product.id() + ": job " + product.jobClass() + " returned no Dataset");
    }
    return requireDeclaredReads(product, ctx, rows);
  }

  /**
   * The rows may read only what the contract declares: the relations of the Datasets handed out
   * for its sources and input products. Any other file, path or table (text.`/etc/passwd`, an
   * undeclared product by name or path) is a contract error at the {@code sql} (or {@code job})
   * line, and so is a call of a Java method ({@code reflect}, {@code java_method}) unless
   * {@code conf/governance.conf} sets {@code sql.allow-reflection = true}.
   */
  private Dataset<Row> requireDeclaredReads(DataProduct product, DefaultJobContext ctx, Dataset<Row> rows) {
    String key = product.sql() != null ? "sql" : "job";
    String what = product.sql() != null ? "the product's sql" : "the rows of job " + product.jobClass();
    LogicalPlan plan = rows.queryExecution().analyzed();
    List<String> problems = new ArrayList<>();
    for (String read : PlanReads.undeclared(plan, ctx.handedOut().values())) {
      problems.add(
          what + " reads " + read + ", which the contract does not declare (declare it under inputs.sources or inputs.products)");
    }
    if (governance == null || !governance.allowsReflection()) {
      for (String call : PlanReads.reflection(plan)) {
        problems.add(
            what + " calls " + call + ", which reaches outside Spark; governance does not allow it (sql.allow-reflection in governance.conf)");
      }
    }
    if (!problems.isEmpty()) {
      int line = lineOf(product, key);
      throw new ContractException(problems.stream().map(p -> Problem.at(product.file(), line, product.id() + ": " + p).about(product.id())).toList());
    }
    return rows;
  }

  /**
   * The column lineage of the built rows, from their analyzed plan (see {@link PlanLineage}): for a
   * SQL product through the temporary views registered for its sources and input products, for a
   * Java job through the Datasets its context handed out. Null when the plan does not give it.
   * Lineage never fails a run.
   */
  private ColumnLineage columnLineage(DataProduct product, DefaultJobContext ctx, Dataset<Row> rows) {
    try {
      Map<String, InputVersion> views = new LinkedHashMap<>();
      if (product.sql() != null) {
        for (InputVersion in : ctx.inputs()) {
          views.put(InputVersion.PRODUCT.equals(in.kind()) ? ProductId.parse(in.name()).name() : in.name(), in);
        }
      }
      List<String> published = product.columns().stream().map(ColumnSpec::name).toList();
      return PlanLineage.of(rows.queryExecution().analyzed(), views, ctx.handedOut(), published).orElse(null);
    } catch (RuntimeException e) {
      LOG.warn("{}: no column lineage: {}", product.id(), e.toString());
      return null;
    }
  }

  /** The outcome with what lineage can tell about it: column lineage and the inputs' known metrics. */
  private RunOutcome described(RunOutcome outcome, ColumnLineage columnLineage, SparkSession session) {
    RunOutcome described = outcome.withColumnLineage(columnLineage);
    try {
      return described.withInputMetrics(new InputMetricsHistory(session, mesh.warehouse()).of(outcome.inputs()));
    } catch (RuntimeException e) {
      LOG.warn("input metrics not read from the metrics history: {}", e.toString());
      return described;
    }
  }

  private static DataProductJob instantiate(DataProduct product) {
    java.util.function.Function<String, ContractException> refused =
        what -> new ContractException(Problem.at(product.file(), lineOf(product, "job"), product.id() + ": " + what).about(product.id()));
    try {
      Class<?> type = Class.forName(product.jobClass(), true, Thread.currentThread().getContextClassLoader());
      if (!DataProductJob.class.isAssignableFrom(type)) {
        throw refused.apply("job class " + product.jobClass() + " does not implement " + DataProductJob.class.getName());
      }
      return (DataProductJob) type.getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw refused.apply("job class " + product.jobClass() + " is not on the classpath");
    } catch (NoSuchMethodException e) {
      throw refused.apply("job class " + product.jobClass() + " needs a public no-argument constructor");
    } catch (ReflectiveOperationException e) {
      throw refused.apply("job class " + product.jobClass() + " could not be created: " + e.getCause());
    }
  }

  private void record(
      DataProduct product, UUID runId, LocalDate runDate, String status, Long version, long rows, long rowsAdded, QualityReport report, Instant at,
      String message) {
    Catalog catalog = mesh.catalog();
    catalog.record(
        new CatalogEntry(
            product.id().toString(),
            product.id().domain(),
            product.id().name(),
            version,
            product.version().toString(),
            product.owner().toString(),
            status,
            rows,
            at,
            runId.toString(),
            runDate,
            report == null ? 0 : (int) report.count(Status.PASSED),
            report == null ? 0 : (int) report.count(Status.FAILED),
            report == null ? 0 : (int) report.count(Status.WARNED),
            message,
            product.description(),
            Warehouse.display(mesh.warehouse().table(product)),
            rowsAdded));
  }

  /**
   * Refuses a run of a deprecated major after its sunset date (exit 2), naming the consumers found
   * in lineage.
   */
  private void requireBeforeSunset(DataProduct product) {
    Deprecation d = product.deprecation();
    if (d == null || !d.pastSunset(LocalDate.now(clock))) {
      return;
    }
    throw new ContractException(
        List.of(
            Problem.at(product.file(), lineOf(product, "deprecation"), product.id() + " major " + product.version().major() + " is past its sunset " + d.sunset()
                + ": runs of it are refused" + (d.successorMajor() == null ? "" : "; publish major " + d.successorMajor() + " instead")).about(product.id()),
            Problem.of(consumers(product.id())).about(product.id())));
  }

  /**
   * A consumer still reading a deprecated major of an input is warned; past that major's sunset its
   * run is refused (exit 2), naming the input, the major and the successor to move to.
   */
  private void requireInputMajorsBeforeSunset(DataProduct product, List<InputVersion> inputs) {
    List<Problem> problems = new ArrayList<>();
    for (InputVersion in : inputs) {
      if (!InputVersion.PRODUCT.equals(in.kind())) {
        continue;
      }
      ProductId input = ProductId.parse(in.name());
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("/v(\\d+)/?$").matcher(in.uri());
      int major = m.find() ? Integer.parseInt(m.group(1)) : 1;
      Optional<Deprecation> d;
      try {
        d = mesh.read(input, major).deprecation();
      } catch (MeshException unreadable) {
        continue;
      }
      if (d.isEmpty()) {
        continue;
      }
      String successor = d.get().successorMajor() == null ? "" : "; move to major " + d.get().successorMajor()
          + " (\"" + input + "@v" + d.get().successorMajor() + "\" in inputs.products)";
      if (d.get().pastSunset(LocalDate.now(clock))) {
        problems.add(Problem.at(product.locationOf("product.inputs.products"), product.id() + ": input " + input + " major " + major
            + " is past its sunset " + d.get().sunset() + ": reads of it by runs are refused" + successor).about(product.id()));
      } else {
        progress.accept("warning: " + product.id() + " reads " + input + " major " + major + ", deprecated: sunset " + d.get().sunset() + successor);
      }
    }
    if (!problems.isEmpty()) {
      throw new ContractException(problems);
    }
  }

  /**
   * On a table that keeps history, the rows already published must meet the contract's new
   * tightenings: checked before anything is built or written (exit 3, see {@link PublishedDataCheck}).
   */
  private void requirePublishedDataMeetsTightenings(SparkSession session, DataProduct live, DataProduct product) {
    if (!PublishedDataCheck.keepsHistory(product)) {
      return;
    }
    Long version = liveVersion(product);
    if (version != null) {
      PublishedDataCheck.require(session, mesh.warehouse().table(product), version, product, ContractDiff.compare(live, product), gate);
    }
  }

  /**
   * {@link ContractDiff#requireCompatible}, each consumer-breaking change followed by the consumers
   * that read what it changes (down to the column, from lineage), those that may, and those unaffected.
   */
  private void requireCompatible(DataProduct live, DataProduct product) {
    List<ContractChange> changes = ContractDiff.compare(live, product);
    List<Problem> refused = ContractDiff.problems(live, product, changes);
    if (refused.isEmpty()) {
      return;
    }
    ChangeImpact impact = new ChangeImpact(lineage);
    List<Problem> problems = new ArrayList<>();
    int i = 0;
    for (ContractChange c : changes) {
      if (c.breaking()) {
        problems.add(refused.get(i++));
        problems.add(Problem.of(impact.describe(impact.of(product.id(), c))).about(product.id()));
      }
    }
    throw new ContractException(problems);
  }

  /**
   * {@code consumers: finance.totals (read sales.orders@3), model:churn (read features.x@2)}: every
   * node downstream of the product in lineage, with what its versions read; {@code consumers: none
   * found in lineage} when there is none. Lineage never fails a run: an unreadable log says so.
   */
  private String consumers(ProductId id) {
    List<LineageNode> found;
    try {
      found = lineage.get().impact(id.toString());
    } catch (MeshException unknown) {
      found = List.of(); // the log never mentions the product
    } catch (RuntimeException unreadable) {
      return "consumers: unknown (lineage log not readable: " + unreadable.getMessage() + ")";
    }
    if (found.isEmpty()) {
      return "consumers: none found in lineage";
    }
    return "consumers: "
        + found.stream()
            .map(n -> n.name() + (n.inputs().isEmpty() ? "" : " (read " + String.join(", ", n.inputs()) + ")"))
            .collect(Collectors.joining(", "));
  }

  private Long liveVersion(DataProduct product) {
    try {
      return mesh.read(product.id(), product.version().major()).latestVersion();
    } catch (MeshException e) {
      return null;
    }
  }

  /** The line of the contract where {@code product.<key>} was written (1 when unknown). */
  static int lineOf(DataProduct product, String key) {
    int line = product.locationOf("product." + key).line();
    return line > 0 ? line : 1;
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().map(String::trim).filter(l -> !l.isEmpty()).findFirst().orElse("");
  }
}
