package io.meshwork.core.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Reads and writes of warehouse files through Hadoop's {@link FileSystem}, so a warehouse may be
 * a local directory or any Hadoop filesystem URI ({@code s3a://}, {@code abfss://}, {@code gs://},
 * {@code hdfs://}). The filesystem comes from the active Spark session's Hadoop configuration
 * (its {@code spark.hadoop.*} settings), else from Hadoop's defaults.
 *
 * <p>Records are written as new objects ({@link #create}): object stores cannot append to a file,
 * and two writers rewriting one file lose each other's entries.
 */
public final class Storage {
  private Storage() {}

  /**
   * A path or URI as a qualified Hadoop path: a string with a scheme ({@code s3a://bucket/p},
   * {@code file:/tmp/w}) as it is, anything else a local path made absolute.
   */
  public static Path location(String pathOrUri) {
    String s = pathOrUri.trim();
    if (s.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*") && !s.matches("^[A-Za-z]:[\\\\/].*")) {
      URI uri = URI.create(s.replace(" ", "%20")).normalize();
      String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
      if (path.length() > 1) {
        path = path.replaceAll("/+$", "");
      }
      return new Path(uri.getScheme(), uri.getAuthority(), path);
    }
    return location(java.nio.file.Path.of(s));
  }

  /** A local path as a {@code file:} Hadoop path. */
  public static Path location(java.nio.file.Path local) {
    return new Path("file", null, local.toAbsolutePath().normalize().toString());
  }

  /** The Hadoop configuration of the active Spark session, else Hadoop's defaults. */
  public static Configuration conf() {
    scala.Option<SparkSession> active = SparkSession.getActiveSession();
    if (active.isEmpty()) {
      active = SparkSession.getDefaultSession();
    }
    return active.isDefined() ? active.get().sessionState().newHadoopConf() : new Configuration();
  }

  /** The filesystem of {@code path} (for a local path the raw one: no {@code .crc} files beside Meshwork's). */
  public static FileSystem fs(Path path) {
    try {
      FileSystem fs = path.getFileSystem(conf());
      return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach the filesystem of " + path, e);
    }
  }

  public static boolean exists(Path path) {
    try {
      return fs(path).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }

  public static boolean isDirectory(Path path) {
    try {
      return fs(path).getFileStatus(path).isDirectory();
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }

  public static boolean isFile(Path path) {
    try {
      return fs(path).getFileStatus(path).isFile();
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }

  /** The entries of a directory sorted by name; empty when it does not exist. */
  public static List<FileStatus> list(Path dir) {
    try {
      FileStatus[] found = fs(dir).listStatus(dir);
      List<FileStatus> sorted = new ArrayList<>(Arrays.asList(found));
      sorted.sort(Comparator.comparing(s -> s.getPath().getName()));
      return sorted;
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
  }

  /** The files of a directory whose name ends with {@code suffix}, sorted by name; empty when it does not exist. */
  public static List<Path> files(Path dir, String suffix) {
    List<Path> files = new ArrayList<>();
    for (FileStatus s : list(dir)) {
      if (s.isFile() && s.getPath().getName().endsWith(suffix) && !s.getPath().getName().startsWith(".")) {
        files.add(s.getPath());
      }
    }
    return files;
  }

  /** The sub-directories of a directory sorted by name; empty when it does not exist. */
  public static List<Path> directories(Path dir) {
    List<Path> dirs = new ArrayList<>();
    for (FileStatus s : list(dir)) {
      if (s.isDirectory()) {
        dirs.add(s.getPath());
      }
    }
    return dirs;
  }

  public static String read(Path file) throws FileNotFoundException {
    try (InputStream in = fs(file).open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (FileNotFoundException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  /** The text of a file, or empty when it does not exist. */
  public static Optional<String> readIfExists(Path file) {
    try {
      return Optional.of(read(file));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Writes a new file; returns false when one already exists at {@code file} (then it is left as it
   * was). On an object store the object appears whole or not at all.
   */
  public static boolean create(Path file, byte[] bytes) {
    FileSystem fs = fs(file);
    try {
      if (fs.exists(file)) {
        return false;
      }
      try (OutputStream out = fs.create(file, false)) {
        out.write(bytes);
      }
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  public static boolean create(Path file, String text) {
    return create(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a file, replacing any file there (for content-addressed files or whole reports, never for records). */
  public static void write(Path file, byte[] bytes) {
    try (OutputStream out = fs(file).create(file, true)) {
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  /** Deletes a file or (recursively) a directory; false when there was nothing to delete. */
  public static boolean delete(Path path, boolean recursive) {
    try {
      return fs(path).delete(path, recursive);
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + path, e);
    }
  }

  public static void mkdirs(Path dir) {
    try {
      fs(dir).mkdirs(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + dir, e);
    }
  }

  /** Delta's setting for listing a log from a version with S3's start-after (hadoop-aws 3.3.1 and later). */
  public static final String FAST_S3A_LIST_FROM = "delta.enableFastS3AListFrom";

  /** Delta's number of partitions of a table's state when it replays the log (Delta's default: 50). */
  public static final String SNAPSHOT_PARTITIONS = "spark.databricks.delta.snapshotPartitions";

  /**
   * Storage settings a warehouse at {@code root} wants in the session, unless set otherwise:
   * <ul>
   *   <li>on {@code s3a://}, Delta lists a table's log from the version it needs with S3's
   *       start-after ({@value #FAST_S3A_LIST_FROM}) instead of listing the whole {@code
   *       _delta_log} directory, whose size grows with every version;
   *   <li>Delta replays a table's log (to learn its files and transactions, as every append and
   *       merge does) into the session's default parallelism, at most 50 partitions ({@value
   *       #SNAPSHOT_PARTITIONS}): a product's log of thousands of files is small for Delta, and its
   *       default 50 tasks cost more to schedule than to run.
   * </ul>
   */
  public static void configureFor(SparkSession spark, Path root) {
    if (!spark.conf().contains(SNAPSHOT_PARTITIONS)) {
      spark.conf().set(SNAPSHOT_PARTITIONS, Math.max(1, Math.min(50, spark.sparkContext().defaultParallelism())));
    }
    if ("s3a".equals(root.toUri().getScheme())) {
      Configuration hadoop = spark.sparkContext().hadoopConfiguration();
      if (hadoop.get(FAST_S3A_LIST_FROM) == null) {
        hadoop.set(FAST_S3A_LIST_FROM, "true");
      }
    }
  }

  /** Renames a file; fails when it cannot. */
  public static void rename(Path from, Path to) {
    try {
      if (!fs(from).rename(from, to)) {
        throw new IOException("rename returned false");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot rename " + from + " to " + to, e);
    }
  }

  /** Whether {@code path} is on an object store (s3a, gs, abfs/abfss, wasb/wasbs), where an object appears whole when written. */
  public static boolean isObjectStore(Path path) {
    String scheme = path.toUri().getScheme();
    return scheme != null && java.util.Set.of("s3a", "s3", "gs", "abfs", "abfss", "wasb", "wasbs").contains(scheme);
  }

  /** Whether {@code path} is on the local filesystem. */
  public static boolean isLocal(Path path) {
    String scheme = path.toUri().getScheme();
    return scheme == null || scheme.equals("file");
  }
}
