package io.meshwork.core.model;

import java.util.List;

/** Every constraint's result for one verification, in contract order. */
public record QualityReport(List<ConstraintResult> results, long rows) {
  public QualityReport {
    results = List.copyOf(results);
  }

  public static QualityReport empty(long rows) {
    return new QualityReport(List.of(), rows);
  }

  /** True when no blocking constraint failed. */
  public boolean passed() {
    return results.stream().noneMatch(r -> r.status() == ConstraintResult.Status.FAILED);
  }

  public long count(ConstraintResult.Status status) {
    return results.stream().filter(r -> r.status() == status).count();
  }

  public List<ConstraintResult> failures() {
    return results.stream().filter(r -> r.status() == ConstraintResult.Status.FAILED).toList();
  }
}
