package io.meshwork.core.model;

import java.time.Duration;
import java.time.Instant;

/**
 * A product's freshness against its SLA: the age of its last certified publish compared with
 * {@code sla.freshness}.
 *
 * @param status {@code ok}, {@code breached} or {@code never-published}
 * @param lastPublishedAt the last certified publish, or null
 * @param ageSeconds seconds since then, or null
 */
public record Freshness(String status, Instant lastPublishedAt, Long ageSeconds) {
  public static final String OK = "ok";
  public static final String BREACHED = "breached";
  public static final String NEVER_PUBLISHED = "never-published";

  /** The freshness at {@code now} of a product last certified at {@code last} (null: never), with SLA {@code sla} (null: none). */
  public static Freshness of(Duration sla, Instant last, Instant now) {
    if (last == null) {
      return new Freshness(NEVER_PUBLISHED, null, null);
    }
    Duration age = Duration.between(last, now);
    return new Freshness(sla != null && age.compareTo(sla) > 0 ? BREACHED : OK, last, age.getSeconds());
  }

  public boolean breached() {
    return BREACHED.equals(status);
  }
}
