package io.meshwork.jobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The module and package boundaries of Meshwork, as ArchUnit rules over the main classes of all
 * four modules (checked by {@link ArchitectureTest}; {@link ArchitectureRulesTest} proves each
 * rule fails on a class that breaks it).
 */
final class ArchitectureRules {
  private ArchitectureRules() {}

  /** Third-party types that must stay behind {@code internal} packages: Scala, Deequ, OpenLineage, Delta. */
  static final DescribedPredicate<JavaClass> HIDDEN_LIBRARY_TYPE =
      DescribedPredicate.describe(
          "a Scala, Deequ, OpenLineage or Delta type",
          c -> {
            String name = c.getName();
            return name.startsWith("scala.") || name.startsWith("com.amazon.deequ.") || name.startsWith("io.openlineage.")
                || name.startsWith("io.delta.") || name.startsWith("org.apache.spark.sql.delta.");
          });

  /** mesh-core is the model and the publish transaction: the quality and lineage engines plug in through its SPI. */
  static final ArchRule CORE_KNOWS_NEITHER_DEEQU_NOR_OPENLINEAGE =
      noClasses()
          .that().resideInAPackage("io.meshwork.core..")
          .should().dependOnClassesThat().resideInAnyPackage("com.amazon.deequ..", "io.openlineage..")
          .because("mesh-core knows nothing of Deequ or OpenLineage (mesh-quality and mesh-lineage implement its SPI)");

  /** What users compile against: public types outside {@code internal} packages, in every module. */
  static final ArchRule PUBLIC_API_EXPOSES_NO_LIBRARY_INTERNALS =
      classes()
          .that(DescribedPredicate.describe("are public API (public, outside internal packages)", ArchitectureRules::isPublicApi))
          .should(exposeNo(HIDDEN_LIBRARY_TYPE))
          .because("Scala, Deequ, OpenLineage and Delta sit behind internal classes, so upgrading them does not change Meshwork's API");

  /**
   * A package and its {@code internal} subpackage are one slice: internal classes implement their
   * parent package's API over its model, so they depend on each other by design. Between any two
   * such slices (core, core.spi, core.governance, quality, jobs.ml, ...) dependencies go one way.
   */
  static final SliceAssignment PACKAGES_WITH_THEIR_INTERNALS =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
          String name = c.getPackageName();
          if (!name.startsWith("io.meshwork.")) {
            return SliceIdentifier.ignore();
          }
          return SliceIdentifier.of(name.substring("io.meshwork.".length()).replaceFirst("(^|\\.)internal(\\..*)?$", ""));
        }

        @Override
        public String getDescription() {
          return "packages of io.meshwork, each with its internal subpackage";
        }
      };

  static final ArchRule NO_PACKAGE_CYCLES =
      slices().assignedFrom(PACKAGES_WITH_THEIR_INTERNALS).should().beFreeOfCycles();

  static boolean isPublicApi(JavaClass c) {
    if (c.getPackageName().contains(".internal") || c.isAnonymousClass() || c.isLocalClass()) {
      return false;
    }
    for (Optional<JavaClass> k = Optional.of(c); k.isPresent(); k = k.get().getEnclosingClass()) {
      if (!k.get().getModifiers().contains(JavaModifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  /**
   * No public or protected field, constructor or method (types, type arguments, throws) and no
   * supertype names a type the predicate matches.
   */
  static ArchCondition<JavaClass> exposeNo(DescribedPredicate<JavaClass> hidden) {
    return new ArchCondition<>("expose no " + hidden.getDescription() + " in a public signature") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        List<String> leaks = new ArrayList<>();
        leak(c.getDescription() + " extends/implements", supertypes(c), hidden, leaks);
        for (JavaField f : c.getFields()) {
          if (visible(f)) {
            leak(f.getDescription(), f.getType().getAllInvolvedRawTypes(), hidden, leaks);
          }
        }
        for (JavaCodeUnit m : c.getCodeUnits()) {
          if (visible(m) && !m.getModifiers().contains(JavaModifier.SYNTHETIC) && !m.getModifiers().contains(JavaModifier.BRIDGE)) {
            Set<JavaClass> types = new java.util.HashSet<>(m.getReturnType().getAllInvolvedRawTypes());
            for (JavaType p : m.getParameterTypes()) {
              types.addAll(p.getAllInvolvedRawTypes());
            }
            types.addAll(m.getExceptionTypes());
            leak(m.getDescription(), types, hidden, leaks);
          }
        }
        for (String leak : leaks) {
          events.add(SimpleConditionEvent.violated(c, leak));
        }
      }
    };
  }

  private static Set<JavaClass> supertypes(JavaClass c) {
    Set<JavaClass> types = new java.util.HashSet<>();
    c.getSuperclass().ifPresent(s -> types.addAll(s.getAllInvolvedRawTypes()));
    c.getInterfaces().forEach(i -> types.addAll(i.getAllInvolvedRawTypes()));
    return types;
  }

  private static boolean visible(JavaMember m) {
    return m.getModifiers().contains(JavaModifier.PUBLIC) || m.getModifiers().contains(JavaModifier.PROTECTED);
  }

  private static void leak(String where, Set<JavaClass> types, DescribedPredicate<JavaClass> hidden, List<String> leaks) {
    Set<String> names = new TreeSet<>();
    for (JavaClass t : types) {
      JavaClass base = t.isArray() ? t.getBaseComponentType() : t;
      if (hidden.test(base)) {
        names.add(base.getName());
      }
    }
    if (!names.isEmpty()) {
      leaks.add(where + " exposes " + String.join(", ", names));
    }
  }
}
