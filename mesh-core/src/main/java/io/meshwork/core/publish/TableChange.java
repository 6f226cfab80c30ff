package io.meshwork.core.publish;

import io.meshwork.core.storage.WrittenStatistics;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What one publish changes in a product's table, as the gate may verify it: the rows it adds (its
 * staged files), the files the table keeps, Delta's statistics of every file that will be live
 * after the commit, and a directory where the gate keeps what it knows of those files between
 * publishes. A gate that verifies only the change ({@link QualityGate#verify(DataProduct,
 * TableChange, VerificationContext)}) reads the added rows and, where it must, some kept files;
 * {@link #table()} is the table as it will be, for what cannot be verified from the change.
 */
public final class TableChange {
  /** The column {@link #readFiles} adds: the name of the data file a row is in. */
  public static final String FILE_COLUMN = "_mesh_file";

  /**
   * A data file as Delta's log describes it.
   *
   * @param name the file name (unique in the table: Delta names files with a UUID)
   * @param rows its rows, -1 when the log has no statistics for it
   * @param minValues per column, the smallest value Delta recorded (a number or a string; strings
   *     may be a prefix, never greater than the smallest value)
   * @param maxValues per column, the largest value Delta recorded (never smaller than the largest)
   */
  public record DataFile(String name, long rows, Map<String, Object> minValues, Map<String, Object> maxValues) {
    public DataFile {
      minValues = Map.copyOf(minValues);
      maxValues = Map.copyOf(maxValues);
    }
  }

  private final long readVersion;
  private final Dataset<Row> added;
  private final Supplier<Dataset<Row>> table;
  private final List<DataFile> addedFiles;
  private final List<DataFile> keptFiles;
  private final WrittenStatistics addedStatistics;
  private final WrittenStatistics liveStatistics;
  private final Function<Collection<String>, Dataset<Row>> reader;
  private final Path stateDir;
  private final WriteObserver observer;

  /**
   * @param readVersion the table version the publish read (-1: no table yet); the commit, if any, is the next
   * @param added the rows the commit adds
   * @param table the table as it will be after the commit (built when asked)
   * @param addedStatistics Delta's statistics of the added files, or null
   * @param liveStatistics Delta's statistics of every file live after the commit, or null
   * @param reader the rows of named files (added or kept) with {@link #FILE_COLUMN}
   * @param stateDir where the gate keeps per-file state for this table
   * @param observer the gate's observer of the added rows' write ({@link QualityGate#observer}), or null
   */
  public TableChange(
      long readVersion,
      Dataset<Row> added,
      Supplier<Dataset<Row>> table,
      List<DataFile> addedFiles,
      List<DataFile> keptFiles,
      WrittenStatistics addedStatistics,
      WrittenStatistics liveStatistics,
      Function<Collection<String>, Dataset<Row>> reader,
      Path stateDir,
      WriteObserver observer) {
    this.readVersion = readVersion;
    this.added = Objects.requireNonNull(added, "added");
    this.table = Objects.requireNonNull(table, "table");
    this.addedFiles = List.copyOf(addedFiles);
    this.keptFiles = List.copyOf(keptFiles);
    this.addedStatistics = addedStatistics;
    this.liveStatistics = liveStatistics;
    this.reader = Objects.requireNonNull(reader, "reader");
    this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
    this.observer = observer;
  }

  /** The table version the publish read; -1 when the table did not exist. */
  public long readVersion() {
    return readVersion;
  }

  /** The rows the commit adds (the staged files), with the product's columns. */
  public Dataset<Row> added() {
    return added;
  }

  /** The table as it will be after the commit: the kept rows and the added ones. */
  public Dataset<Row> table() {
    return table.get();
  }

  /** Whether the added rows are all the table will hold (a first publish or an overwrite). */
  public boolean replacesAll() {
    return keptFiles.isEmpty();
  }

  public List<DataFile> addedFiles() {
    return addedFiles;
  }

  /** The files of the table the commit keeps. */
  public List<DataFile> keptFiles() {
    return keptFiles;
  }

  /** Delta's statistics of the added files. */
  public Optional<WrittenStatistics> addedStatistics() {
    return Optional.ofNullable(addedStatistics);
  }

  /** Delta's statistics of every file live after the commit (kept and added). */
  public Optional<WrittenStatistics> liveStatistics() {
    return Optional.ofNullable(liveStatistics);
  }

  /** The rows of the named files (added or kept), each with its file's name in {@link #FILE_COLUMN}. */
  public Dataset<Row> readFiles(Collection<String> names) {
    return reader.apply(names);
  }

  /** Where the gate keeps what it knows of this table's files (see {@link Publisher#gateStateDir}). */
  public Path stateDir() {
    return stateDir;
  }

  /** The gate's observer of the added rows' write ({@link QualityGate#observer}), when it gave one. */
  public Optional<WriteObserver> observer() {
    return Optional.ofNullable(observer);
  }
}
