package io.meshwork.core.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The crash switch when it must not fire (the halt itself: FaultInjectionTest in mesh-jobs, in a child JVM). */
class FaultsTest {
  @AfterEach
  void clear() {
    System.clearProperty(Faults.PROPERTY);
  }

  @Test
  void doesNothingWhenNoFaultOrAnotherPointIsSet() {
    Faults.maybeHalt(Faults.AFTER_COMMIT);
    System.setProperty(Faults.PROPERTY, Faults.AFTER_WRITE);
    Faults.maybeHalt(Faults.AFTER_COMMIT); // still running: another point
    assertThat(Faults.configured()).isEqualTo("after-write");
  }

  @Test
  void theSystemPropertyIsTrimmedAndCaseInsensitive() {
    System.setProperty(Faults.PROPERTY, "  After-Commit ");
    assertThat(Faults.configured()).isEqualTo("after-commit");
  }

  @Test
  void anUnknownCallSitePointIsABug() {
    assertThatThrownBy(() -> Faults.maybeHalt("after-lunch"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown fault point 'after-lunch' (known: after-write, after-commit, before-catalog, during-lineage)");
  }

  @Test
  void aMistypedSwitchIsReportedOnceInsteadOfSilentlyTestingNothing() {
    System.setProperty(Faults.PROPERTY, "after-comit");
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Faults.maybeHalt(Faults.AFTER_WRITE);
      Faults.maybeHalt(Faults.AFTER_COMMIT);
    } finally {
      System.setErr(stderr);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8).lines().toList())
        .containsExactly(
            "mesh: -Dmesh.fault='after-comit' names no fault point (known: after-write, after-commit, before-catalog, during-lineage); no fault will be injected");
  }
}
