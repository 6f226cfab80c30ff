package io.meshwork.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Public signatures of io.meshwork.quality use only JDK, Spark and Meshwork types: Deequ and Scala stay internal. */
class QualityPublicApiTest {
  private static final List<Class<?>> API =
      List.of(
          DeequQualityGate.class, RowActions.class, RowSplit.class, RowSplit.Counts.class, QualityHistory.class, QualityRun.class,
          ContractSuggestions.class);

  @Test
  void noDeequOrScalaTypeInAPublicSignature() {
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : API) {
      List<Executable> members = new ArrayList<>(List.of(type.getMethods()));
      members.addAll(List.of(type.getConstructors()));
      for (Executable m : members) {
        if (!Modifier.isPublic(m.getModifiers()) || m.getDeclaringClass() == Object.class) {
          continue;
        }
        List<Type> types = new ArrayList<>(List.of(m.getGenericParameterTypes()));
        if (m instanceof Method method) {
          types.add(method.getGenericReturnType());
        }
        for (Type t : types) {
          String name = t.getTypeName();
          if (name.contains("scala.") || name.contains("com.amazon.") || name.contains(".internal.")) {
            leaks.add(type.getSimpleName() + "." + (m instanceof Constructor<?> ? "<init>" : m.getName()) + ": " + name);
          }
        }
      }
    }
    assertThat(leaks).isEmpty();
  }
}
