package io.meshwork.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mesh bench <what>}: benchmarks. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks on generated data.",
    subcommands = {BenchQualityCommand.class, BenchPublishCommand.class, BenchAppendCommand.class, BenchScaleCommand.class, BenchStorageCommand.class})
final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
