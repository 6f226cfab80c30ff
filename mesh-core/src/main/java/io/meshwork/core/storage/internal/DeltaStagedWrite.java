package io.meshwork.core.storage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.exceptions.DeltaConcurrentModificationException;
import io.meshwork.core.storage.WrittenStatistics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.paths.SparkPath;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.DeltaOptions;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddCDCFile;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.FileAction;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.delta.actions.SetTransaction;
import org.apache.spark.sql.delta.commands.WriteIntoDelta;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * One Delta transaction whose data files are written ("staged") before it is decided whether to
 * commit them. The only class that touches Delta's Scala internals ({@code OptimisticTransaction},
 * {@code WriteIntoDelta}, actions); read {@code WriteIntoDelta.scala} and
 * {@code OptimisticTransaction.scala} (Delta 3.3) before changing it.
 *
 * <p>Life cycle, used exactly once: {@link #begin} → {@link #stage} → {@link #commit} or
 * {@link #abort}. Between stage and commit the files sit in the table directory but no Delta
 * reader sees them: only a commit in {@code _delta_log} makes a file part of the table.
 *
 * <p>Every transaction declares that it read the whole table ({@code readWholeTable}) and every
 * commit carries a {@code Metadata} action, so any other data commit between {@link #begin} and
 * {@link #commit} makes this commit fail with a conflict instead of being silently retried on
 * top of data the audit never saw.
 */
public final class DeltaStagedWrite {
  /** How the staged files relate to the rows already in the table. */
  public enum Mode {
    /** The staged files replace every file of the table. */
    OVERWRITE,
    /** The staged files are added to the table. */
    APPEND,
    /** The staged files replace the files whose partition values match a predicate. */
    REPLACE_WHERE,
    /**
     * The staged files are added and the files named by {@link #removeFiles} removed (a
     * copy-on-write upsert: the new rows plus the untouched rows of the removed files).
     */
    REPLACE_FILES
  }

  /** The column {@link #readCurrentWithFiles} adds: the name of the data file a row is in. */
  public static final String FILE_COLUMN = "_mesh_file";

  /** A commit lost the race against another writer; the staged files are already deleted. */
  public static final class Conflict extends RuntimeException {
    private final long readVersion;
    private final Long otherVersion;
    private final String otherOperation;
    private final String otherUserMetadata;

    Conflict(String summary, long readVersion, Long otherVersion, String otherOperation, String otherUserMetadata, Throwable cause) {
      super(summary, cause);
      this.readVersion = readVersion;
      this.otherVersion = otherVersion;
      this.otherOperation = otherOperation;
      this.otherUserMetadata = otherUserMetadata;
    }

    /** The version this transaction read (-1 when the table did not exist). */
    public long readVersion() {
      return readVersion;
    }

    /** The version the other writer committed, when Delta reported it. */
    public Optional<Long> otherVersion() {
      return Optional.ofNullable(otherVersion);
    }

    /** The other commit's operation ({@code WRITE}, {@code MERGE}, ...), when reported. */
    public Optional<String> otherOperation() {
      return Optional.ofNullable(otherOperation);
    }

    /** The other commit's user metadata (a Meshwork stamp when it was a publish), when reported. */
    public Optional<String> otherUserMetadata() {
      return Optional.ofNullable(otherUserMetadata);
    }
  }

  /** A commit found in the table's history. */
  public record Commit(long version, Instant timestamp, String userMetadata) {}

  private enum State {
    OPEN,
    STAGED,
    DONE
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(DeltaStagedWrite.class);
  private static final Pattern CONFLICTING_COMMIT = Pattern.compile("Conflicting commit: (\\{.*})");
  private static final Pattern OPERATION = Pattern.compile("\"operation\":\"([^\"]*)\"");
  private static final Pattern USER_METADATA = Pattern.compile("\"userMetadata\":\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final SparkSession spark;
  private final DeltaLog log;
  private final OptimisticTransaction txn;
  private final boolean existed;
  private State state = State.OPEN;
  private Mode mode;
  private StructType stagedSchema;
  private List<String> partitionBy = List.of();
  private List<Action> actions = List.of();
  private List<Path> stagedFiles = List.of();
  private final Set<String> removedFileNames = new LinkedHashSet<>();
  private String operationPredicate;
  private List<AddFile> tableFiles;
  /** Where this table's live-files manifests are kept (null: none are). */
  private final Path liveFilesDir;
  /** The live files and transaction ids at the version read, from a manifest; null until asked, empty when unknown. */
  private Optional<LiveFiles.State> live;
  /** The transaction ids of the table as read, once known without more work than this transaction did. */
  private Map<String, Long> knownTxns;

  private DeltaStagedWrite(SparkSession spark, DeltaLog log, Path liveFilesDir) {
    this.spark = spark;
    this.log = log;
    this.liveFilesDir = liveFilesDir;
    this.txn = log.startTransaction();
    this.txn.readWholeTable();
    this.existed = txn.readVersion() >= 0;
  }

  /** Starts a transaction on the Delta table at {@code table} (which need not exist yet). */
  public static DeltaStagedWrite begin(SparkSession spark, Path table) {
    return begin(spark, table, null);
  }

  /**
   * As {@link #begin(SparkSession, Path)}, keeping the table's live files and transaction ids in
   * {@code liveFilesDir} after the commit and reading them from there (see {@link LiveFiles}):
   * the next transaction then needs no replay of the whole log to know them.
   */
  public static DeltaStagedWrite begin(SparkSession spark, Path table, Path liveFilesDir) {
    return new DeltaStagedWrite(spark, DeltaLog.forTable(spark, table), liveFilesDir);
  }

  /**
   * The live files and transaction ids of the table as read, from its manifest: present when one
   * exists and agrees with Delta's checksum of the version read (file count and bytes) when Delta
   * wrote one.
   */
  private Optional<LiveFiles.State> live() {
    if (live == null) {
      live = Optional.empty();
      if (liveFilesDir != null && existed) {
        Optional<LiveFiles.State> read = LiveFiles.read(log, liveFilesDir, txn.readVersion(), txn.snapshot().metadata().id());
        Option<org.apache.spark.sql.delta.VersionChecksum> crc = txn.snapshot().checksumOpt();
        if (read.isPresent() && crc.isDefined()) {
          long bytes = read.get().files().values().stream().mapToLong(AddFile::size).sum();
          if (crc.get().numFiles() != read.get().files().size() || crc.get().tableSizeBytes() != bytes) {
            LOG.warn("{}: the live-files manifest disagrees with Delta's checksum of version {}; asking Delta", log.dataPath(), txn.readVersion());
            read = Optional.empty();
          }
        }
        live = read;
      }
    }
    return live;
  }

  /**
   * The version of the last commit that carried {@code SetTransaction(appId)} in the table at
   * {@code table} (what Delta's {@code txnAppId}/{@code txnVersion} write options record), or -1.
   */
  public static long appTransactionVersion(SparkSession spark, Path table, String appId) {
    return DeltaLog.forTable(spark, table).startTransaction().txnVersion(appId);
  }

  /** The table version this transaction read; -1 when the table does not exist yet. */
  public long readVersion() {
    return txn.readVersion();
  }

  public boolean tableExisted() {
    return existed;
  }

  /** The schema of the table as read (empty when it did not exist). */
  public StructType tableSchema() {
    return existed ? txn.snapshot().metadata().schema() : new StructType();
  }

  /** The partition columns of the table as read. */
  public List<String> tablePartitionColumns() {
    return existed ? List.copyOf(JavaConverters.seqAsJavaList(txn.snapshot().metadata().partitionColumns())) : List.of();
  }

  /** The table properties as read. */
  public Map<String, String> tableProperties() {
    return existed ? Map.copyOf(JavaConverters.mapAsJavaMap(txn.snapshot().metadata().configuration())) : Map.of();
  }

  /**
   * Whether a commit carrying {@code SetTransaction(appId)} is already in the table. Reading it
   * also registers the app id with the transaction, so two concurrent commits for the same app id
   * conflict ({@code ConcurrentTransactionException}).
   */
  public boolean alreadyCommitted(String appId) {
    Optional<LiveFiles.State> known = live();
    if (known.isPresent()) {
      txn.readTxn().$plus$eq(appId); // what txnVersion records: a concurrent commit of the same id conflicts
      return known.get().txns().getOrDefault(appId, -1L) >= 0;
    }
    boolean committed = txn.txnVersion(appId) >= 0;
    knownTxns = transactions(txn.snapshot()); // computed by the call above
    return committed;
  }

  private static Map<String, Long> transactions(org.apache.spark.sql.delta.Snapshot snapshot) {
    Map<String, Long> txns = new LinkedHashMap<>();
    JavaConverters.mapAsJavaMap(snapshot.transactions()).forEach((k, v) -> txns.put(k, (Long) v));
    return txns;
  }

  /**
   * Writes {@code data} into the table directory without committing it.
   *
   * @param schema the table schema to record: column order, types, comments (all nullable)
   * @param replacePredicate for {@link Mode#REPLACE_WHERE}, a SQL predicate on partition columns
   *     only; the files it matches are removed by the commit
   * @param properties table properties to set over the existing ones; a null value removes one
   * @param description the table description
   */
  public void stage(
      Dataset<Row> data,
      Mode mode,
      StructType schema,
      List<String> partitionBy,
      String replacePredicate,
      Map<String, String> properties,
      String description) {
    if (state != State.OPEN) {
      throw new IllegalStateException("already staged");
    }
    state = State.STAGED;
    this.mode = mode;
    this.stagedSchema = schema;
    this.partitionBy = List.copyOf(partitionBy);
    scala.collection.immutable.Map<String, String> configuration;
    if (existed) {
      // WriteIntoDelta ignores `configuration` on an existing table, and the metadata can only be
      // changed before the first file is written: record the new metadata first, so that
      // WriteIntoDelta finds nothing left to change.
      Metadata current = txn.metadata();
      Map<String, String> conf = new LinkedHashMap<>(JavaConverters.mapAsJavaMap(current.configuration()));
      properties.forEach((k, v) -> {
        if (v == null) {
          conf.remove(k);
        } else {
          conf.put(k, v);
        }
      });
      txn.updateMetadata(
          current.copy(
              current.id(), current.name(), description, current.format(), schema.json(),
              seq(partitionBy), scalaMap(conf), current.createdTime()),
          false);
      configuration = scalaMap(Map.of());
    } else {
      Map<String, String> conf = new LinkedHashMap<>();
      properties.forEach((k, v) -> {
        if (v != null) {
          conf.put(k, v);
        }
      });
      if (description != null) {
        conf.put("comment", description); // WriteIntoDelta turns it into the table description
      }
      configuration = scalaMap(conf);
    }
    WriteIntoDelta write =
        new WriteIntoDelta(
            log,
            mode == Mode.OVERWRITE ? SaveMode.Overwrite : SaveMode.Append,
            new DeltaOptions(scalaMap(Map.of()), spark.sessionState().conf()),
            seq(partitionBy),
            configuration,
            data,
            Option.empty(),
            Option.apply(schema));
    List<Action> result = new ArrayList<>(JavaConverters.seqAsJavaList(write.writeAndReturnCommitData(txn, spark, Option.empty(), false).actions()));
    this.actions = result;
    this.stagedFiles = List.copyOf(stagedPaths(result));
    this.operationPredicate = replacePredicate;
    if (mode == Mode.REPLACE_WHERE) {
      Expression condition = functions.expr(replacePredicate).expr();
      remove(JavaConverters.seqAsJavaList(txn.filterFiles(seq(List.of(condition)), false)));
    }
  }

  /**
   * Writes more rows into the same transaction (after {@link #stage}); they are committed or
   * deleted together with the first ones.
   */
  public void stageMore(Dataset<Row> data) {
    if (state != State.STAGED) {
      throw new IllegalStateException("stage() first");
    }
    List<Action> more = new ArrayList<>(JavaConverters.seqAsJavaList(txn.writeFiles(data, Option.empty())));
    List<Action> all = new ArrayList<>(actions);
    all.addAll(more);
    actions = all;
    List<Path> files = new ArrayList<>(stagedFiles);
    files.addAll(stagedPaths(more));
    stagedFiles = List.copyOf(files);
  }

  /**
   * Tags every file staged so far that has no {@code key} tag yet with {@code key = value}
   * (Delta {@code AddFile.tags}).
   */
  public void tagStaged(String key, String value) {
    if (state != State.STAGED) {
      throw new IllegalStateException("stage() first");
    }
    List<Action> tagged = new ArrayList<>(actions.size());
    for (Action a : actions) {
      tagged.add(a instanceof AddFile f && f.dataChange() && tag(f, key) == null ? f.copyWithTags(scalaMap(Map.of(key, value))) : a);
    }
    actions = tagged;
  }

  /** The names of the table's files (as read) tagged {@code key = value}. */
  public Set<String> filesTagged(String key, String value) {
    Set<String> names = new LinkedHashSet<>();
    tagsOfFiles(key).forEach((name, v) -> {
      if (value.equals(v)) {
        names.add(name);
      }
    });
    return names;
  }

  /** The {@code key} tag of each of the table's files (as read) that has one, by file name. */
  public Map<String, String> tagsOfFiles(String key) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (AddFile f : JavaConverters.seqAsJavaList(txn.filterFiles())) {
      String v = tag(f, key);
      if (v != null) {
        tags.put(absolute(f.path()).getName(), v);
      }
    }
    return tags;
  }

  private static String tag(AddFile f, String key) {
    return f.tags() != null && f.tags().get(key).isDefined() ? f.tags().get(key).get() : null;
  }

  /** The names of the files the commit of {@code version} added that the table (as read) still holds. */
  public Set<String> liveFilesAddedAt(long version) {
    Set<String> added = new LinkedHashSet<>();
    scala.collection.Iterator<Tuple2<Object, Seq<Action>>> changes = log.getChanges(version, false);
    if (changes.hasNext()) {
      Tuple2<Object, Seq<Action>> change = changes.next();
      if (((Long) change._1()) == version) {
        for (Action a : JavaConverters.seqAsJavaList(change._2())) {
          if (a instanceof AddFile f) {
            added.add(absolute(f.path()).getName());
          }
        }
      }
    }
    Set<String> live = new LinkedHashSet<>();
    for (AddFile f : JavaConverters.seqAsJavaList(txn.filterFiles())) {
      if (added.contains(absolute(f.path()).getName())) {
        live.add(absolute(f.path()).getName());
      }
    }
    return live;
  }

  /**
   * Makes the commit remove the table's files with these names (values of {@link #FILE_COLUMN});
   * for {@link Mode#REPLACE_FILES}.
   *
   * @param description what the removal means, recorded as the commit's predicate
   */
  public void removeFiles(Set<String> fileNames, String description) {
    if (state != State.STAGED || mode != Mode.REPLACE_FILES) {
      throw new IllegalStateException("stage(REPLACE_FILES) first");
    }
    List<AddFile> matching = new ArrayList<>();
    for (AddFile f : JavaConverters.seqAsJavaList(txn.filterFiles())) {
      if (fileNames.contains(absolute(f.path()).getName())) {
        matching.add(f);
      }
    }
    remove(matching);
    operationPredicate = description;
  }

  private void remove(List<AddFile> files) {
    List<Action> all = new ArrayList<>(actions);
    for (AddFile f : files) {
      all.add(f.remove());
      removedFileNames.add(absolute(f.path()).getName());
    }
    actions = all;
  }

  private List<Path> stagedPaths(List<Action> written) {
    List<Path> files = new ArrayList<>();
    for (Action a : written) {
      if (a instanceof AddFile || a instanceof AddCDCFile) {
        files.add(absolute(((FileAction) a).path()));
      }
    }
    return files;
  }

  /**
   * The staged rows per value of the partition column {@code column} (null for a null partition),
   * from the staged files' partition values and {@code numRecords} statistics, without reading a
   * file. Empty when a staged file has no statistics or no value for {@code column}.
   */
  public Optional<Map<String, Long>> stagedRowsByPartitionValue(String column) {
    if (state != State.STAGED) {
      throw new IllegalStateException("stage() first");
    }
    Map<String, Long> byValue = new LinkedHashMap<>();
    for (Action a : actions) {
      if (a instanceof AddFile f) {
        Map<String, String> partition = f.partitionValues() == null ? Map.of() : JavaConverters.mapAsJavaMap(f.partitionValues());
        JsonNode stats = parse(f.stats());
        if (!partition.containsKey(column) || stats == null || !stats.path("numRecords").canConvertToLong()) {
          return Optional.empty();
        }
        String v = partition.get(column);
        byValue.merge(v == null || v.isEmpty() ? null : v, stats.get("numRecords").asLong(), Long::sum); // HashMap takes a null key
      }
    }
    return Optional.of(java.util.Collections.unmodifiableMap(byValue));
  }

  /**
   * The staged rows' statistics, summed from those Delta computed while writing the files (see
   * {@link WrittenStatistics}), over the top-level columns of the staged schema; a partition
   * column's NULLs come from the partition values. A column is left out where a file has no
   * statistic for it (Delta keeps them for the first {@code delta.dataSkippingNumIndexedCols}
   * columns, 32 by default); empty when a staged file has no statistics at all ({@code
   * spark.databricks.delta.stats.collect=false}).
   * Minimums and maximums are kept for integral, double and decimal columns only: Delta keeps
   * them exactly for those, and they compare as doubles the way Spark casts them.
   */
  public Optional<WrittenStatistics> stagedStatistics() {
    if (state != State.STAGED) {
      throw new IllegalStateException("stage() first");
    }
    return statistics(stagedAddFiles());
  }

  /**
   * As {@link #stagedStatistics()}, over every file the table will hold after the commit: the
   * files kept (as read, minus those removed) and the staged ones. Only Delta's log is read.
   */
  public Optional<WrittenStatistics> liveStatistics() {
    if (state != State.STAGED) {
      throw new IllegalStateException("stage() first");
    }
    return statistics(liveAddFiles());
  }

  /** The files of the table once committed: those kept, then those staged. */
  private List<AddFile> liveAddFiles() {
    List<AddFile> live = new ArrayList<>(keptAddFiles());
    live.addAll(stagedAddFiles());
    return live;
  }

  /** A data file as Delta's log describes it: its name, rows and per-column minimums and maximums (JSON values: numbers, strings). */
  public record DataFile(String name, long rows, Map<String, Object> minValues, Map<String, Object> maxValues) {}

  /** The files the commit adds (none before {@link #stage}). */
  public List<DataFile> stagedDataFiles() {
    return stagedAddFiles().stream().map(this::dataFile).toList();
  }

  /** The files of the table as read that the commit keeps (all but those it removes). */
  public List<DataFile> keptDataFiles() {
    return keptAddFiles().stream().map(this::dataFile).toList();
  }

  private List<AddFile> stagedAddFiles() {
    List<AddFile> staged = new ArrayList<>();
    for (Action a : actions) {
      if (a instanceof AddFile f) {
        staged.add(f);
      }
    }
    return staged;
  }

  private List<AddFile> keptAddFiles() {
    if (!existed || mode == Mode.OVERWRITE) {
      return List.of();
    }
    if (tableFiles == null) {
      // the snapshot's files with their statistics (filterFiles() leaves the statistics out)
      tableFiles = live().map(l -> List.copyOf(l.files().values())).orElseGet(() -> List.copyOf(txn.snapshot().allFiles().collectAsList()));
    }
    List<AddFile> kept = new ArrayList<>();
    for (AddFile f : tableFiles) {
      if (!removedFileNames.contains(absolute(f.path()).getName())) {
        kept.add(f);
      }
    }
    return kept;
  }

  private DataFile dataFile(AddFile f) {
    JsonNode stats = parse(f.stats());
    long rows = stats != null && stats.path("numRecords").canConvertToLong() ? stats.get("numRecords").asLong() : -1;
    return new DataFile(absolute(f.path()).getName(), rows, values(stats, "minValues"), values(stats, "maxValues"));
  }

  private static Map<String, Object> values(JsonNode stats, String field) {
    Map<String, Object> values = new LinkedHashMap<>();
    if (stats != null && stats.path(field).isObject()) {
      stats.get(field).fields().forEachRemaining(e -> {
        JsonNode v = e.getValue();
        if (v.isIntegralNumber()) {
          values.put(e.getKey(), v.asLong());
        } else if (v.isNumber()) {
          values.put(e.getKey(), v.asDouble());
        } else if (v.isTextual()) {
          values.put(e.getKey(), v.asText());
        }
      });
    }
    return values;
  }

  /**
   * The rows of the named files (staged or of the table as read), read straight from their
   * Parquet files with {@code schema} (partition columns from the paths), each with its file's
   * name in {@link #FILE_COLUMN}. Exact because deletion vectors stay off on product tables.
   */
  public Dataset<Row> readFiles(java.util.Collection<String> names, StructType schema) {
    Set<String> wanted = new java.util.HashSet<>(names);
    List<String> paths = new ArrayList<>();
    for (Path p : stagedFiles) {
      if (wanted.contains(p.getName())) {
        paths.add(p.toString());
      }
    }
    for (AddFile f : keptAddFiles()) {
      if (wanted.contains(absolute(f.path()).getName())) {
        paths.add(absolute(f.path()).toString());
      }
    }
    if (paths.isEmpty()) {
      return spark.createDataFrame(List.of(), schema).withColumn(FILE_COLUMN, functions.lit(null).cast("string"));
    }
    return spark.read().schema(schema).option("basePath", log.dataPath().toString()).parquet(paths.toArray(String[]::new))
        .withColumn(FILE_COLUMN, functions.col("_metadata.file_name"));
  }

  private Optional<WrittenStatistics> statistics(List<AddFile> files) {
    long rows = 0;
    Map<String, Long> nulls = new LinkedHashMap<>();
    Map<String, Double> min = new LinkedHashMap<>();
    Map<String, Double> max = new LinkedHashMap<>();
    Set<String> unknownNulls = new java.util.HashSet<>();
    Set<String> unknownRange = new java.util.HashSet<>();
    for (AddFile f : files) {
      JsonNode stats = parse(f.stats());
      if (stats == null || !stats.path("numRecords").canConvertToLong()) {
        return Optional.empty();
      }
      long n = stats.get("numRecords").asLong();
      rows += n;
      Map<String, String> partition = f.partitionValues() == null ? Map.of() : JavaConverters.mapAsJavaMap(f.partitionValues());
      for (org.apache.spark.sql.types.StructField field : stagedSchema.fields()) {
        String c = field.name();
        long fileNulls;
        if (partition.containsKey(c)) {
          String v = partition.get(c);
          fileNulls = v == null || v.isEmpty() ? n : 0;
          unknownRange.add(c);
        } else if (stats.path("nullCount").path(c).canConvertToLong()) {
          fileNulls = stats.path("nullCount").path(c).asLong();
        } else {
          unknownNulls.add(c);
          unknownRange.add(c);
          continue;
        }
        nulls.merge(c, fileNulls, Long::sum);
        if (fileNulls == n || !exactAsDouble(field.dataType())) {
          continue; // no value in this file, or not a type whose range is kept
        }
        JsonNode lo = stats.path("minValues").path(c);
        JsonNode hi = stats.path("maxValues").path(c);
        if (!lo.isNumber() || !hi.isNumber()) {
          unknownRange.add(c);
          continue;
        }
        min.merge(c, lo.asDouble(), Math::min);
        max.merge(c, hi.asDouble(), Math::max);
      }
    }
    unknownNulls.forEach(nulls::remove);
    unknownRange.forEach(c -> {
      min.remove(c);
      max.remove(c);
    });
    return Optional.of(new WrittenStatistics(rows, nulls, min, max));
  }

  private static boolean exactAsDouble(org.apache.spark.sql.types.DataType type) {
    return type instanceof org.apache.spark.sql.types.ByteType || type instanceof org.apache.spark.sql.types.ShortType
        || type instanceof org.apache.spark.sql.types.IntegerType || type instanceof org.apache.spark.sql.types.LongType
        || type instanceof org.apache.spark.sql.types.DoubleType || type instanceof org.apache.spark.sql.types.DecimalType;
  }

  /** A file's statistics, or null when it has none or they do not parse. */
  private static JsonNode parse(String stats) {
    if (stats == null) {
      return null;
    }
    try {
      return JSON.readTree(stats);
    } catch (IOException e) {
      return null;
    }
  }

  /** Absolute URIs of the staged data files. */
  public List<String> stagedFiles() {
    return stagedFiles.stream().map(Path::toString).toList();
  }

  /**
   * Exactly the staged rows, read back from the staged files with {@code schema} (which must
   * include the partition columns; their values come from the file paths).
   */
  public Dataset<Row> readStaged(StructType schema) {
    if (stagedFiles.isEmpty()) {
      return spark.createDataFrame(List.of(), schema);
    }
    return spark.read()
        .schema(schema)
        .option("basePath", log.dataPath().toString())
        .parquet(stagedFiles().toArray(String[]::new));
  }

  /**
   * The table as this transaction read it, each row with the name of its data file in
   * {@link #FILE_COLUMN}; empty when the table did not exist.
   */
  public Optional<Dataset<Row>> readCurrentWithFiles() {
    if (!existed) {
      return Optional.empty();
    }
    Dataset<Row> current = spark.read().format("delta").option("versionAsOf", txn.readVersion()).load(log.dataPath().toString());
    return Optional.of(current.withColumn(FILE_COLUMN, functions.col("_metadata.file_name")));
  }

  /**
   * The rows of the table as read that the commit keeps (all but those in files it removes):
   * with the staged rows, the table as it will be after the commit. Empty when the table did not
   * exist or the commit replaces all of it.
   */
  public Optional<Dataset<Row>> readKept() {
    if (!existed || mode == Mode.OVERWRITE) {
      return Optional.empty();
    }
    Dataset<Row> current = readCurrentWithFiles().orElseThrow();
    if (!removedFileNames.isEmpty()) {
      current = current.where(functions.not(functions.col(FILE_COLUMN).isin(removedFileNames.toArray())));
    }
    return Optional.of(current.drop(FILE_COLUMN));
  }

  /**
   * Commits the staged files, the metadata recorded by {@link #stage} and, when {@code appId} is
   * given, a {@code SetTransaction(appId, 0)}, as one Delta commit.
   *
   * @return the committed table version
   * @throws Conflict when another writer committed first; the staged files are deleted
   */
  public long commit(String userMetadata, String appId) {
    return commit(userMetadata, appId, 0L);
  }

  /**
   * As {@link #commit(String, String)}, recording {@code SetTransaction(appId, txnVersion)}: the
   * latest version of {@code appId} committed (see {@link #appTransactionVersion}).
   */
  public long commit(String userMetadata, String appId, long txnVersion) {
    if (state != State.STAGED) {
      throw new IllegalStateException("nothing staged");
    }
    state = State.DONE;
    List<Action> all = new ArrayList<>(actions);
    if (appId != null) {
      all.add(new SetTransaction(appId, txnVersion, Option.apply((Object) System.currentTimeMillis())));
    }
    DeltaOperations.Write operation =
        new DeltaOperations.Write(
            mode == Mode.APPEND || mode == Mode.REPLACE_FILES && removedFileNames.isEmpty() ? SaveMode.Append : SaveMode.Overwrite,
            Option.apply(seq(partitionBy)),
            Option.apply(operationPredicate),
            Option.apply(userMetadata));
    long version;
    try {
      version = txn.commit(seq(all), operation);
    } catch (DeltaConcurrentModificationException e) {
      deleteStaged();
      throw conflict(e);
    }
    // Any other failure of commit() leaves the files in place: the commit may have landed
    // (a post-commit step failing), and deleting committed files would corrupt the table.
    // Unreferenced files are VACUUM's job.
    try {
      keepLiveFiles(version, appId, txnVersion);
    } catch (RuntimeException e) { // the commit stands: without a manifest the next publish asks Delta
      LOG.warn("{}: version {} committed, but its live-files manifest was not kept: {}", log.dataPath(), version, e.toString());
    }
    return version;
  }

  /**
   * Keeps the manifest of the version just committed, when it directly follows the version read
   * and this transaction knows the table's files (a new table, an overwrite, or the kept files the
   * gate asked for); otherwise the next publish reads an older manifest forward, or asks Delta.
   */
  private void keepLiveFiles(long version, String appId, long txnVersion) {
    if (liveFilesDir == null || version != txn.readVersion() + 1) {
      return;
    }
    boolean filesKnown = !existed || mode == Mode.OVERWRITE || tableFiles != null;
    if (!filesKnown) {
      return;
    }
    Map<String, Long> txns = !existed ? Map.of() : live().map(LiveFiles.State::txns).orElse(knownTxns);
    if (txns == null) {
      txns = transactions(txn.snapshot()); // Delta's state, once per table: later publishes read the manifest
    }
    Map<String, Long> after = new LinkedHashMap<>(txns);
    if (appId != null) {
      after.put(appId, txnVersion);
    }
    Map<String, AddFile> files = new LinkedHashMap<>();
    liveAddFiles().forEach(f -> files.put(f.path(), f));
    LiveFiles.write(liveFilesDir, new LiveFiles.State(version, txn.metadata().id(), files, after));
  }

  /**
   * What {@link #commit(String, String, long)} would commit, as JSON: the table, the staged actions
   * (Delta's own JSON of each), the table metadata, the operation and the transaction id. Kept
   * durably before a dependent commit, it lets another process make this commit with {@link
   * #commitPending} after this one died.
   */
  public String pending(String userMetadata, String appId, long txnVersion) {
    if (state != State.STAGED) {
      throw new IllegalStateException("nothing staged");
    }
    com.fasterxml.jackson.databind.node.ObjectNode n = JSON.createObjectNode();
    n.put("table", log.dataPath().toString());
    n.put("userMetadata", userMetadata);
    n.put("appId", appId);
    n.put("txnVersion", txnVersion);
    n.put("overwrite", !(mode == Mode.APPEND || mode == Mode.REPLACE_FILES && removedFileNames.isEmpty()));
    partitionBy.forEach(n.putArray("partitionBy")::add);
    n.put("predicate", operationPredicate);
    n.put("metadata", txn.metadata().json());
    actions.forEach(a -> n.withArray("actions").add(a.json()));
    return n.toString();
  }

  /** What {@link #commitPending} did. */
  public enum PendingOutcome {
    /** The commit was made now. */
    COMMITTED,
    /** The table already has this transaction id at this version or later: nothing to do (the staged files of a superseded one are deleted). */
    ALREADY_DONE
  }

  /**
   * Makes the commit a {@link #pending} JSON describes, unless the table already records its
   * transaction id at that version or a later one; in that case the files it would have added are
   * deleted when no commit references them.
   */
  public static PendingOutcome commitPending(SparkSession spark, String pendingJson) {
    JsonNode n = parsePending(pendingJson);
    DeltaLog log = DeltaLog.forTable(spark, new Path(n.get("table").asText()));
    OptimisticTransaction txn = log.startTransaction();
    txn.readWholeTable();
    String appId = n.get("appId").asText();
    long txnVersion = n.get("txnVersion").asLong();
    List<Action> all = new ArrayList<>();
    for (JsonNode a : n.withArray("actions")) {
      all.add(Action.fromJson(a.asText()));
    }
    if (txn.txnVersion(appId) >= txnVersion) {
      deleteUnreferenced(log, txn, all);
      return PendingOutcome.ALREADY_DONE;
    }
    Metadata metadata = (Metadata) Action.fromJson(n.get("metadata").asText());
    if (txn.readVersion() < 0 || !txn.metadata().equals(metadata)) {
      txn.updateMetadata(metadata, false);
    }
    all.add(new SetTransaction(appId, txnVersion, Option.apply((Object) System.currentTimeMillis())));
    List<String> partitionBy = new ArrayList<>();
    n.withArray("partitionBy").forEach(p -> partitionBy.add(p.asText()));
    DeltaOperations.Write operation =
        new DeltaOperations.Write(
            n.get("overwrite").asBoolean() ? SaveMode.Overwrite : SaveMode.Append,
            Option.apply(seq(partitionBy)),
            Option.apply(n.path("predicate").isNull() || n.path("predicate").isMissingNode() ? null : n.get("predicate").asText()),
            Option.apply(n.get("userMetadata").asText()));
    txn.commit(seq(all), operation);
    return PendingOutcome.COMMITTED;
  }

  /** Deletes the files a {@link #pending} JSON would have added, those no commit references: for a commit that must not be made. */
  public static PendingOutcome discardPending(SparkSession spark, String pendingJson) {
    JsonNode n = parsePending(pendingJson);
    DeltaLog log = DeltaLog.forTable(spark, new Path(n.get("table").asText()));
    OptimisticTransaction txn = log.startTransaction();
    txn.readWholeTable();
    List<Action> all = new ArrayList<>();
    for (JsonNode a : n.withArray("actions")) {
      all.add(Action.fromJson(a.asText()));
    }
    deleteUnreferenced(log, txn, all);
    return PendingOutcome.ALREADY_DONE;
  }

  private static JsonNode parsePending(String pendingJson) {
    try {
      return JSON.readTree(pendingJson);
    } catch (IOException e) {
      throw new UncheckedIOException("not a pending commit: " + pendingJson, e);
    }
  }

  private static void deleteUnreferenced(DeltaLog log, OptimisticTransaction txn, List<Action> actions) {
    Set<String> live = new java.util.HashSet<>();
    if (txn.readVersion() >= 0) {
      for (AddFile f : JavaConverters.seqAsJavaList(txn.filterFiles())) {
        live.add(f.path());
      }
    }
    for (Action a : actions) {
      if (a instanceof AddFile add && !live.contains(add.path())) {
        Path file = new Path(log.dataPath(), new Path(java.net.URI.create(add.path())));
        try {
          file.getFileSystem(log.newDeltaHadoopConf()).delete(file, false);
        } catch (IOException e) {
          throw new UncheckedIOException("could not delete " + file, e);
        }
      }
    }
  }

  /**
   * The rows of the table at {@code version}, the version {@link #commit} returned. When no other
   * commit came between the version read and this one, the version's files are the files kept
   * plus the files staged, and their rows are the sum of the {@code numRecords} Delta recorded for
   * each: no snapshot of the new version is built. Otherwise (a blind append Delta let through
   * after a concurrent commit, a file without statistics) Delta counts the version.
   */
  public long rowsAfterCommit(long version) {
    if (state != State.DONE) {
      throw new IllegalStateException("commit() first");
    }
    if (version != readVersion() + 1) {
      return rowsAt(version);
    }
    long rows = 0;
    for (AddFile f : liveAddFiles()) {
      long n = dataFile(f).rows();
      if (n < 0) {
        return rowsAt(version);
      }
      rows += n;
    }
    return rows;
  }

  /**
   * The rows of the table at {@code version}. Delta answers a count from the files' statistics
   * (its metadata-only count), so no data file is read when they have them.
   */
  public long rowsAt(long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(log.dataPath().toString()).count();
  }

  /** The timestamp Delta readers use for {@code version} (time travel "as of"). */
  public Instant commitTimestamp(long version) {
    // Right after a commit, the log's current snapshot is that version: no need to build another.
    org.apache.spark.sql.delta.Snapshot current = log.unsafeVolatileSnapshot();
    if (current.version() == version) {
      return Instant.ofEpochMilli(current.timestamp());
    }
    return Instant.ofEpochMilli(log.getSnapshotAt(version, Option.empty(), Option.empty()).timestamp());
  }

  /**
   * Deletes the staged files and what staging created around them (empty partition directories;
   * for a table that has no commit, the empty {@code _delta_log} and table directory). Only ever
   * deletes this transaction's files and empty directories, so a concurrent writer staging into
   * the same directory is never disturbed.
   */
  public void abort() {
    if (state == State.DONE) {
      return;
    }
    state = State.DONE;
    deleteStaged();
  }

  /** The latest commit whose user metadata has {@code field} equal to {@code value}, if any. */
  public Optional<Commit> latestCommitWhere(String field, String value) {
    return CommitLog.newest(spark, log.dataPath(), c -> c.text("userMetadata") != null && value.equals(field(c.text("userMetadata"), field)))
        .map(c -> new Commit(c.version(), c.timestamp(), c.text("userMetadata")));
  }

  /** A text field of a commit's JSON user metadata, or null (also when the metadata is not JSON). */
  public static String field(String userMetadata, String field) {
    try {
      com.fasterxml.jackson.databind.JsonNode v = JSON.readTree(userMetadata).get(field);
      return v == null || v.isContainerNode() || v.isNull() ? null : v.asText();
    } catch (IOException notJson) {
      return null;
    }
  }

  private void deleteStaged() {
    Configuration conf = log.newDeltaHadoopConf();
    try {
      Path table = log.dataPath();
      FileSystem fs = table.getFileSystem(conf);
      Set<Path> dirs = new LinkedHashSet<>();
      for (Path file : stagedFiles) {
        fs.delete(file, false); // on a checksummed file system this also removes the .crc
        for (Path d = file.getParent(); d != null && !d.equals(table) && d.depth() > table.depth(); d = d.getParent()) {
          dirs.add(d);
        }
      }
      for (Path dir : dirs.stream().sorted((a, b) -> b.depth() - a.depth()).toList()) {
        deleteIfEmpty(fs, dir);
      }
      if (!hasCommits(fs)) {
        deleteIfEmpty(fs, new Path(log.logPath(), "_commits"));
        deleteIfEmpty(fs, log.logPath());
        deleteIfEmpty(fs, table);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete the staged files of " + log.dataPath(), e);
    }
  }

  private boolean hasCommits(FileSystem fs) throws IOException {
    if (!fs.exists(log.logPath())) {
      return false;
    }
    for (FileStatus s : fs.listStatus(log.logPath())) {
      if (s.isFile()) {
        return true;
      }
    }
    return false;
  }

  private static void deleteIfEmpty(FileSystem fs, Path dir) throws IOException {
    if (fs.exists(dir) && fs.getFileStatus(dir).isDirectory() && fs.listStatus(dir).length == 0) {
      try {
        fs.delete(dir, false);
      } catch (IOException raced) {
        // someone wrote into it meanwhile: not ours to delete
      }
    }
  }

  private Path absolute(String actionPath) {
    Path p = SparkPath.fromUrlString(actionPath).toPath();
    return p.isAbsolute() ? p : new Path(log.dataPath(), p);
  }

  /**
   * Describes the winning commit from Delta's exception text. Its "Conflicting commit" JSON is
   * not valid JSON in Delta 3.3 (operation parameters are written unquoted, e.g. {@code "mode":Append})
   * and carries no version, so the operation and user metadata are picked out by pattern and the
   * version is looked up by the winner's run id when the winner was a Meshwork publish.
   */
  private Conflict conflict(DeltaConcurrentModificationException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String firstLine = message.lines().findFirst().orElse(message).replaceFirst("^\\[[A-Z_]+] ", "").trim();
    String operation = null;
    String userMetadata = null;
    Long version = null;
    Matcher commit = CONFLICTING_COMMIT.matcher(message);
    if (commit.find()) {
      Matcher op = OPERATION.matcher(commit.group(1));
      operation = op.find() ? op.group(1) : null;
      Matcher um = USER_METADATA.matcher(commit.group(1));
      if (um.find()) {
        try {
          userMetadata = JSON.readValue("\"" + um.group(1) + "\"", String.class);
          JsonNode stamp = JSON.readTree(userMetadata);
          if (stamp.hasNonNull("runId")) {
            version = latestCommitWhere("runId", stamp.get("runId").asText()).map(Commit::version).orElse(null);
          }
        } catch (IOException | RuntimeException notOurs) {
          // another writer's metadata: keep what was read
        }
      }
    }
    return new Conflict(firstLine, txn.readVersion(), version, operation, userMetadata, e);
  }

  private static <T> Seq<T> seq(List<T> list) {
    return JavaConverters.asScalaBuffer(list).toList();
  }

  private static scala.collection.immutable.Map<String, String> scalaMap(Map<String, String> map) {
    scala.collection.immutable.Map<String, String> result = new scala.collection.immutable.HashMap<>();
    for (Map.Entry<String, String> e : map.entrySet()) {
      result = result.$plus(new Tuple2<>(e.getKey(), e.getValue()));
    }
    return result;
  }
}
