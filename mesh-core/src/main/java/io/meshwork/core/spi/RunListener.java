package io.meshwork.core.spi;

/**
 * Told about every run; mesh-lineage implements it with OpenLineage. Implementations must never
 * throw: lineage is not allowed to fail a job.
 */
public interface RunListener {
  void started(RunInfo run);

  /** The run finished: published ({@link RunOutcome#succeeded()}) or refused. */
  void finished(RunInfo run, RunOutcome outcome);

  RunListener NONE =
      new RunListener() {
        @Override
        public void started(RunInfo run) {}

        @Override
        public void finished(RunInfo run, RunOutcome outcome) {}
      };
}
