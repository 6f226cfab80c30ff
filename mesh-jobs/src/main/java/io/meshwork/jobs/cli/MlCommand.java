package io.meshwork.jobs.cli;

import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.NotFoundException;
import io.meshwork.core.model.QualityGateException;
import io.meshwork.jobs.ml.MeshMl;
import io.meshwork.jobs.ml.ModelManifest;
import io.meshwork.jobs.ml.Reproduction;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mesh ml reproduce|show}: registered model versions, and rebuilding their training sets. */
@Command(
    name = "ml",
    mixinStandardHelpOptions = true,
    description = "Registered models: show a version's manifest, rebuild its training set from the exact versions it read.",
    subcommands = {MlCommand.ReproduceCommand.class, MlCommand.ShowCommand.class})
final class MlCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code mesh ml reproduce <model> <version> [--json]}. */
  @Command(
      name = "reproduce",
      mixinStandardHelpOptions = true,
      description = {
        "Re-read the exact feature-set and product versions a model version was trained on, rebuild its "
            + "training set and compare row count and content checksum with its manifest.",
        "Exits 3 when they differ."
      })
  static final class ReproduceCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model's name (model:NAME is accepted).")
    String model;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The model version.")
    long version;

    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    @Override
    public Integer call() {
      String name = model.startsWith("model:") ? model.substring("model:".length()) : model;
      Reproduction r = MeshMl.of(common.mesh(), common.platform().contracts(), common.platform().config()).reproduce(name, version);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", r.model());
        m.put("version", r.version());
        m.put("identical", r.identical());
        m.put("expected", Map.of("rows", r.expected().rows(), "checksum", r.expected().checksum()));
        m.put("actual", Map.of("rows", r.actual().rows(), "checksum", r.actual().checksum()));
        m.put("versionsRead", r.versionsRead());
        out.println(Output.json(m));
      }
      if (!r.identical()) {
        throw new QualityGateException(
            "model:" + name + " version " + version + " is not reproducible: its manifest records " + r.expected().rows() + " rows with checksum "
                + r.expected().checksum() + " but the rebuilt training set has " + r.actual().rows() + " rows with checksum " + r.actual().checksum()
                + " (read " + String.join(", ", r.versionsRead()) + ")",
            null);
      }
      if (!json) {
        out.println(Output.green("Reproduced ") + "model:" + name + " version " + version + ": " + r.actual().rows() + " rows, checksum "
            + r.actual().checksum() + " (identical to the manifest)");
        out.println("  re-read " + String.join(", ", r.versionsRead()));
      }
      return 0;
    }
  }

  /** {@code mesh ml show <model> [<version>]}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a model version's manifest (JSON); the latest version by default.")
  static final class ShowCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model's name (model:NAME is accepted).")
    String model;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION", description = "The model version (default: the latest).")
    Long version;

    @Override
    public Integer call() {
      String name = model.startsWith("model:") ? model.substring("model:".length()) : model;
      MeshMl ml = MeshMl.of(common.mesh(), common.platform().contracts(), common.platform().config());
      long v;
      if (version != null) {
        v = version;
      } else {
        List<Long> versions = ml.versions(name);
        if (versions.isEmpty()) {
          throw new NotFoundException("No registered version of model:" + name + " in " + common.mesh().warehouse());
        }
        v = versions.get(versions.size() - 1);
      }
      ModelManifest manifest = ml.manifest(name, v);
      spec.commandLine().getOut().println(Output.json(manifest));
      return 0;
    }
  }
}
