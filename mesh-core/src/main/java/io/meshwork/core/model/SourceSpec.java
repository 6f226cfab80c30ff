package io.meshwork.core.model;

import java.util.Map;

/**
 * A raw input a product reads (a file or directory), declared under {@code inputs.sources}.
 *
 * @param path as written in the contract; relative paths resolve against the project directory
 * @param format a Spark data source name: {@code csv}, {@code json}, {@code parquet}, {@code delta}
 * @param options Spark reader options ({@code header} and {@code inferSchema} default to true for csv)
 */
public record SourceSpec(String name, String path, String format, Map<String, String> options, SourceLocation location) {
  public SourceSpec {
    options = options == null ? Map.of() : Map.copyOf(options);
  }
}
