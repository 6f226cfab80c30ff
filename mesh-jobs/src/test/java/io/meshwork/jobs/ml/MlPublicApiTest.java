package io.meshwork.jobs.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.lineage.LineageGraph;
import io.meshwork.lineage.LineageNode;
import io.meshwork.lineage.ModelLineage;
import io.meshwork.lineage.TrainingRunInfo;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Public signatures of the ML and lineage-query API use only JDK, Spark, typesafe Config and Meshwork types. */
class MlPublicApiTest {
  private static final List<Class<?>> API =
      List.of(
          MeshMl.class, TrainingSet.class, TrainingRun.class, FeatureSetSpec.class, FeatureSetUse.class, ProductUse.class, ModelManifest.class,
          ModelVersion.class, Reproduction.class, ContentChecksum.class, LineageGraph.class, LineageNode.class, ModelLineage.class, TrainingRunInfo.class);

  @Test
  void noScalaOpenLineageOrDeequTypeInAPublicSignature() {
    List<String> leaks = new ArrayList<>();
    for (Class<?> c : API) {
      List<Executable> members = new ArrayList<>(List.of(c.getMethods()));
      for (Constructor<?> k : c.getConstructors()) {
        members.add(k);
      }
      for (Executable m : members) {
        if (!Modifier.isPublic(m.getModifiers()) || m.getDeclaringClass() == Object.class || m.getDeclaringClass() == Record.class) {
          continue;
        }
        List<Type> types = new ArrayList<>(List.of(m.getGenericParameterTypes()));
        if (m instanceof Method method) {
          types.add(method.getGenericReturnType());
        }
        types.addAll(List.of(m.getGenericExceptionTypes()));
        for (Type t : types) {
          String name = t.getTypeName();
          if (name.contains("scala.") || name.contains("io.openlineage") || name.contains("com.amazon.deequ") || name.contains("com.fasterxml")) {
            leaks.add(c.getSimpleName() + "." + m.getName() + ": " + name);
          }
        }
      }
    }
    assertThat(leaks).isEmpty();
  }
}
