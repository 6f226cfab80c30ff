package io.meshwork.core.publish;

import io.meshwork.core.model.InputVersion;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What a publish is stamped with, besides the contract: which run produced it, for which run
 * date, from which inputs (and their versions). Written into the publishing Delta commit's
 * {@code userMetadata}.
 *
 * <p>{@code dropped} and {@code quarantined} count the rows that row-level constraints with
 * {@code on-fail = drop | quarantine} kept out of the publish.
 *
 * <p>The run date is also the key of idempotent reruns: see {@link Publisher}.
 */
public record RunStamp(UUID runId, LocalDate runDate, List<InputVersion> inputs, long dropped, long quarantined) {
  public RunStamp {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(runDate, "runDate");
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
  }

  /** A run that dropped and quarantined no rows. */
  public RunStamp(UUID runId, LocalDate runDate, List<InputVersion> inputs) {
    this(runId, runDate, inputs, 0, 0);
  }
}
