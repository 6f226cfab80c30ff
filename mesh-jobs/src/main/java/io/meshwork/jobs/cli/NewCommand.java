package io.meshwork.jobs.cli;

import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.ProductId;
import io.meshwork.jobs.internal.Scaffold;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mesh new product|domain}: scaffolding that passes the platform's policies as generated. */
@Command(name = "new", mixinStandardHelpOptions = true, description = "Create a new product or domain in this project.", subcommands = {NewCommand.Product.class, NewCommand.Domain.class})
final class NewCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "product",
      mixinStandardHelpOptions = true,
      description = {
        "Create a contract, a small sample input and (for --kind java) a job class with a JUnit test.",
        "`mesh run <domain.name>` then publishes it with no edit. Refuses to overwrite existing files."
      })
  static final class Product implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    @Parameters(paramLabel = "PRODUCT", description = "domain.name of the new product")
    String product;

    @Option(names = "--kind", paramLabel = "sql|java", defaultValue = "java", description = "Build it with a Java job (default) or one SQL statement.")
    String kind;

    @Option(names = "--package", paramLabel = "NAME", description = "Java package of the job (default: com.example.<domain>).")
    String javaPackage;

    @Override
    public Integer call() {
      if (!kind.equals("sql") && !kind.equals("java")) {
        throw new ContractException("--kind '" + kind + "' must be sql or java");
      }
      ProductId id = ProductId.parse(product);
      List<Path> created = new Scaffold(common.platform().contracts()).product(id, kind.equals("java"), javaPackage);
      created.forEach(p -> spec.commandLine().getOut().println("created " + p));
      spec.commandLine().getOut().println("Next: bin/mesh run " + id + "  (then bin/mesh read " + id + ")");
      return 0;
    }
  }

  @Command(
      name = "domain",
      mixinStandardHelpOptions = true,
      description = {
        "Create conf/domains/<domain>.conf listing the policies the domain may relax (overridable) or tighten, commented.",
        "With --repo DIR: a Maven repository of the domain's own on Meshwork (pom, conf/, a first product, its test, bin/mesh, README)."
      })
  static final class Domain implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    @Parameters(paramLabel = "DOMAIN", description = "The domain's name")
    String domain;

    @Option(names = "--repo", paramLabel = "DIR", description = "Generate the domain's own Maven repository in DIR instead.")
    Path repo;

    @Option(
        names = "--governance",
        paramLabel = "DIR|classpath:FOLDER",
        description = {
          "With --repo: the organisation's central governance the repository points at (mesh.governance.central):",
          "a directory holding governance.conf, identifiers.conf and reference/, or classpath:FOLDER for a governance artifact.",
          "Default: the governance of --conf (its own files, or the central governance it points at), when it has a governance.conf."
        })
    String governance;

    @Override
    public Integer call() {
      if (repo != null) {
        String central = governance;
        if (central == null) {
          Path dir = io.meshwork.core.governance.Governance.governanceDir(common.platform().confDir());
          central = Files.isRegularFile(dir.resolve("governance.conf")) && dir.getFileSystem() == java.nio.file.FileSystems.getDefault()
              ? dir.toString() : null;
        } else if (!central.startsWith("classpath:") && !Files.isRegularFile(Path.of(central).resolve("governance.conf"))) {
          throw new ContractException("--governance " + central + ": no governance.conf there (a directory holding governance.conf, or classpath:FOLDER)");
        }
        for (Path f : io.meshwork.jobs.internal.DomainRepository.generate(domain, repo, io.meshwork.jobs.internal.DomainRepository.meshworkVersion(), central)) {
          spec.commandLine().getOut().println("created " + f);
        }
        spec.commandLine().getOut().println("Next: cd " + repo + " && mvn verify && bin/mesh run " + domain + ".sample_records");
        return 0;
      }
      Path file = new Scaffold(common.platform().contracts()).domain(domain);
      spec.commandLine().getOut().println("created " + file);
      return 0;
    }
  }
}
