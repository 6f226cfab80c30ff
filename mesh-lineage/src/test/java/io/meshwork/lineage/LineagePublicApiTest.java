package io.meshwork.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Public signatures use only JDK, Spark, typesafe Config and Meshwork types; OpenLineage stays inside. */
class LineagePublicApiTest {
  @Test
  void theListenersPublicSignaturesMentionNoOpenLineageType() {
    List<String> leaks = new ArrayList<>();
    for (Method m : OpenLineageListener.class.getMethods()) {
      if (!Modifier.isPublic(m.getModifiers())) {
        continue;
      }
      List<Type> types = new ArrayList<>(List.of(m.getGenericParameterTypes()));
      types.add(m.getGenericReturnType());
      types.addAll(List.of(m.getGenericExceptionTypes()));
      for (Type t : types) {
        if (!t.getTypeName().startsWith("java.") && !t.getTypeName().startsWith("io.meshwork.")
            && !t.getTypeName().startsWith("com.typesafe.config.") && !t.getTypeName().equals("org.apache.spark.sql.SparkSession") && !t.getTypeName().equals("int") && !t.getTypeName().equals("void")
            && !t.getTypeName().equals("boolean") && !t.getTypeName().equals("long")) {
          leaks.add(m.getName() + ": " + t.getTypeName());
        }
      }
    }
    assertThat(leaks).isEmpty();
    assertThat(OpenLineageListener.class.getInterfaces()).extracting(Class::getName)
        .containsExactly("io.meshwork.core.spi.RunListener", "java.lang.AutoCloseable");
  }
}
