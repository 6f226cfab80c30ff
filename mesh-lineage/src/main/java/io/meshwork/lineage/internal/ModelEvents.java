package io.meshwork.lineage.internal;

import io.meshwork.core.model.InputVersion;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.lineage.TrainingRunInfo;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineage;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * Builds the run events of a model training run: job {@code meshwork.ml} / {@code model:<name>},
 * output dataset {@code model:<name>} in the warehouse namespace; inputs named like a product run's
 * ({@link RunEvents}); the orchestrator's run, if the session names one, as parent.
 */
public final class ModelEvents {
  public static final String JOB_NAMESPACE = "meshwork.ml";
  public static final String JOB_TYPE = "MODEL_TRAINING";
  public static final String MODEL_PREFIX = "model:";

  private final OpenLineage ol;
  private final URI producer;
  private final Warehouse warehouse;
  private final RunEvents products;

  public ModelEvents(URI producer, Warehouse warehouse) {
    this(producer, warehouse, SessionLineage.NONE);
  }

  public ModelEvents(URI producer, Warehouse warehouse, SessionLineage session) {
    this.ol = new OpenLineage(producer);
    this.producer = producer;
    this.warehouse = warehouse;
    this.products = new RunEvents(producer, warehouse, session);
  }

  public OpenLineage.RunEvent start(TrainingRunInfo run) {
    return event(EventType.START, run.startedAt(), run, null, List.of());
  }

  public OpenLineage.RunEvent complete(TrainingRunInfo run, Instant at) {
    return event(EventType.COMPLETE, at, run, null, run.inputs());
  }

  public OpenLineage.RunEvent fail(TrainingRunInfo run, Instant at, String error) {
    return event(EventType.FAIL, at, run, error == null ? "training run failed" : error, run.inputs());
  }

  private OpenLineage.RunEvent event(EventType type, Instant at, TrainingRunInfo run, String error, List<InputVersion> inputs) {
    OpenLineage.RunFacetsBuilder runFacets = ol.newRunFacetsBuilder();
    products.parentFacet(null).ifPresent(runFacets::parent);
    if (error != null) {
      runFacets.errorMessage(ol.newErrorMessageRunFacetBuilder().message(error).programmingLanguage("JAVA").build());
    }
    OpenLineage.Job job =
        ol.newJobBuilder()
            .namespace(JOB_NAMESPACE)
            .name(MODEL_PREFIX + run.model())
            .facets(
                ol.newJobFacetsBuilder()
                    .jobType(ol.newJobTypeJobFacetBuilder().processingType("BATCH").integration("MESHWORK").jobType(JOB_TYPE).build())
                    .build())
            .build();
    OpenLineage.DatasetFacetsBuilder facets =
        ol.newDatasetFacetsBuilder()
            .dataSource(ol.newDatasourceDatasetFacetBuilder().name(warehouse.uri()).uri(URI.create(warehouse.uri())).build());
    if (type == EventType.COMPLETE) {
      facets.version(ol.newDatasetVersionDatasetFacetBuilder().datasetVersion(Long.toString(run.version())).build());
    }
    facets.put(
        CustomDatasetFacet.MESH_MODEL,
        CustomDatasetFacet.meshModel(producer, run.model(), run.version(), run.params(), run.metrics(), run.trainingRows(), run.checksum(), run.manifest()));
    OpenLineage.OutputDataset output =
        ol.newOutputDatasetBuilder().namespace(warehouse.uri()).name(MODEL_PREFIX + run.model()).facets(facets.build()).build();
    return ol.newRunEventBuilder()
        .eventType(type)
        .eventTime(utc(at))
        .run(ol.newRunBuilder().runId(run.runId()).facets(runFacets.build()).build())
        .job(job)
        .inputs(inputs.stream().map(in -> products.input(in, null)).toList())
        .outputs(List.of(output))
        .build();
  }

  private static ZonedDateTime utc(Instant instant) {
    return (instant != null ? instant : Instant.now()).atZone(ZoneOffset.UTC);
  }
}
