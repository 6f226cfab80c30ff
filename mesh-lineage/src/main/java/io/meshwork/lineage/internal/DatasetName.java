package io.meshwork.lineage.internal;

import io.openlineage.client.utils.DatasetIdentifier;
import io.openlineage.client.utils.filesystem.FilesystemDatasetUtils;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The OpenLineage name of a dataset stored at a Hadoop location, as the naming spec
 * (https://openlineage.io/docs/spec/naming) gives it: the storage as namespace, the path as name.
 *
 * <table>
 *   <caption>Location → namespace, name</caption>
 *   <tr><td>{@code /data/wh/sales/orders}, {@code file:/data/wh/sales/orders}</td><td>{@code file}, {@code /data/wh/sales/orders}</td></tr>
 *   <tr><td>{@code s3a://bucket/wh/sales/orders} (also s3, s3n)</td><td>{@code s3://bucket}, {@code wh/sales/orders}</td></tr>
 *   <tr><td>{@code gs://bucket/wh/sales/orders}</td><td>{@code gs://bucket}, {@code wh/sales/orders}</td></tr>
 *   <tr><td>{@code abfss://container@account.dfs.core.windows.net/wh/t}</td><td>{@code abfss://container@account.dfs.core.windows.net}, {@code wh/t}</td></tr>
 *   <tr><td>{@code hdfs://namenode:8020/wh/sales/orders}</td><td>{@code hdfs://namenode:8020}, {@code /wh/sales/orders}</td></tr>
 * </table>
 *
 * <p>The mapping is openlineage-java's own ({@code FilesystemDatasetUtils}, which the
 * openlineage-spark listener names files with), so that Meshwork's events and the listener's name
 * a product table identically. A trailing slash is dropped; a location without a scheme is a local
 * path, made absolute.
 */
public record DatasetName(String namespace, String name) {
  /** The namespace of local files. */
  public static final String FILE = "file";

  /**
   * The name of the dataset at {@code location}: a Hadoop URI ({@code s3a://bucket/p},
   * {@code file:/p}) or a plain local path.
   *
   * @throws IllegalArgumentException when the location is empty
   */
  public static DatasetName of(String location) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("a dataset location is required");
    }
    URI uri;
    try {
      uri = new URI(location);
    } catch (URISyntaxException notAUri) {
      // Not a URI (spaces, a Windows drive letter): a local path.
      return new DatasetName(FILE, Path.of(location).toAbsolutePath().normalize().toString());
    }
    if (uri.getScheme() == null || uri.getScheme().length() == 1) {
      return new DatasetName(FILE, Path.of(location).toAbsolutePath().normalize().toString());
    }
    DatasetIdentifier id = FilesystemDatasetUtils.fromLocation(uri);
    return new DatasetName(id.getNamespace(), id.getName());
  }
}
