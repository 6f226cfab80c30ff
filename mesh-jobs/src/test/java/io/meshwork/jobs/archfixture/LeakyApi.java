package io.meshwork.jobs.archfixture;

import com.amazon.deequ.VerificationResult;
import io.delta.tables.DeltaTable;
import io.meshwork.jobs.archfixture.internal.LeakyImpl;
import java.util.List;

/** Breaks the public API rule three ways (ArchitectureRulesTest); its internal twin may. */
public class LeakyApi {
  public DeltaTable table;

  public scala.Option<String> first() {
    return scala.Option.empty();
  }

  protected void record(List<VerificationResult> results) {}

  /** Not API: private members may use anything. */
  private io.openlineage.client.OpenLineage lineage() {
    return null;
  }

  /** An API class and its internal implementation may depend on each other (one slice). */
  public LeakyImpl impl() {
    return new LeakyImpl(this, lineage());
  }
}
