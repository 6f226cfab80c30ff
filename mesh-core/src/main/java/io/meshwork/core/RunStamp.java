package io.meshwork.core;

import io.meshwork.core.spi.InputVersion;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What a publish is stamped with, besides the contract: which run produced it, for which run
 * date, from which inputs (and their versions). Written into the publishing Delta commit's
 * {@code userMetadata}.
 *
 * <p>The run date is also the key of idempotent reruns: see {@link Publisher}.
 */
public record RunStamp(UUID runId, LocalDate runDate, List<InputVersion> inputs) {
  public RunStamp {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(runDate, "runDate");
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
  }
}
