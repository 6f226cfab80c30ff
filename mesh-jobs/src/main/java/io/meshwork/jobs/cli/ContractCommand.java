package io.meshwork.jobs.cli;

import io.meshwork.core.contract.Contracts;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.odcs.OdcsExport;
import io.meshwork.core.odcs.OdcsImport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mesh contract export|import|diff}: contracts in and out of ODCS, and the classified
 * changes between two versions. None of them starts Spark.
 */
@Command(
    name = "contract",
    mixinStandardHelpOptions = true,
    description = "Export, import and compare product contracts.",
    subcommands = {ContractCommand.ExportCommand.class, ContractCommand.ImportCommand.class, ContractDiffCommand.class})
final class ContractCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static void write(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ContractException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true, description = "Write a product's contract as an ODCS v3.1.0 document.")
  static final class ExportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    @Parameters(paramLabel = "PRODUCT", description = "domain.name")
    String product;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "odcs", description = "Output format; only odcs (ODCS v3.1.0 YAML).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the document (default: standard output).")
    Path out;

    @Override
    public Integer call() {
      if (!format.equals("odcs")) {
        throw new ContractException("Unknown format '" + format + "' for contract export: expected odcs");
      }
      DataProduct p = common.platform().contracts().load(ProductId.parse(product));
      String yaml = OdcsExport.toYaml(p);
      PrintWriter stdout = spec.commandLine().getOut();
      if (out == null) {
        stdout.print(yaml);
      } else {
        write(out, yaml);
        stdout.println("Wrote " + out + " (ODCS v3.1.0) for " + p.displayName());
      }
      return 0;
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Write the Meshwork contract an ODCS document describes; every field it cannot map is a warning.")
  static final class ImportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    @Parameters(paramLabel = "FILE", description = "An ODCS document (YAML), e.g. orders.odcs.yaml")
    Path file;

    @Option(names = "--out", paramLabel = "FILE", description = "The contract file to write (default: <conf>/products/<domain>/<name>.conf).")
    Path out;

    @Option(names = "--force", description = "Replace the contract file when it exists.")
    boolean force;

    @Option(names = "--domain", paramLabel = "DOMAIN", description = "The product's domain, when the document has none (or to replace its own).")
    String domain;

    @Option(names = "--name", paramLabel = "NAME", description = "The product's name (default: the document's schema[0].name).")
    String name;

    @Override
    public Integer call() {
      OdcsImport.Result r = OdcsImport.read(file, new OdcsImport.Names(domain, name));
      Path target = out != null ? out : common.platform().contracts().fileOf(r.product().id());
      if (Files.exists(target) && !force) {
        throw new ContractException("Not importing " + file + ": " + target + " exists (use --force to replace it)");
      }
      // Checks the text once more under the name it will have, so later messages match the file.
      Contracts.parse(r.hocon(), target.toString());
      write(target, r.hocon());
      PrintWriter err = spec.commandLine().getErr();
      for (OdcsImport.Warning w : r.warnings()) {
        err.println("warning: " + file + ": " + w);
      }
      err.flush();
      spec.commandLine().getOut().println(
          "Wrote " + target + " for " + r.product().displayName() + " from " + file
              + (r.warnings().isEmpty() ? "" : " (" + r.warnings().size() + " field" + (r.warnings().size() == 1 ? "" : "s") + " not imported)"));
      return 0;
    }
  }
}
