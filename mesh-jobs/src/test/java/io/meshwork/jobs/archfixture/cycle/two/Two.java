package io.meshwork.jobs.archfixture.cycle.two;

import io.meshwork.jobs.archfixture.cycle.one.One;

/** With {@link One}, a package cycle for ArchitectureRulesTest. */
public class Two {
  public One one() {
    return new One();
  }
}
