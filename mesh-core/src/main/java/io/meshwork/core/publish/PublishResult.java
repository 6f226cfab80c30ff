package io.meshwork.core.publish;

import io.meshwork.core.model.QualityReport;
import java.time.Instant;
import org.apache.spark.sql.types.StructType;

/**
 * A successful publish.
 *
 * @param dataVersion the Delta table version that holds the published rows
 * @param rows rows written by this publish (0 when an append rerun found its run date already
 *     published and wrote nothing)
 * @param report the quality report the publish passed
 * @param schema the table schema as published (contract order, descriptions as comments)
 * @param committedAt the commit's timestamp, the one Delta readers use for "as of" reads
 * @param versionRows the rows of the table at {@code dataVersion} (what a reader of that version
 *     sees; for an append rerun that wrote nothing, the rows of the version that published it)
 */
public record PublishResult(long dataVersion, long rows, QualityReport report, StructType schema, Instant committedAt, long versionRows) {}
