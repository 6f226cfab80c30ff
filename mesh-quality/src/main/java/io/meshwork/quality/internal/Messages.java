package io.meshwork.quality.internal;

import io.meshwork.core.model.ConstraintSpec;
import java.util.List;

/**
 * Every user-facing sentence of the quality gate, in one place. Deequ's own texts ("does not meet
 * the constraint requirement") never reach the user.
 */
final class Messages {
  private Messages() {}

  /** {@code completeness(amount) must be >= 1.0 but was 0.8 on 5 rows [level=error]}. */
  static String violated(ConstraintSpec spec, String metric, String threshold, String observed, long rows) {
    return metric + " must be " + threshold + " but was " + observed + " on " + Numbers.rows(rows) + " " + where(spec);
  }

  /** A value metric (mean, stddev) over no non-null values. */
  static String undefined(ConstraintSpec spec, String metric, String threshold, long rows) {
    return metric + " must be " + threshold + " but was undefined (no non-null values) on " + Numbers.rows(rows) + " " + where(spec);
  }

  static String notComputed(ConstraintSpec spec, String metric, String threshold, long rows, String reason) {
    return metric + " must be " + threshold + " but could not be computed on " + Numbers.rows(rows) + ": " + reason + " " + where(spec);
  }

  /** A check that needs the run (other products, run date, metrics history) verified without one. */
  static String needsContext(ConstraintSpec spec) {
    return spec.label() + " cannot be verified: check '" + spec.check()
        + "' needs a verification context (run date, certified products, metrics history) and none was given " + where(spec);
  }

  /** A constraint the gate cannot evaluate as declared (unknown kind, missing parameter, no such column). */
  static String cannotVerify(ConstraintSpec spec, String why) {
    return spec.label() + " cannot be verified: " + why + " " + where(spec);
  }

  static String examples(List<String> values) {
    return values.isEmpty() ? "" : " (examples: " + String.join(", ", values) + ")";
  }

  /** {@code [level=warning, check=non-negative amounts]}. */
  static String where(ConstraintSpec spec) {
    String name = spec.name() == null || spec.name().isBlank() ? "" : ", check=" + spec.name();
    return "[level=" + level(spec) + name + "]";
  }

  static String level(ConstraintSpec spec) {
    if (!spec.blocking()) {
      return ConstraintSpec.WARNING;
    }
    return spec.level() == null || spec.level().isBlank() ? ConstraintSpec.ERROR : spec.level();
  }
}
