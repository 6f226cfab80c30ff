package io.meshwork.jobs.cli;

import io.meshwork.core.contract.Contracts;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ProductId;
import io.meshwork.quality.ContractSuggestions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mesh suggest --input <file> --product <domain.name> --out <file>}: a contract draft from data. */
@Command(
    name = "suggest",
    mixinStandardHelpOptions = true,
    description = {
      "Profile a data file (Deequ constraint suggestions) and write a contract draft: schema, source, SQL "
          + "and the suggested constraints, each with a comment giving its evidence.",
      "Only constraints that hold on the file are kept, so the draft loads and publishes the file as it is."
    })
final class SuggestCommand implements Callable<Integer> {
  static final List<String> FORMATS = List.of("csv", "json", "parquet", "delta");

  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "The data to profile (a file or directory); the draft's source path, as given.")
  String input;

  @Option(names = "--format", paramLabel = "FORMAT", description = "csv, json, parquet or delta (default: from the file extension).")
  String format;

  @Option(names = "--product", required = true, paramLabel = "DOMAIN.NAME", description = "The product the draft describes.")
  String product;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the draft (for example conf/products/<domain>/<name>.conf).")
  Path out;

  @Option(names = "--force", description = "Overwrite --out if it exists.")
  boolean force;

  @Override
  public Integer call() {
    ProductId id = ProductId.parse(product);
    String fmt = format(input, format);
    Path path = Path.of(input);
    if (!Files.exists(path)) {
      throw new ContractException("suggest: input " + input + " does not exist");
    }
    if (Files.exists(out) && !force) {
      throw new ContractException("suggest: " + out + " already exists (use --force to overwrite it)");
    }
    Dataset<Row> data = read(common.spark(), fmt, input);
    String draft = ContractSuggestions.draft(data, id, input, fmt);
    try {
      if (out.toAbsolutePath().getParent() != null) {
        Files.createDirectories(out.toAbsolutePath().getParent());
      }
      Files.writeString(out, draft, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ContractException("suggest: cannot write " + out + ": " + e.getMessage(), e);
    }
    DataProduct contract = Contracts.load(out);
    PrintWriter printer = spec.commandLine().getOut();
    printer.println(
        "Wrote " + out + ": a draft contract for " + id + " with " + contract.columns().size() + " columns and "
            + contract.constraints().size() + " constraints");
    return 0;
  }

  /** The format given, else the one the file extension names. */
  static String format(String input, String given) {
    if (given != null) {
      String f = given.toLowerCase(Locale.ROOT);
      if (!FORMATS.contains(f)) {
        throw new ContractException("suggest: --format '" + given + "' must be one of " + String.join(", ", FORMATS));
      }
      return f;
    }
    String name = input.toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return "csv";
    }
    if (name.endsWith(".json") || name.endsWith(".jsonl")) {
      return "json";
    }
    if (name.endsWith(".parquet")) {
      return "parquet";
    }
    if (Files.isDirectory(Path.of(input).resolve("_delta_log"))) {
      return "delta";
    }
    throw new ContractException("suggest: cannot tell the format of " + input + ": give --format " + String.join("|", FORMATS));
  }

  /** Reads the input the way a run reads a source of that format. */
  static Dataset<Row> read(SparkSession spark, String format, String input) {
    DataFrameReader reader = spark.read().format(format);
    if (format.equals("csv")) {
      reader = reader.option("header", "true").option("inferSchema", "true").option("mode", "FAILFAST");
    }
    return reader.load(input);
  }
}
