package io.meshwork.jobs;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The boundaries hold over the main classes of every module (mesh-jobs sees them all on its test
 * classpath); a rule that matches no class fails (ArchUnit's default), so an import gone empty
 * cannot pass silently.
 */
@AnalyzeClasses(
    packages = "io.meshwork",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {
  /** mesh-core's test-jar (shared test helpers), which {@code DoNotIncludeTests} does not recognise once packaged. */
  public static final class DoNotIncludeTestJars implements ImportOption {
    public DoNotIncludeTestJars() {}

    @Override
    public boolean includes(Location location) {
      return !location.contains("-tests.jar");
    }
  }

  @ArchTest static final ArchRule coreKnowsNeitherDeequNorOpenLineage = ArchitectureRules.CORE_KNOWS_NEITHER_DEEQU_NOR_OPENLINEAGE;

  @ArchTest static final ArchRule publicApiExposesNoLibraryInternals = ArchitectureRules.PUBLIC_API_EXPOSES_NO_LIBRARY_INTERNALS;

  @ArchTest static final ArchRule noPackageCycles = ArchitectureRules.NO_PACKAGE_CYCLES;
}
