package io.meshwork.core.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One run of a product as the catalog records it: what was published (or why nothing was), under
 * which contract, by whom, with which quality summary.
 *
 * @param product the product name, {@code sales.orders}
 * @param dataVersion the Delta version published; for a failed run the live version, or null if none
 * @param status {@link #CERTIFIED} or {@link #FAILED}
 * @param rows the rows of the published version (the whole table at {@code dataVersion}); for a
 *     failed run, the rows its gate verified
 * @param publishedAt when the run finished (stored in UTC, microsecond precision)
 * @param message the failure reason, or null for a certified run
 * @param table the product table's location
 * @param rowsAdded the rows this run wrote: 0 for a rerun that found its run date already
 *     appended and wrote nothing, and for a failed run
 */
public record CatalogEntry(
    String product,
    String domain,
    String name,
    Long dataVersion,
    String contractVersion,
    String owner,
    String status,
    long rows,
    Instant publishedAt,
    String runId,
    LocalDate runDate,
    int constraintsPassed,
    int constraintsFailed,
    int constraintsWarned,
    String message,
    String description,
    String table,
    long rowsAdded) {
  /** The status of a run that published a version. */
  public static final String CERTIFIED = "certified";
  /** The status of a run that published nothing. */
  public static final String FAILED = "failed";

  /** An entry whose run wrote all the rows of its version ({@code rowsAdded == rows}). */
  public CatalogEntry(
      String product, String domain, String name, Long dataVersion, String contractVersion, String owner, String status, long rows,
      Instant publishedAt, String runId, LocalDate runDate, int constraintsPassed, int constraintsFailed, int constraintsWarned,
      String message, String description, String table) {
    this(product, domain, name, dataVersion, contractVersion, owner, status, rows, publishedAt, runId, runDate, constraintsPassed,
        constraintsFailed, constraintsWarned, message, description, table, rows);
  }

  /**
   * @throws NullPointerException when product, status or publishedAt is missing
   * @throws IllegalArgumentException when status is neither {@code certified} nor {@code failed}
   */
  public CatalogEntry {
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(publishedAt, "publishedAt");
    if (!CERTIFIED.equals(status) && !FAILED.equals(status)) {
      throw new IllegalArgumentException("status must be '" + CERTIFIED + "' or '" + FAILED + "' but was '" + status + "'");
    }
  }

  /** True when this run published a version. */
  public boolean certified() {
    return CERTIFIED.equals(status);
  }
}
