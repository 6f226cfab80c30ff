package io.meshwork.jobs;

import io.meshwork.core.model.AccessDeniedException;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.ExitCode;
import io.meshwork.core.model.GovernanceException;
import io.meshwork.core.model.InternalMeshException;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.NotFoundException;
import io.meshwork.core.model.PublishConflictException;
import io.meshwork.core.model.QualityGateException;
import io.meshwork.core.model.StaleInputException;
import java.util.Map;

/**
 * The one table from Meshwork's error types to the process exit codes of the command line (the
 * README lists them). A run recorded in history, a notification and {@code mesh} itself all take
 * the code of an error from here. {@code sla} ends with {@link ExitCode#SLA_BREACHED} as a result,
 * not an error.
 */
public final class ExitCodes {
  private static final Map<Class<? extends MeshException>, ExitCode> CODES =
      Map.of(
          ContractException.class, ExitCode.USAGE,
          NotFoundException.class, ExitCode.USAGE,
          QualityGateException.class, ExitCode.QUALITY,
          GovernanceException.class, ExitCode.GOVERNANCE,
          AccessDeniedException.class, ExitCode.GOVERNANCE,
          PublishConflictException.class, ExitCode.CONFLICT,
          StaleInputException.class, ExitCode.STALE_INPUT,
          InternalMeshException.class, ExitCode.INTERNAL);

  private ExitCodes() {}

  /** The table itself, for its test: every permitted subtype of {@link MeshException} is a key. */
  static Map<Class<? extends MeshException>, ExitCode> table() {
    return CODES;
  }

  /** The exit code a command ends with when {@code e} stops it. */
  public static ExitCode of(MeshException e) {
    ExitCode code = CODES.get(e.getClass());
    if (code == null) { // cannot happen while every permitted type is in the table (ExitCodesTest)
      throw new IllegalStateException("no exit code for " + e.getClass().getName(), e);
    }
    return code;
  }
}
