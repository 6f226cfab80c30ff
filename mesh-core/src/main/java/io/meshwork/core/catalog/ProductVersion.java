package io.meshwork.core.catalog;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One certified version of a product, read from its Delta log.
 *
 * @param version the Delta table version
 * @param timestamp when the version was committed (the Delta commit timestamp)
 * @param contractVersion the contract the version satisfies, or null when the publish did not say
 * @param runId the run that published it, or null
 * @param runDate the logical date of that run, or null
 * @param rows rows published by that run, or null when unknown
 * @param operation the Delta operation ({@code WRITE}, {@code MERGE}, ...)
 */
public record ProductVersion(
    long version, Instant timestamp, String contractVersion, String runId, LocalDate runDate, Long rows, String operation) {}
