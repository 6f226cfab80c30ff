package io.meshwork.quality.internal;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Compliance;
import com.amazon.deequ.analyzers.MaxLength;
import com.amazon.deequ.analyzers.MaxState;
import com.amazon.deequ.analyzers.Maximum;
import com.amazon.deequ.analyzers.Mean;
import com.amazon.deequ.analyzers.MeanState;
import com.amazon.deequ.analyzers.MinState;
import com.amazon.deequ.analyzers.Minimum;
import com.amazon.deequ.analyzers.NumMatches;
import com.amazon.deequ.analyzers.NumMatchesAndCount;
import com.amazon.deequ.analyzers.PatternMatch;
import com.amazon.deequ.analyzers.ScanShareableAnalyzer;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.StandardDeviation;
import com.amazon.deequ.analyzers.StandardDeviationState;
import com.amazon.deequ.analyzers.State;
import com.amazon.deequ.analyzers.Sum;
import com.amazon.deequ.analyzers.SumState;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.Metric;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshwork.core.publish.TableChange;
import io.meshwork.core.storage.Storage;
import io.meshwork.core.storage.WrittenStatistics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * The gate's knowledge of a table's files, kept between publishes so that a publish reads only
 * the rows it adds.
 *
 * <ul>
 *   <li><b>Per-file states.</b> For each live data file, the mergeable Deequ state ({@link
 *       State}: counts, sums, minimums, maximums, mean and deviation moments) of each
 *       scan-shareable metric the contract needs that Delta's own file statistics do not give. A
 *       table metric is Deequ's metric of the merged states of the files live after the commit.
 *       The states of the files a publish adds come from one aggregation of its rows grouped by
 *       file; a live file with no state for a metric (a constraint new to the contract, a file
 *       written by an erase) is read once, and its state kept.
 *   <li><b>Unique keys.</b> Which {@code unique} column sets were unique over the files of the
 *       snapshot. A later append or merge then decides uniqueness from its added rows plus only
 *       the kept files whose ranges of the key (Delta's per-file minimum and maximum) overlap
 *       those of an added file.
 * </ul>
 *
 * Stored as one JSON snapshot per publish in {@link TableChange#stateDir()}, named {@code
 * <version>-<uuid>.json} for the version the publish commits: the states of every file live after
 * it. A publish reads the newest snapshot of a version it read and uses only its entries for
 * live files, so a snapshot of a publish that lost a conflict, or of files since removed, is
 * never believed; older snapshots are deleted, and with them the states of removed files.
 */
public final class FileStates {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("(\\d{20})-[0-9a-f-]+\\.json");

  private final TableChange change;
  private final Set<String> live = new LinkedHashSet<>();
  private final Map<String, Map<String, double[]>> states = new HashMap<>();
  private final Set<String> previousFiles = new HashSet<>();
  private final Set<String> uniqueBefore = new HashSet<>();
  private final Set<String> uniqueNow = new LinkedHashSet<>();
  private final List<Path> older = new ArrayList<>();
  private Path loaded;
  /** How many live files were read to compute missing states, for tests and logs. */
  private int filesRead;
  /** What the gate measured while the added rows were written, or null. */
  private WriteProbe probe;

  private FileStates(TableChange change) {
    this.change = change;
    change.keptFiles().forEach(f -> live.add(f.name()));
    change.addedFiles().forEach(f -> live.add(f.name()));
  }

  /**
   * The states of {@code change}'s kept files from the newest usable snapshot, and those of its
   * added files that the gate's {@link WriteProbe} measured while they were written.
   */
  public static FileStates load(TableChange change) {
    FileStates s = loadSnapshot(change);
    s.probe = change.observer().filter(WriteProbe.class::isInstance).map(WriteProbe.class::cast).orElse(null);
    if (s.probe != null) {
      s.probe.fileStates(change.addedFiles()).forEach((file, byAnalyzer) -> s.states.computeIfAbsent(file, f -> new HashMap<>()).putAll(byAnalyzer));
    }
    return s;
  }

  private static FileStates loadSnapshot(TableChange change) {
    FileStates s = new FileStates(change);
    if (change.replacesAll() || change.readVersion() < 0) {
      return s;
    }
    Path best = null;
    long bestVersion = -1;
    for (Path p : Storage.files(change.stateDir(), ".json")) {
      Matcher m = NAME.matcher(p.getName());
      if (!m.matches()) {
        continue;
      }
      long v = Long.parseLong(m.group(1));
      if (v <= change.readVersion() && v > bestVersion) {
        if (best != null) {
          s.older.add(best);
        }
        best = p;
        bestVersion = v;
      } else if (v < change.readVersion()) {
        s.older.add(p);
      }
    }
    if (best == null) {
      return s;
    }
    try {
      JsonNode root = JSON.readTree(Storage.read(best));
      root.path("files").fields().forEachRemaining(f -> {
        s.previousFiles.add(f.getKey());
        if (s.live.contains(f.getKey())) {
          Map<String, double[]> byAnalyzer = new HashMap<>();
          f.getValue().fields().forEachRemaining(a -> byAnalyzer.put(a.getKey(), numbers(a.getValue())));
          s.states.put(f.getKey(), byAnalyzer);
        }
      });
      root.path("unique").forEach(k -> s.uniqueBefore.add(k.asText()));
      s.loaded = best;
    } catch (IOException | RuntimeException unreadable) {
      s.previousFiles.clear();
      s.states.clear();
      s.uniqueBefore.clear(); // recomputed: a state is never guessed
    }
    return s;
  }

  private static double[] numbers(JsonNode node) {
    if (!node.isArray()) {
      return null; // an empty state (no rows the metric counts)
    }
    double[] v = new double[node.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = node.get(i).asDouble();
    }
    return v;
  }

  /** Whether Meshwork keeps per-file states for this analyzer. */
  static boolean mergeable(Analyzer<?, ?> a) {
    return a instanceof Size || a instanceof Completeness || a instanceof Minimum || a instanceof Maximum || a instanceof Sum
        || a instanceof Mean || a instanceof StandardDeviation || a instanceof MaxLength || a instanceof PatternMatch
        || a instanceof Compliance;
  }

  static String key(Analyzer<?, ?> a) {
    return a.toString();
  }

  /**
   * The table metric of each of {@code analyzers} (all {@link #mergeable}) from the merged states
   * of the live files. The added files' states, and those of live files lacking one, come from one
   * grouped aggregation of those files' rows ({@code prepare} adds derived columns).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  Map<Analyzer<?, Metric<?>>, Metric<?>> metrics(List<Analyzer<?, ?>> analyzers, Function<Dataset<Row>, Dataset<Row>> prepare) {
    Map<Analyzer<?, Metric<?>>, Metric<?>> metrics = new LinkedHashMap<>();
    if (analyzers.isEmpty()) {
      return metrics;
    }
    Set<String> missing = new LinkedHashSet<>();
    for (String file : live) {
      Map<String, double[]> known = states.get(file);
      if (known == null || analyzers.stream().anyMatch(a -> !known.containsKey(key(a)))) {
        missing.add(file);
      }
    }
    if (!missing.isEmpty()) {
      Set<String> added = new HashSet<>();
      change.addedFiles().forEach(f -> added.add(f.name()));
      filesRead = (int) missing.stream().filter(f -> !added.contains(f)).count();
      List<Analyzer<?, ?>> lacking = analyzers.stream()
          .filter(a -> missing.stream().anyMatch(f -> states.get(f) == null || !states.get(f).containsKey(key(a))))
          .toList();
      compute(prepare.apply(change.readFiles(missing)), lacking);
    }
    for (Analyzer<?, ?> a : analyzers) {
      State merged = null;
      for (String file : live) {
        double[] v = states.get(file).get(key(a));
        if (v != null) {
          State s = decode(a, v);
          merged = merged == null ? s : merged.sumUntyped(s);
        }
      }
      metrics.put((Analyzer) a, (Metric<?>) ((Analyzer) a).computeMetricFrom(Option.apply(merged)));
    }
    return metrics;
  }

  /** One aggregation of {@code rows} (with {@link TableChange#FILE_COLUMN}) grouped by file: each file's state of each analyzer. */
  private void compute(Dataset<Row> rows, List<Analyzer<?, ?>> analyzers) {
    List<Column> aggregations = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();
    for (Analyzer<?, ?> a : analyzers) {
      offsets.add(aggregations.size() + 1);
      aggregations.addAll(aggregations(a));
    }
    Column[] named = new Column[aggregations.size()];
    for (int i = 0; i < named.length; i++) {
      named[i] = aggregations.get(i).as("_mesh_s" + i);
    }
    List<Row> perFile = rows.groupBy(functions.col(TableChange.FILE_COLUMN)).agg(named[0], java.util.Arrays.copyOfRange(named, 1, named.length)).collectAsList();
    Set<String> seen = new HashSet<>();
    for (Row row : perFile) {
      String file = row.getString(0);
      seen.add(file);
      Map<String, double[]> byAnalyzer = states.computeIfAbsent(file, f -> new HashMap<>());
      for (int i = 0; i < analyzers.size(); i++) {
        byAnalyzer.put(key(analyzers.get(i)), state(analyzers.get(i), row, offsets.get(i)));
      }
    }
    for (String file : live) { // a file with no rows has empty states
      if (!seen.contains(file) && rows.sparkSession() != null) {
        Map<String, double[]> byAnalyzer = states.computeIfAbsent(file, f -> new HashMap<>());
        analyzers.forEach(a -> byAnalyzer.putIfAbsent(key(a), null));
      }
    }
  }

  /**
   * The aggregations of one analyzer's state: plain aggregates for a minimum, maximum, maximum
   * length and pattern (as {@link DeequChecks} computes them), Deequ's own for the others.
   */
  static List<Column> aggregations(Analyzer<?, ?> a) {
    if (a instanceof Minimum m && m.where().isEmpty() && m.analyzerOptions().isEmpty()) {
      return List.of(functions.min(ConstraintPlan.col(m.column()).cast(DataTypes.DoubleType)));
    }
    if (a instanceof Maximum m && m.where().isEmpty() && m.analyzerOptions().isEmpty()) {
      return List.of(functions.max(ConstraintPlan.col(m.column()).cast(DataTypes.DoubleType)));
    }
    if (a instanceof MaxLength m && m.where().isEmpty() && m.analyzerOptions().isEmpty()) {
      return List.of(functions.max(functions.length(ConstraintPlan.col(m.column()))).cast(DataTypes.DoubleType));
    }
    if (a instanceof PatternMatch p && p.analyzerOptions().isEmpty()) {
      Column where = p.where().isDefined() ? functions.expr(p.where().get()) : functions.lit(true);
      return List.of(
          functions.sum(functions.when(where.and(FindRegex.rlike(ConstraintPlan.col(p.column()), p.pattern().regex())), 1L).otherwise(0L)),
          functions.sum(where.cast(DataTypes.IntegerType)));
    }
    return JavaConverters.seqAsJavaList(((ScanShareableAnalyzer<?, ?>) a).aggregationFunctions());
  }

  /** One file's state of {@code a} from its aggregates at {@code offset}, as numbers; null for an empty state. */
  static double[] state(Analyzer<?, ?> a, Row row, int offset) {
    boolean plainExtreme = (a instanceof Minimum m && m.where().isEmpty() && m.analyzerOptions().isEmpty())
        || (a instanceof Maximum x && x.where().isEmpty() && x.analyzerOptions().isEmpty())
        || (a instanceof MaxLength l && l.where().isEmpty() && l.analyzerOptions().isEmpty());
    if (plainExtreme) {
      return row.isNullAt(offset) ? null : new double[] {row.getDouble(offset)};
    }
    if (a instanceof PatternMatch p && p.analyzerOptions().isEmpty()) {
      return row.isNullAt(offset + 1) || row.getLong(offset + 1) == 0 ? null : new double[] {row.getLong(offset), row.getLong(offset + 1)};
    }
    Option<?> s = ((ScanShareableAnalyzer<?, ?>) a).fromAggregationResult(row, offset);
    return s.isEmpty() ? null : encode((State<?>) s.get());
  }

  static double[] encode(State<?> s) {
    if (s instanceof NumMatchesAndCount n) {
      return new double[] {n.numMatches(), n.count()};
    }
    if (s instanceof NumMatches n) {
      return new double[] {n.numMatches()};
    }
    if (s instanceof MinState m) {
      return new double[] {m.minValue()};
    }
    if (s instanceof MaxState m) {
      return new double[] {m.maxValue()};
    }
    if (s instanceof SumState m) {
      return new double[] {m.sum()};
    }
    if (s instanceof MeanState m) {
      return new double[] {m.sum(), m.count()};
    }
    if (s instanceof StandardDeviationState d) {
      return new double[] {d.n(), d.avg(), d.m2()};
    }
    throw new IllegalArgumentException("not a mergeable state: " + s.getClass().getSimpleName());
  }

  @SuppressWarnings("rawtypes")
  static State decode(Analyzer<?, ?> a, double[] v) {
    Option<Column> none = Option.empty();
    if (a instanceof Size) {
      return new NumMatches((long) v[0]);
    }
    if (a instanceof Completeness || a instanceof PatternMatch || a instanceof Compliance) {
      return new NumMatchesAndCount((long) v[0], (long) v[1], none);
    }
    if (a instanceof Minimum) {
      return new MinState(v[0], none);
    }
    if (a instanceof Maximum || a instanceof MaxLength) {
      return new MaxState(v[0], none);
    }
    if (a instanceof Sum) {
      return new SumState(v[0]);
    }
    if (a instanceof Mean) {
      return new MeanState(v[0], (long) v[1]);
    }
    if (a instanceof StandardDeviation) {
      return new StandardDeviationState(v[0], v[1], v[2]);
    }
    throw new IllegalArgumentException("not a mergeable analyzer: " + a);
  }

  // ---- uniqueness -----------------------------------------------------------------------------

  /**
   * Whether {@code key} is proven unique over the table as it will be: the added rows (for a
   * publish that replaces the table, with the writer's partitioning hint), plus, after an append
   * or merge, the kept files whose key ranges overlap an added file's, provided the key was unique
   * over every kept file before. False: not proven (Deequ's exact count decides).
   */
  boolean provenUnique(List<String> key, long rows) {
    String id = String.join(",", key);
    Dataset<Row> added = change.added();
    WrittenStatistics hint = change.addedStatistics().orElse(null);
    boolean proven;
    long addedRows = change.addedFiles().stream().allMatch(f -> f.rows() >= 0) ? change.addedFiles().stream().mapToLong(TableChange.DataFile::rows).sum() : -1;
    if (change.replacesAll()) {
      proven = (probe != null && probe.provenUnique(key, addedRows))
          || Uniqueness.provenUnique(added, key, rows, hint == null ? List.of() : hint.clusteredBy(), hint == null ? 0 : hint.clusterPartitions());
    } else {
      if (!uniqueBefore.contains(id) || !change.keptFiles().stream().allMatch(f -> previousFiles.contains(f.name()))) {
        return false;
      }
      List<String> overlapping = overlapping(key, added.schema());
      long n = change.addedFiles().stream().mapToLong(TableChange.DataFile::rows).sum();
      Column[] cols = key.stream().map(ConstraintPlan::col).toArray(Column[]::new);
      Dataset<Row> keys = added.select(cols);
      if (!overlapping.isEmpty()) {
        keys = keys.union(change.readFiles(overlapping).select(cols));
        n += change.keptFiles().stream().filter(f -> overlapping.contains(f.name())).mapToLong(TableChange.DataFile::rows).sum();
      }
      overlappingRead = overlapping.size();
      proven = n > 0 && ((overlapping.isEmpty() && probe != null && probe.provenUnique(key, addedRows)) || Uniqueness.provenUnique(keys, key, n));
    }
    if (proven) {
      uniqueNow.add(id);
    }
    return proven;
  }

  private int overlappingRead = -1;

  /** The kept files whose key ranges overlap an added file's on every key column whose ranges Delta keeps exactly. */
  List<String> overlapping(List<String> key, StructType schema) {
    List<String> ranged = key.stream().filter(c -> ranged(schema, c)).toList();
    List<String> files = new ArrayList<>();
    for (TableChange.DataFile kept : change.keptFiles()) {
      for (TableChange.DataFile added : change.addedFiles()) {
        if (ranged.stream().allMatch(c -> overlap(kept, added, c))) {
          files.add(kept.name());
          break;
        }
      }
    }
    return files;
  }

  /** Integral, string and date columns: Delta's bounds for them hold every value (strings as prefixes). */
  private static boolean ranged(StructType schema, String column) {
    for (var f : schema.fields()) {
      if (f.name().equalsIgnoreCase(column)) {
        var t = f.dataType();
        return t instanceof LongType || t instanceof IntegerType || t instanceof ShortType || t instanceof ByteType
            || t instanceof StringType || t instanceof DateType;
      }
    }
    return false;
  }

  private static boolean overlap(TableChange.DataFile a, TableChange.DataFile b, String column) {
    Object aMin = a.minValues().get(column);
    Object aMax = a.maxValues().get(column);
    Object bMin = b.minValues().get(column);
    Object bMax = b.maxValues().get(column);
    if (aMin == null || aMax == null || bMin == null || bMax == null) {
      // no bounds: a file of only NULL keys holds no key that can repeat a key of the other
      // file... unless the file has no statistics at all, so assume an overlap either way
      return true;
    }
    Integer c1 = compare(aMin, bMax);
    Integer c2 = compare(bMin, aMax);
    if (c1 == null || c2 == null) {
      return true;
    }
    return c1 <= 0 && c2 <= 0;
  }

  /** Two bounds of one column compared: longs as numbers, strings by their UTF-8 bytes (Spark's order); null when not comparable. */
  private static Integer compare(Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    if (a instanceof String x && b instanceof String y) {
      byte[] p = x.getBytes(StandardCharsets.UTF_8);
      byte[] q = y.getBytes(StandardCharsets.UTF_8);
      return java.util.Arrays.compareUnsigned(p, q);
    }
    return null;
  }

  /** Records the uniqueness Deequ computed over the whole table (1.0: unique), for the next publish. */
  public void record(AnalyzerContext metrics) {
    for (var e : JavaConverters.mapAsJavaMap(metrics.metricMap()).entrySet()) {
      Object analyzer = e.getKey();
      if (analyzer instanceof com.amazon.deequ.analyzers.Uniqueness u && u.where().isEmpty()) {
        Metric<?> m = e.getValue();
        if (m.value().isSuccess() && ((Number) m.value().get()).doubleValue() == 1.0) {
          uniqueNow.add(String.join(",", JavaConverters.seqAsJavaList(u.columns())));
        }
      }
    }
  }

  /** Kept files read to compute states they lacked. */
  int filesRead() {
    return filesRead;
  }

  /** Kept files read for uniqueness in the last {@link #provenUnique} call; -1 when none was decided that way. */
  int overlappingRead() {
    return overlappingRead;
  }

  /**
   * Writes the snapshot of the live files' states for the version the publish commits, and
   * deletes the snapshots older than the one read. Never fails the publish: a snapshot that
   * cannot be written costs the next publish a read of the files.
   */
  public void save() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode files = root.putObject("files");
    for (String file : live) {
      Map<String, double[]> byAnalyzer = states.get(file);
      if (byAnalyzer == null) {
        continue;
      }
      ObjectNode f = files.putObject(file);
      byAnalyzer.forEach((k, v) -> {
        if (v == null) {
          f.putNull(k);
        } else {
          ArrayNode a = f.putArray(k);
          for (double d : v) {
            a.add(d);
          }
        }
      });
    }
    ArrayNode unique = root.putArray("unique");
    uniqueNow.forEach(unique::add);
    Path file = new Path(change.stateDir(), String.format("%020d-%s.json", change.readVersion() + 1, UUID.randomUUID()));
    Storage.write(file, root.toString().getBytes(StandardCharsets.UTF_8));
    for (Path p : older) {
      Storage.delete(p, false);
    }
  }
}
