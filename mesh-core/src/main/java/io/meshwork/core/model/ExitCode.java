package io.meshwork.core.model;

/** Process exit codes, documented in the README and kept by every command. */
public enum ExitCode {
  OK(0),
  INTERNAL(1),
  /** Usage, contract or configuration error. */
  USAGE(2),
  /** Quality gate or schema check failed; nothing published. */
  QUALITY(3),
  /** Governance policy violation; nothing published. */
  GOVERNANCE(4),
  /** Publish conflict with a concurrent writer; nothing published by this run. */
  CONFLICT(5),
  /** A freshness SLA is breached. */
  SLA_BREACHED(6),
  /** An input product's latest certified version is older than its freshness SLA ({@code run --require-fresh-inputs}). */
  STALE_INPUT(7);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The more severe of two codes (the larger number), used to summarise several runs. */
  public static ExitCode worst(ExitCode a, ExitCode b) {
    return a.code >= b.code ? a : b;
  }
}
