package io.meshwork.core.spi;

import io.meshwork.core.model.DataProduct;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * What is known about a run when it starts.
 *
 * @param warehouseUri the warehouse location as a URI ({@code file:/...}); the lineage namespace
 * @param parentRunId the {@code run --all} run this belongs to, or null
 */
public record RunInfo(
    UUID runId, DataProduct product, LocalDate runDate, String warehouseUri, String tableUri, Instant startedAt, UUID parentRunId) {}
