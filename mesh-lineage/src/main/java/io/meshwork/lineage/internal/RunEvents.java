package io.meshwork.lineage.internal;

import io.meshwork.core.model.ColumnSpec;
import io.meshwork.core.model.ConstraintResult;
import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.InputVersion;
import io.meshwork.core.model.Owner;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.QualityReport;
import io.meshwork.core.spi.ColumnLineage;
import io.meshwork.core.spi.ColumnSource;
import io.meshwork.core.spi.InputMetrics;
import io.meshwork.core.spi.RunInfo;
import io.meshwork.core.spi.RunOutcome;
import io.meshwork.core.storage.Storage;
import io.meshwork.core.storage.Warehouse;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineage;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds the OpenLineage run events of one product run with openlineage-java's generated model,
 * so that every standard facet carries the {@code _producer} and {@code _schemaURL} its builder
 * sets.
 *
 * <p>Naming (see the module's reference.conf for the user-facing summary):
 *
 * <ul>
 *   <li>job: namespace {@code meshwork.<domain>}, name {@code <domain>.<name>};
 *   <li>parent job of a {@code run --all} run: namespace {@value #PARENT_JOB_NAMESPACE}, name
 *       {@value #PARENT_JOB_NAME}; its own events have the orchestrator's run as parent, if any;
 *   <li>datasets (products and raw sources): named by their storage location as the OpenLineage
 *       naming spec says ({@link DatasetName}); a product also carries a {@code symlinks} facet
 *       with its {@code domain.name} in the warehouse's namespace ({@link Warehouse#uri()}) and,
 *       where the session has a Hive metastore, its table name there.
 * </ul>
 */
public final class RunEvents {
  public static final String PARENT_JOB_NAMESPACE = "meshwork";
  public static final String PARENT_JOB_NAME = "run-all";
  public static final String FILE_NAMESPACE = DatasetName.FILE;
  /** {@code job.facets.jobType.jobType} of a {@code run --all} run. */
  public static final String RUN_ALL_JOB_TYPE = "DAG";
  /** {@code job.facets.jobType.jobType} of a product run; {@value #FEATURE_SET_JOB_TYPE} for a feature set. */
  public static final String PRODUCT_JOB_TYPE = "DATA_PRODUCT";
  /** The symlink type of a product's names. */
  public static final String SYMLINK_TYPE = "TABLE";
  /** {@code job.facets.jobType.jobType} of a run whose contract declares {@code kind = feature-set}. */
  public static final String FEATURE_SET_JOB_TYPE = "FEATURE_SET";

  private final OpenLineage ol;
  private final URI producer;
  private final Warehouse warehouse;
  private final SessionLineage session;

  public RunEvents(URI producer, Warehouse warehouse) {
    this(producer, warehouse, SessionLineage.NONE);
  }

  public RunEvents(URI producer, Warehouse warehouse, SessionLineage session) {
    this.ol = new OpenLineage(producer);
    this.producer = producer;
    this.warehouse = warehouse;
    this.session = session;
  }

  public static String jobNamespace(ProductId id) {
    return "meshwork." + id.domain();
  }

  public static String jobName(ProductId id) {
    return id.toString();
  }

  /** START: the run, the job and the output as the contract describes it; no inputs yet. */
  public OpenLineage.RunEvent start(RunInfo run) {
    return ol.newRunEventBuilder()
        .eventType(EventType.START)
        .eventTime(utc(run.startedAt()))
        .run(run(run, null))
        .job(job(run.product()))
        .inputs(List.of())
        .outputs(List.of(output(run, null)))
        .build();
  }

  /** COMPLETE when the outcome succeeded, FAIL otherwise; carries the inputs actually read. */
  public OpenLineage.RunEvent finish(RunInfo run, RunOutcome outcome) {
    java.util.Objects.requireNonNull(outcome, "a finished run has an outcome (start() is for a run without one)");
    return ol.newRunEventBuilder()
        .eventType(outcome.succeeded() ? EventType.COMPLETE : EventType.FAIL)
        .eventTime(utc(outcome.finishedAt()))
        .run(run(run, outcome))
        .job(job(run.product()))
        .inputs(outcome.inputs().stream().map(in -> input(in, outcome.inputMetrics().get(in.name()))).toList())
        .outputs(List.of(output(run, outcome)))
        .build();
  }

  private OpenLineage.Run run(RunInfo run, RunOutcome outcome) {
    OpenLineage.RunFacetsBuilder facets = ol.newRunFacetsBuilder();
    if (run.runDate() != null) {
      ZonedDateTime day = run.runDate().atStartOfDay(ZoneOffset.UTC);
      facets.nominalTime(ol.newNominalTimeRunFacetBuilder().nominalStartTime(day).nominalEndTime(day.plusDays(1)).build());
    }
    parentFacet(run.parentRunId()).ifPresent(facets::parent);
    if (outcome != null && !outcome.succeeded()) {
      facets.errorMessage(ol.newErrorMessageRunFacetBuilder().message(outcome.error()).programmingLanguage("JAVA").build());
    }
    return ol.newRunBuilder().runId(run.runId()).facets(facets.build()).build();
  }

  /**
   * The {@code parent} facet of a product run: the {@code run --all} run it belongs to (whose root
   * is the orchestrator's root, else itself), else the orchestrator's run; empty without either.
   */
  Optional<OpenLineage.ParentRunFacet> parentFacet(UUID runAllId) {
    if (runAllId != null) {
      SessionLineage.RunRef runAll = new SessionLineage.RunRef(PARENT_JOB_NAMESPACE, PARENT_JOB_NAME, runAllId);
      return Optional.of(parentFacet(runAll, session.root() != null ? session.root() : runAll));
    }
    return session.parent() == null ? Optional.empty() : Optional.of(parentFacet(session.parent(), session.root()));
  }

  private OpenLineage.ParentRunFacet parentFacet(SessionLineage.RunRef parent, SessionLineage.RunRef root) {
    return ol.newParentRunFacetBuilder()
        .run(ol.newParentRunFacetRunBuilder().runId(parent.runId()).build())
        .job(ol.newParentRunFacetJobBuilder().namespace(parent.namespace()).name(parent.name()).build())
        .root(
            ol.newParentRunFacetRootBuilder()
                .run(ol.newRootRunBuilder().runId(root.runId()).build())
                .job(ol.newRootJobBuilder().namespace(root.namespace()).name(root.name()).build())
                .build())
        .build();
  }

  /** START of a {@code run --all} run: job {@value #PARENT_JOB_NAMESPACE} / {@value #PARENT_JOB_NAME}, parent = the orchestrator's run. */
  public OpenLineage.RunEvent runAllStart(UUID runId, Instant at) {
    return runAll(EventType.START, runId, at, null);
  }

  /** COMPLETE of a {@code run --all} run, or FAIL with {@code error} (the products that failed). */
  public OpenLineage.RunEvent runAllFinish(UUID runId, Instant at, String error) {
    return runAll(error == null ? EventType.COMPLETE : EventType.FAIL, runId, at, error);
  }

  private OpenLineage.RunEvent runAll(EventType type, UUID runId, Instant at, String error) {
    OpenLineage.RunFacetsBuilder facets = ol.newRunFacetsBuilder();
    parentFacet(null).ifPresent(facets::parent);
    if (error != null) {
      facets.errorMessage(ol.newErrorMessageRunFacetBuilder().message(error).programmingLanguage("JAVA").build());
    }
    OpenLineage.Job job =
        ol.newJobBuilder()
            .namespace(PARENT_JOB_NAMESPACE)
            .name(PARENT_JOB_NAME)
            .facets(ol.newJobFacetsBuilder().jobType(ol.newJobTypeJobFacetBuilder().processingType("BATCH").integration("MESHWORK").jobType(RUN_ALL_JOB_TYPE).build()).build())
            .build();
    return ol.newRunEventBuilder()
        .eventType(type)
        .eventTime(utc(at))
        .run(ol.newRunBuilder().runId(runId).facets(facets.build()).build())
        .job(job)
        .inputs(List.of())
        .outputs(List.of())
        .build();
  }

  private OpenLineage.Job job(DataProduct product) {
    OpenLineage.JobFacetsBuilder facets =
        ol.newJobFacetsBuilder()
            .jobType(ol.newJobTypeJobFacetBuilder().processingType("BATCH").integration("MESHWORK").jobType(ContractKind.isFeatureSet(product) ? FEATURE_SET_JOB_TYPE : PRODUCT_JOB_TYPE).build());
    if (product.sql() != null && !product.sql().isBlank()) {
      facets.sql(ol.newSQLJobFacetBuilder().query(product.sql()).dialect("spark").build());
    }
    return ol.newJobBuilder().namespace(jobNamespace(product.id())).name(jobName(product.id())).facets(facets.build()).build();
  }

  private OpenLineage.OutputDataset output(RunInfo run, RunOutcome outcome) {
    DataProduct product = run.product();
    boolean completed = outcome != null && outcome.succeeded();
    String tableUri = run.tableUri() != null ? run.tableUri() : warehouse.table(product).toUri().toString();
    OpenLineage.DatasetFacetsBuilder facets = ol.newDatasetFacetsBuilder().dataSource(warehouseSource());
    facets.symlinks(symlinks(product.id(), tableUri));
    facets.schema(ol.newSchemaDatasetFacetBuilder().fields(product.columns().stream().map(this::field).toList()).build());
    ownership(product.owner()).ifPresent(facets::ownership);
    if (product.description() != null && !product.description().isBlank()) {
      facets.documentation(ol.newDocumentationDatasetFacetBuilder().description(product.description()).build());
    }
    if (completed && outcome.dataVersion() != null) {
      facets.version(ol.newDatasetVersionDatasetFacetBuilder().datasetVersion(outcome.dataVersion().toString()).build());
    }
    if (completed && outcome.columnLineage() != null) {
      facets.columnLineage(columnLineage(outcome.columnLineage()));
    }
    if (outcome != null && outcome.report() != null && !outcome.report().results().isEmpty()) {
      facets.put("dataQualityAssertions", CustomDatasetFacet.dataQualityAssertions(assertions(outcome.report())));
    }
    facets.put(
        CustomDatasetFacet.MESH_CONTRACT,
        CustomDatasetFacet.meshContract(
            producer,
            product.id().toString(),
            product.version() == null ? null : product.version().toString(),
            product.sha256(),
            product.freshnessSla().map(Object::toString).orElse(null)));

    DatasetName name = DatasetName.of(tableUri);
    OpenLineage.OutputDatasetBuilder output = ol.newOutputDatasetBuilder().namespace(name.namespace()).name(name.name()).facets(facets.build());
    if (completed) {
      output.outputFacets(
          ol.newOutputDatasetOutputFacetsBuilder()
              .outputStatistics(ol.newOutputStatisticsOutputDatasetFacetBuilder().rowCount(outcome.rows()).build())
              .build());
    }
    return output.build();
  }

  /** An input dataset: a product (with its symlinks and data source) or a raw source; {@code metrics} may be null. */
  OpenLineage.InputDataset input(InputVersion in, InputMetrics metrics) {
    OpenLineage.DatasetFacetsBuilder facets = ol.newDatasetFacetsBuilder();
    DatasetName id = datasetId(in);
    productId(in).ifPresent(product -> facets.dataSource(warehouseSource()).symlinks(symlinks(product, productUri(in, product))));
    if (in.version() != null) {
      facets.version(ol.newDatasetVersionDatasetFacetBuilder().datasetVersion(in.version().toString()).build());
    }
    OpenLineage.InputDatasetBuilder input = ol.newInputDatasetBuilder().namespace(id.namespace()).name(id.name()).facets(facets.build());
    if (metrics != null) {
      input.inputFacets(ol.newInputDatasetInputFacetsBuilder().dataQualityMetrics(dataQualityMetrics(metrics)).build());
    }
    return input.build();
  }

  /** The name of an input's dataset: its storage location. */
  private DatasetName datasetId(InputVersion in) {
    Optional<ProductId> product = productId(in);
    if (product.isPresent()) {
      return DatasetName.of(productUri(in, product.get()));
    }
    return DatasetName.of(in.uri() != null ? in.uri() : in.name());
  }

  /** The product an input is, when it is one with a {@code domain.name}. */
  private static Optional<ProductId> productId(InputVersion in) {
    if (!InputVersion.PRODUCT.equals(in.kind())) {
      return Optional.empty();
    }
    try {
      return Optional.of(ProductId.parse(in.name()));
    } catch (RuntimeException notAProductName) {
      return Optional.empty();
    }
  }

  private String productUri(InputVersion in, ProductId id) {
    return in.uri() != null ? in.uri() : warehouse.table(id).toUri().toString();
  }

  /**
   * The {@code symlinks} facet of a product's table: {@code domain.name} in the warehouse's
   * namespace, and the table's name in the session's metastore when the product is registered
   * there (the newest major answers to the plain name).
   */
  private OpenLineage.SymlinksDatasetFacet symlinks(ProductId id, String tableUri) {
    List<OpenLineage.SymlinksDatasetFacetIdentifiers> identifiers = new ArrayList<>();
    identifiers.add(ol.newSymlinksDatasetFacetIdentifiersBuilder().namespace(warehouse.uri()).name(id.toString()).type(SYMLINK_TYPE).build());
    if (session.metastoreNamespace() != null && registered(id, tableUri)) {
      identifiers.add(ol.newSymlinksDatasetFacetIdentifiersBuilder().namespace(session.metastoreNamespace()).name(id.toString()).type(SYMLINK_TYPE).build());
    }
    return ol.newSymlinksDatasetFacetBuilder().identifiers(identifiers).build();
  }

  private boolean registered(ProductId id, String tableUri) {
    try {
      return DatasetName.of(warehouse.table(id, warehouse.newestMajor(id)).toUri().toString()).equals(DatasetName.of(tableUri));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The standard input facet {@code dataQualityMetrics}: row count and the metrics of single columns. */
  private OpenLineage.DataQualityMetricsInputDatasetFacet dataQualityMetrics(InputMetrics metrics) {
    OpenLineage.DataQualityMetricsInputDatasetFacetColumnMetricsBuilder columns = ol.newDataQualityMetricsInputDatasetFacetColumnMetricsBuilder();
    metrics.columns().forEach(
        (name, c) ->
            columns.put(
                name,
                ol.newDataQualityMetricsInputDatasetFacetColumnMetricsAdditionalBuilder()
                    .nullCount(c.nullCount())
                    .distinctCount(c.distinctCount())
                    .sum(c.sum())
                    .count(c.count())
                    .min(c.min())
                    .max(c.max())
                    .build()));
    return ol.newDataQualityMetricsInputDatasetFacetBuilder().rowCount(metrics.rowCount()).columnMetrics(columns.build()).build();
  }

  /**
   * The standard facet {@code columnLineage}: per output column its input fields, each with its
   * transformations (type DIRECT or INDIRECT, subtype as {@link ColumnSource.Use}); the
   * whole-output dependencies (join, filter, grouping, sort, window keys) under {@code dataset}.
   */
  private OpenLineage.ColumnLineageDatasetFacet columnLineage(ColumnLineage lineage) {
    OpenLineage.ColumnLineageDatasetFacetFieldsBuilder fields = ol.newColumnLineageDatasetFacetFieldsBuilder();
    lineage.fields().forEach(
        (name, sources) -> fields.put(name, ol.newColumnLineageDatasetFacetFieldsAdditionalBuilder().inputFields(inputFields(sources)).build()));
    OpenLineage.ColumnLineageDatasetFacetBuilder facet = ol.newColumnLineageDatasetFacetBuilder().fields(fields.build());
    if (!lineage.dataset().isEmpty()) {
      facet.dataset(inputFields(lineage.dataset()));
    }
    return facet.build();
  }

  /** One input field per input column, in first-seen order, carrying each distinct use of it. */
  private List<OpenLineage.InputField> inputFields(List<ColumnSource> sources) {
    Map<List<String>, Map<List<Object>, OpenLineage.InputFieldTransformations>> byField = new LinkedHashMap<>();
    for (ColumnSource source : sources) {
      DatasetName id = datasetId(source.input());
      byField
          .computeIfAbsent(List.of(id.namespace(), id.name(), source.field()), k -> new LinkedHashMap<>())
          .computeIfAbsent(List.of(source.use(), source.masking()), k -> transformation(source));
    }
    List<OpenLineage.InputField> fields = new ArrayList<>();
    byField.forEach(
        (key, transformations) ->
            fields.add(
                ol.newInputFieldBuilder()
                    .namespace(key.get(0))
                    .name(key.get(1))
                    .field(key.get(2))
                    .transformations(List.copyOf(transformations.values()))
                    .build()));
    return fields;
  }

  private OpenLineage.InputFieldTransformations transformation(ColumnSource source) {
    OpenLineage.InputFieldTransformationsBuilder t =
        ol.newInputFieldTransformationsBuilder().type(source.use().direct() ? "DIRECT" : "INDIRECT").subtype(source.use().name());
    if (source.masking()) {
      t.masking(true);
    }
    return t.build();
  }

  private OpenLineage.DatasourceDatasetFacet warehouseSource() {
    return ol.newDatasourceDatasetFacetBuilder().name(warehouse.uri()).uri(URI.create(warehouse.uri())).build();
  }

  private OpenLineage.SchemaDatasetFacetFields field(ColumnSpec column) {
    return ol.newSchemaDatasetFacetFieldsBuilder().name(column.name()).type(column.type()).description(column.description()).build();
  }

  private Optional<OpenLineage.OwnershipDatasetFacet> ownership(Owner owner) {
    if (owner == null) {
      return Optional.empty();
    }
    List<OpenLineage.OwnershipDatasetFacetOwners> owners = new ArrayList<>();
    if (owner.team() != null) {
      owners.add(ol.newOwnershipDatasetFacetOwnersBuilder().name("team:" + owner.team()).build());
    }
    if (owner.email() != null) {
      owners.add(ol.newOwnershipDatasetFacetOwnersBuilder().name("email:" + owner.email()).build());
    }
    return owners.isEmpty() ? Optional.empty() : Optional.of(ol.newOwnershipDatasetFacetBuilder().owners(owners).build());
  }

  private OpenLineage.DataQualityAssertionsDatasetFacet assertions(QualityReport report) {
    List<OpenLineage.DataQualityAssertionsDatasetFacetAssertions> assertions = new ArrayList<>();
    for (ConstraintResult result : report.results()) {
      ConstraintSpec c = result.constraint();
      assertions.add(
          ol.newDataQualityAssertionsDatasetFacetAssertionsBuilder()
              .assertion(c.check())
              .name(c.name() != null ? c.name() : c.label())
              .column(c.columns().size() == 1 ? c.columns().get(0) : null)
              .success(result.status() == ConstraintResult.Status.PASSED)
              .severity(c.blocking() ? "error" : "warn")
              .expected(result.threshold())
              .actual(result.observed())
              .description(result.message())
              .build());
    }
    return ol.newDataQualityAssertionsDatasetFacetBuilder().assertions(assertions).build();
  }

  private static ZonedDateTime utc(Instant instant) {
    return (instant != null ? instant : Instant.now()).atZone(ZoneOffset.UTC);
  }
}
