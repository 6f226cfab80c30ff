package io.meshwork.jobs.archfixture.cycle.one;

import io.meshwork.jobs.archfixture.cycle.two.Two;

/** With {@link Two}, a package cycle for ArchitectureRulesTest. */
public class One {
  public Two two() {
    return new Two();
  }
}
