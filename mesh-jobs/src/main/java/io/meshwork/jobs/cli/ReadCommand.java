package io.meshwork.jobs.cli;

import io.meshwork.core.Mesh;
import io.meshwork.core.catalog.ProductVersion;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.read.ProductReader;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mesh read <product>}: show rows of a certified version. */
@Command(name = "read", mixinStandardHelpOptions = true, description = "Show rows of a product's latest certified version, or of a given version or time.")
final class ReadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(paramLabel = "PRODUCT", description = "domain.name")
  String product;

  @Option(names = "--version", paramLabel = "N", description = "A certified data version (default: the latest).")
  Long version;

  @Option(names = "--as-of", paramLabel = "TIMESTAMP", description = "The version current at this time (ISO-8601, or 'yyyy-MM-dd[ HH:mm:ss]' UTC).")
  String asOf;

  @Option(names = "--major", paramLabel = "N", description = "A contract major (default: the newest); a deprecated major reads with a warning on stderr.")
  Integer major;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Rows to show (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--role",
      paramLabel = "ROLE",
      description = "Read as this role (one roles.conf grants your user, else exit 4): refused unless the contract's access.readers lists it; pii columns masked unless access.pii-readers does; its row filter applied. Without one, least privilege: pii masked. Audited.")
  String role;

  @Option(names = "--json", description = "Print the rows as a JSON array of objects.")
  boolean json;

  @Override
  public Integer call() {
    Mesh mesh = role == null ? common.mesh() : common.mesh().as(role);
    ProductReader reader = major == null ? mesh.read(ProductId.parse(product)) : mesh.read(ProductId.parse(product), major);
    reader.deprecationWarning().ifPresent(spec.commandLine().getErr()::println);
    ProductVersion resolved =
        version != null ? reader.certified(version) : asOf != null ? reader.certifiedAsOf(asOf) : reader.latestCertified();
    // Which version this is, on stderr in both modes (stdout stays the rows, or a JSON array of them).
    spec.commandLine().getErr().println(resolvedLine(reader, resolved));
    Dataset<Row> data = reader.read(resolved);
    Output.rows(spec.commandLine().getOut(), data, limit, json);
    return 0;
  }

  /** {@code sales.orders: data version 3 of major 1 (contract 1.2.0, published 2026-11-23T06:00:00Z)}. */
  static String resolvedLine(ProductReader reader, ProductVersion v) {
    String contract = v.contractVersion() == null ? "" : "contract " + v.contractVersion() + ", ";
    return reader.id() + ": data version " + v.version() + " of major " + reader.major() + " (" + contract + "published " + v.timestamp() + ")";
  }
}
