package io.meshwork.bench;

import io.meshwork.bench.internal.StorageBench;
import io.meshwork.jobs.cli.CliSupport;
import io.meshwork.jobs.cli.CommonOptions;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mesh bench storage [--json]}: the mesh on s3a:// against S3Proxy on 127.0.0.1. */
@Command(
    name = "storage",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the mesh on s3a:// against S3Proxy, an S3 server started on 127.0.0.1.",
      "In one run: a plain Delta write of TPC-H lineitem to s3a:// and the Meshwork publish of the same rows there",
      "(medians of interleaved rounds), and the storage requests (s3a IOStatistics) of one cold read of the latest",
      "version plus one cold publish, for a product with 5 versions and one with 500."
    })
final class BenchStorageCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--scale", paramLabel = "SF", defaultValue = "1", description = "TPC-H scale factor of the timed write (default: ${DEFAULT-VALUE}).")
  double scale;

  @Option(names = "--repeat", paramLabel = "N", defaultValue = "3", description = "Interleaved rounds of the timed writes (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--versions", paramLabel = "FEW,MANY", split = ",", defaultValue = "5,500", description = "Versions of the two request-counted products (default: ${DEFAULT-VALUE}).")
  List<Integer> versions;

  @Option(names = "--json", description = "Print storage, rows, plainSeconds, meshSeconds, meshOverPlain, requestsAt<N>Versions, requestsRatio as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (versions.size() != 2 || versions.get(0) < 1 || versions.get(1) < versions.get(0) || repeat < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--versions takes two counts FEW,MANY with 1 <= FEW <= MANY, and --repeat at least 1");
    }
    PrintWriter err = spec.commandLine().getErr();
    StorageBench.Result r = StorageBench.run(common.spark(), scale, repeat, versions.get(0), versions.get(1), line -> {
      err.println("bench storage: " + line);
      err.flush();
    });
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(CliSupport.json(r.toJson()));
      return 0;
    }
    out.printf("s3a:// on S3Proxy, TPC-H lineitem SF %s: %,d rows%n", scale, r.rows());
    CliSupport.table(
        out,
        List.of("measure", "value"),
        List.of(
            List.of("plain Delta write (s)", String.format("%.3f", r.plainSeconds())),
            List.of("Meshwork publish (s)", String.format("%.3f", r.meshSeconds())),
            List.of("publish vs plain", String.format("%.2fx", r.meshOverPlain())),
            List.of("requests, read latest + publish, " + r.fewVersions() + " versions", String.valueOf(r.requestsAtFew())),
            List.of("requests, read latest + publish, " + r.manyVersions() + " versions", String.valueOf(r.requestsAtMany())),
            List.of("requests ratio", String.format("%.2f", r.requestsRatio()))));
    return 0;
  }
}
