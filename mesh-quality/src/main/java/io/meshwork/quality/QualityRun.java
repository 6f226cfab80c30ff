package io.meshwork.quality;

import io.meshwork.core.model.ProductId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * The metrics of one verification, as kept in the metrics history.
 *
 * @param recordedAt when the verification ran (the history's time axis)
 * @param runDate the run date verified
 * @param runId the run, or null when verified outside a run
 * @param dataVersion the data version the verified rows were to become, or null when unknown; a
 *     failed verification published nothing, so its version was never created
 * @param contractVersion the contract version verified, or null
 * @param passed whether the gate passed (no blocking constraint failed)
 * @param outcome what became of the rows: {@code published} (committed as {@code dataVersion}),
 *     {@code refused} (by the gate) or {@code conflict} (passed, but another writer committed
 *     first; no data version). A passed verification whose publish never reported back (run
 *     outside a publish, or recorded before outcomes were) counts as {@code published}.
 * @param metrics every metric computed, by name ({@code row-count}, {@code completeness(amount)},
 *     {@code mean(amount)}, {@code pattern(email)}, ...), in name order
 */
public record QualityRun(
    Instant recordedAt,
    ProductId product,
    LocalDate runDate,
    String runId,
    Long dataVersion,
    String contractVersion,
    boolean passed,
    String outcome,
    Map<String, Double> metrics) {
  public QualityRun {
    Objects.requireNonNull(recordedAt, "recordedAt");
    Objects.requireNonNull(product, "product");
    metrics = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(metrics));
  }

  /** Whether the verified rows became a published data version: only those serve as baselines. */
  public boolean published() {
    return "published".equals(outcome);
  }

  /** {@code passed} or {@code failed}. */
  public String status() {
    return passed ? "passed" : "failed";
  }
}
