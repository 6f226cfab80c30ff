package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.meshwork.core.model.AccessDeniedException;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.ExitCode;
import io.meshwork.core.model.GovernanceException;
import io.meshwork.core.model.InternalMeshException;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.NotFoundException;
import io.meshwork.core.model.Problem;
import io.meshwork.core.model.PublishConflictException;
import io.meshwork.core.model.QualityGateException;
import io.meshwork.core.model.StaleInputException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one table from error types to exit codes: complete, and the codes the README promises. */
class ExitCodesTest {
  @Test
  void everyPermittedErrorTypeHasAnExitCodeAndNothingElseDoes() {
    assertThat(MeshException.class.isSealed()).isTrue();
    List<Class<?>> permitted = Arrays.asList(MeshException.class.getPermittedSubclasses());
    assertThat(permitted).hasSize(8);
    assertThat(ExitCodes.table().keySet()).containsExactlyInAnyOrderElementsOf(permitted.stream().map(c -> c.asSubclass(MeshException.class)).toList());
    assertThat(ExitCodes.table().values()).doesNotContainNull().doesNotContain(ExitCode.OK);
  }

  @Test
  void eachTypeEndsTheCommandWithItsDocumentedCode() {
    assertThat(ExitCodes.table()).containsOnly(
        entry(ContractException.class, ExitCode.USAGE),
        entry(NotFoundException.class, ExitCode.USAGE),
        entry(QualityGateException.class, ExitCode.QUALITY),
        entry(GovernanceException.class, ExitCode.GOVERNANCE),
        entry(AccessDeniedException.class, ExitCode.GOVERNANCE),
        entry(PublishConflictException.class, ExitCode.CONFLICT),
        entry(StaleInputException.class, ExitCode.STALE_INPUT),
        entry(InternalMeshException.class, ExitCode.INTERNAL));
    // The numbers are the README's promise.
    assertThat(ExitCodes.of(new ContractException("x")).code()).isEqualTo(2);
    assertThat(ExitCodes.of(new NotFoundException("x")).code()).isEqualTo(2);
    assertThat(ExitCodes.of(new QualityGateException("x", null)).code()).isEqualTo(3);
    assertThat(ExitCodes.of(new GovernanceException("x", List.of(Problem.at("g.conf", 1, "policy p: m (error)")))).code()).isEqualTo(4);
    assertThat(ExitCodes.of(new AccessDeniedException("x")).code()).isEqualTo(4);
    assertThat(ExitCodes.of(new PublishConflictException("x", null)).code()).isEqualTo(5);
    assertThat(ExitCodes.of(new StaleInputException("x")).code()).isEqualTo(7);
    assertThat(ExitCodes.of(new InternalMeshException("x")).code()).isEqualTo(1);
  }
}
