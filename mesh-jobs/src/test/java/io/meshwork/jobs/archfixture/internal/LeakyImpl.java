package io.meshwork.jobs.archfixture.internal;

import io.meshwork.jobs.archfixture.LeakyApi;
import io.openlineage.client.OpenLineage;

/** In an internal package: may expose library types, and may point back at its API package. */
public class LeakyImpl {
  public LeakyImpl(LeakyApi api, OpenLineage lineage) {}

  public scala.Option<LeakyApi> api() {
    return scala.Option.empty();
  }
}
