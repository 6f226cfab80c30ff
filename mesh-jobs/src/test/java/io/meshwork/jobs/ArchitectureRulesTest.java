package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import io.meshwork.core.archfixture.UsesDeequ;
import io.meshwork.jobs.archfixture.LeakyApi;
import io.meshwork.jobs.archfixture.cycle.one.One;
import io.meshwork.jobs.archfixture.cycle.two.Two;
import io.meshwork.jobs.archfixture.internal.LeakyImpl;
import org.junit.jupiter.api.Test;

/** Each boundary rule of {@link ArchitectureTest} refuses a class that breaks it, and only that. */
class ArchitectureRulesTest {
  private static final JavaClasses LEAKY = new ClassFileImporter().importClasses(LeakyApi.class, LeakyImpl.class);

  @Test
  void thePublicApiRuleNamesEveryLeakOutsideInternalPackages() {
    EvaluationResult result = ArchitectureRules.PUBLIC_API_EXPOSES_NO_LIBRARY_INTERNALS.evaluate(LEAKY);

    assertThat(result.getFailureReport().getDetails())
        .hasSize(3)
        .anySatisfy(d -> assertThat(d).contains("LeakyApi.table").endsWith("exposes io.delta.tables.DeltaTable"))
        .anySatisfy(d -> assertThat(d).contains("LeakyApi.first()").endsWith("exposes scala.Option"))
        .anySatisfy(d -> assertThat(d).contains("LeakyApi.record(java.util.List)").endsWith("exposes com.amazon.deequ.VerificationResult"))
        .noneSatisfy(d -> assertThat(d).contains("LeakyImpl"))
        .noneSatisfy(d -> assertThat(d).contains("lineage()"));
  }

  @Test
  void theCoreRuleRefusesDeequInACorePackage() {
    assertThatThrownBy(() -> ArchitectureRules.CORE_KNOWS_NEITHER_DEEQU_NOR_OPENLINEAGE.check(new ClassFileImporter().importClasses(UsesDeequ.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("UsesDeequ")
        .hasMessageContaining("com.amazon.deequ.VerificationResult");
  }

  @Test
  void theCycleRuleRefusesTwoPackagesThatUseEachOtherButNotAPackageAndItsInternals() {
    assertThatThrownBy(() -> ArchitectureRules.NO_PACKAGE_CYCLES.check(new ClassFileImporter().importClasses(One.class, Two.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cycle detected: Slice jobs.archfixture.cycle.one");

    ArchitectureRules.NO_PACKAGE_CYCLES.check(LEAKY);
  }
}
