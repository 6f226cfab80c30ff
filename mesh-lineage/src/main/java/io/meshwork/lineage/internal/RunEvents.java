package io.meshwork.lineage.internal;

import io.meshwork.core.ColumnSpec;
import io.meshwork.core.ConstraintSpec;
import io.meshwork.core.DataProduct;
import io.meshwork.core.Owner;
import io.meshwork.core.ProductId;
import io.meshwork.core.Storage;
import io.meshwork.core.Warehouse;
import io.meshwork.core.spi.ColumnLineage;
import io.meshwork.core.spi.ColumnSource;
import io.meshwork.core.spi.ConstraintResult;
import io.meshwork.core.spi.InputMetrics;
import io.meshwork.core.spi.InputVersion;
import io.meshwork.core.spi.QualityReport;
import io.meshwork.core.spi.RunInfo;
import io.meshwork.core.spi.RunOutcome;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 *       {@value #PARENT_JOB_NAME};
 *   <li>product datasets: namespace = the warehouse URI, name = the table's path relative to the
 *       warehouse ({@code sales/orders}, or {@code sales/orders/v2} after a major bump);
 *   <li>raw sources: namespace {@code file}, name = the absolute path (other schemes:
 *       {@code scheme://authority} and the path).
 * </ul>
 */
public final class RunEvents {
  public static final String PARENT_JOB_NAMESPACE = "meshwork";
  public static final String PARENT_JOB_NAME = "run-all";
  public static final String FILE_NAMESPACE = "file";
  /** {@code job.facets.jobType.jobType} of a product run; {@value #FEATURE_SET_JOB_TYPE} for a feature set. */
  public static final String PRODUCT_JOB_TYPE = "DATA_PRODUCT";
  /** {@code job.facets.jobType.jobType} of a run whose contract declares {@code kind = feature-set}. */
  public static final String FEATURE_SET_JOB_TYPE = "FEATURE_SET";

  private final OpenLineage ol;
  private final URI producer;
  private final Warehouse warehouse;

  public RunEvents(URI producer, Warehouse warehouse) {
    this.ol = new OpenLineage(producer);
    this.producer = producer;
    this.warehouse = warehouse;
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
    if (run.parentRunId() != null) {
      facets.parent(
          ol.newParentRunFacetBuilder()
              .run(ol.newParentRunFacetRunBuilder().runId(run.parentRunId()).build())
              .job(ol.newParentRunFacetJobBuilder().namespace(PARENT_JOB_NAMESPACE).name(PARENT_JOB_NAME).build())
              .root(
                  ol.newParentRunFacetRootBuilder()
                      .run(ol.newRootRunBuilder().runId(run.parentRunId()).build())
                      .job(ol.newRootJobBuilder().namespace(PARENT_JOB_NAMESPACE).name(PARENT_JOB_NAME).build())
                      .build())
              .build());
    }
    if (outcome != null && !outcome.succeeded()) {
      facets.errorMessage(ol.newErrorMessageRunFacetBuilder().message(outcome.error()).programmingLanguage("JAVA").build());
    }
    return ol.newRunBuilder().runId(run.runId()).facets(facets.build()).build();
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
    OpenLineage.DatasetFacetsBuilder facets = ol.newDatasetFacetsBuilder().dataSource(warehouseSource());
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

    OpenLineage.OutputDatasetBuilder output =
        ol.newOutputDatasetBuilder().namespace(warehouse.uri()).name(tableName(run.tableUri(), product.id())).facets(facets.build());
    if (completed) {
      output.outputFacets(
          ol.newOutputDatasetOutputFacetsBuilder()
              .outputStatistics(ol.newOutputStatisticsOutputDatasetFacetBuilder().rowCount(outcome.rows()).build())
              .build());
    }
    return output.build();
  }

  private OpenLineage.InputDataset input(InputVersion in, InputMetrics metrics) {
    OpenLineage.DatasetFacetsBuilder facets = ol.newDatasetFacetsBuilder();
    String[] id = datasetId(in);
    if (InputVersion.PRODUCT.equals(in.kind())) {
      facets.dataSource(warehouseSource());
    }
    if (in.version() != null) {
      facets.version(ol.newDatasetVersionDatasetFacetBuilder().datasetVersion(in.version().toString()).build());
    }
    OpenLineage.InputDatasetBuilder input = ol.newInputDatasetBuilder().namespace(id[0]).name(id[1]).facets(facets.build());
    if (metrics != null) {
      input.inputFacets(ol.newInputDatasetInputFacetsBuilder().dataQualityMetrics(dataQualityMetrics(metrics)).build());
    }
    return input.build();
  }

  /** {@code [namespace, name]} of an input, as its input dataset is named. */
  private String[] datasetId(InputVersion in) {
    if (InputVersion.PRODUCT.equals(in.kind())) {
      return new String[] {warehouse.uri(), productTableName(in)};
    }
    return sourceLocation(in.uri() != null ? in.uri() : in.name());
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
      String[] id = datasetId(source.input());
      byField
          .computeIfAbsent(List.of(id[0], id[1], source.field()), k -> new LinkedHashMap<>())
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

  private String productTableName(InputVersion in) {
    try {
      return tableName(in.uri(), ProductId.parse(in.name()));
    } catch (RuntimeException notAProductName) {
      return in.name().replace('.', '/');
    }
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

  /** The table's path relative to the warehouse, or {@code <domain>/<name>} when it lies elsewhere. */
  String tableName(String tableUri, ProductId id) {
    if (tableUri != null && !tableUri.isBlank()) {
      String table;
      try {
        table = Storage.location(tableUri).toString();
      } catch (RuntimeException notAPath) {
        table = tableUri;
      }
      String root = warehouse.root().toString();
      if (table.startsWith(root + "/")) {
        return table.substring(root.length() + 1);
      }
    }
    return id.domain() + "/" + id.name();
  }

  /** {@code [namespace, name]} of a raw source, after OpenLineage's dataset naming for files. */
  static String[] sourceLocation(String location) {
    Optional<Path> local = localPath(location);
    if (local.isPresent()) {
      return new String[] {FILE_NAMESPACE, local.get().toString()};
    }
    URI uri = URI.create(location);
    String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
    String name = "hdfs".equals(uri.getScheme()) ? path : path.replaceFirst("^/", "");
    return new String[] {uri.getScheme() + "://" + uri.getAuthority(), name};
  }

  /** A local absolute path for a plain path or a {@code file:} URI; empty for other schemes. */
  static Optional<Path> localPath(String location) {
    if (location == null || location.isBlank()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(location);
      if (uri.getScheme() == null) {
        return Optional.of(Path.of(location).toAbsolutePath().normalize());
      }
      if ("file".equals(uri.getScheme())) {
        return Optional.of(Path.of(uri).normalize());
      }
      return Optional.empty();
    } catch (URISyntaxException | IllegalArgumentException e) {
      // Not a URI (spaces, Windows drive letters): take it as a path.
      return Optional.of(Path.of(location).toAbsolutePath().normalize());
    }
  }

  private static ZonedDateTime utc(Instant instant) {
    return (instant != null ? instant : Instant.now()).atZone(ZoneOffset.UTC);
  }
}
