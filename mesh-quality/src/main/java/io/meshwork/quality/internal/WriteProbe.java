package io.meshwork.quality.internal;

import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import com.amazon.deequ.analyzers.Analyzer;
import io.meshwork.core.publish.TableChange;
import io.meshwork.core.publish.WriteObserver;
import io.meshwork.quality.internal.ProbeAccumulator.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateFunction;
import org.apache.spark.sql.catalyst.expressions.aggregate.Count;
import org.apache.spark.sql.catalyst.expressions.aggregate.Max;
import org.apache.spark.sql.catalyst.expressions.aggregate.Min;
import org.apache.spark.sql.catalyst.expressions.aggregate.Sum;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.ByteType;

/**
 * The gate's {@link WriteObserver}: measures a publish's rows in the tasks that write them, so that
 * the gate does not read the written files again for
 *
 * <ul>
 *   <li><b>per-file states</b> ({@link FileStates}) of the scan-shareable metrics Delta's file
 *       statistics do not give (patterns, allowed values, maximum lengths, sums, ...): each
 *       metric's aggregations are sums, counts, minimums or maximums of a per-row value, folded
 *       per task. A task that wrote one file (Spark names it {@code part-<task>-...}) with as many
 *       rows as the task saw gives that file's states; any other file is read as before;
 *   <li><b>uniqueness</b> of a {@code unique} key over the written rows: per task, its runs of
 *       strictly increasing keys (the sorted-runs proof of {@link Uniqueness}, without reading the
 *       keys back), whether a key hash repeats within the task and the writer's partition numbers
 *       of its rows (the per-partition proof), and, for small writes, the key hashes themselves
 *       (no hash twice over all tasks proves the key unique).
 * </ul>
 *
 * Nothing it measured is believed unless it saw every written row: the tasks' row counts must add
 * up to the rows Delta's statistics give, and no task may report twice.
 */
public final class WriteProbe implements WriteObserver {
  private static final Pattern PART = Pattern.compile("(?:^|/)part-(\\d{5,})-[^/]*$");

  /** One aggregation of an analyzer's state as a fold of a per-row value. */
  record Fold(Op op, Column input, boolean toDouble) {}

  private final List<Analyzer<?, ?>> analyzers;
  private final List<List<Fold>> folds;
  private final List<List<String>> keys;
  private final List<Boolean> orderable;
  private final List<Boolean> bucketed;
  private final List<Column> inputs;
  private final ProbeAccumulator accumulator;

  private WriteProbe(
      List<Analyzer<?, ?>> analyzers, List<List<Fold>> folds, List<List<String>> keys, List<Boolean> orderable, List<Boolean> bucketed,
      List<Column> inputs, ProbeAccumulator accumulator) {
    this.analyzers = analyzers;
    this.folds = folds;
    this.keys = keys;
    this.orderable = orderable;
    this.bucketed = bucketed;
    this.inputs = inputs;
    this.accumulator = accumulator;
  }

  /**
   * A probe of {@code rows} for the states of {@code analyzers} (those whose aggregations fold, the
   * others are left out) and the uniqueness of {@code keys}; null when there is nothing to probe.
   *
   * @param clusteredBy the writer's hash partitioning hint (empty: none), into {@code partitions}
   */
  static WriteProbe of(Dataset<Row> rows, List<Analyzer<?, ?>> analyzers, List<List<String>> keys, List<String> clusteredBy, int partitions) {
    return of(rows, analyzers, keys, clusteredBy, partitions, ProbeAccumulator.shippedHashesBudget());
  }

  /** As {@link #of(Dataset, List, List, List, int)}, shipping at most {@code shippedHashes} key hashes to the driver. */
  static WriteProbe of(
      Dataset<Row> rows, List<Analyzer<?, ?>> analyzers, List<List<String>> keys, List<String> clusteredBy, int partitions, long shippedHashes) {
    List<Analyzer<?, ?>> probed = new ArrayList<>();
    List<List<Fold>> folds = new ArrayList<>();
    for (Analyzer<?, ?> a : analyzers) {
      List<Fold> f = folds(rows, FileStates.aggregations(a));
      if (f != null) {
        probed.add(a);
        folds.add(f);
      }
    }
    List<List<String>> probedKeys = new ArrayList<>();
    List<Boolean> orderable = new ArrayList<>();
    List<Boolean> bucketed = new ArrayList<>();
    for (List<String> key : keys) {
      List<DataType> types = key.stream().map(c -> type(rows, ConstraintPlan.col(c))).toList();
      if (!types.contains(null)) {
        probedKeys.add(key);
        orderable.add(types.stream().allMatch(Uniqueness::orderable));
        bucketed.add(partitions > 0 && !clusteredBy.isEmpty()
            && clusteredBy.stream().allMatch(c -> key.stream().anyMatch(k -> k.equalsIgnoreCase(c))));
      }
    }
    if (probed.isEmpty() && probedKeys.isEmpty()) {
      return null;
    }
    List<Column> inputs = new ArrayList<>();
    List<Op> ops = new ArrayList<>();
    folds.forEach(fs -> fs.forEach(f -> {
      inputs.add(f.input());
      ops.add(f.op());
    }));
    List<Integer> keyColumns = new ArrayList<>();
    for (int k = 0; k < probedKeys.size(); k++) {
      Column[] cols = probedKeys.get(k).stream().map(ConstraintPlan::col).toArray(Column[]::new);
      Column allNull = lit(true);
      for (Column c : cols) {
        inputs.add(c);
        allNull = allNull.and(c.isNull());
      }
      inputs.add(when(allNull, lit(null)).otherwise(xxhash64(cols)));
      if (bucketed.get(k)) {
        inputs.add(pmod(hash(clusteredBy.stream().map(ConstraintPlan::col).toArray(Column[]::new)), lit(partitions)));
      }
      keyColumns.add(cols.length);
    }
    ProbeAccumulator accumulator = new ProbeAccumulator(new ProbeAccumulator.Layout(ops, keyColumns, bucketed, shippedHashes));
    return new WriteProbe(probed, folds, probedKeys, orderable, bucketed, inputs, accumulator);
  }

  @Override
  public Dataset<Row> attach(Dataset<Row> rows) {
    if (!accumulator.isRegistered()) {
      rows.sparkSession().sparkContext().register(accumulator); // unnamed: not shown per task in the UI and event log
    }
    List<Expression> expressions = inputs.stream().map(Column::expr).toList();
    return rows.filter(new Column(new ProbeExpression(expressions, accumulator)));
  }

  /** The analyzers whose states this probe measures. */
  List<Analyzer<?, ?>> analyzers() {
    return analyzers;
  }

  /**
   * The states of the probed analyzers of each of {@code added} that one task wrote alone, by file
   * name and {@link FileStates#key analyzer key} (a null state: empty).
   */
  Map<String, Map<String, double[]>> fileStates(List<TableChange.DataFile> added) {
    Map<String, Map<String, double[]>> states = new HashMap<>();
    Map<Integer, ProbeAccumulator.Task> tasks = accumulator.value();
    if (analyzers.isEmpty() || tasks.isEmpty()) {
      return states;
    }
    Map<Integer, List<TableChange.DataFile>> byTask = new HashMap<>();
    for (TableChange.DataFile f : added) {
      Matcher m = PART.matcher(f.name());
      if (m.find()) {
        byTask.computeIfAbsent(Integer.parseInt(m.group(1)), t -> new ArrayList<>()).add(f);
      }
    }
    for (Map.Entry<Integer, ProbeAccumulator.Task> e : tasks.entrySet()) {
      List<TableChange.DataFile> files = byTask.getOrDefault(e.getKey(), List.of());
      ProbeAccumulator.Task task = e.getValue();
      if (files.size() != 1 || files.get(0).rows() != task.rows) {
        continue;
      }
      Map<String, double[]> byAnalyzer = new HashMap<>();
      int at = 0;
      for (int a = 0; a < analyzers.size(); a++) {
        List<Fold> fs = folds.get(a);
        Object[] values = new Object[fs.size()];
        for (int i = 0; i < fs.size(); i++) {
          values[i] = value(fs.get(i), task.folds[at + i]);
        }
        at += fs.size();
        byAnalyzer.put(FileStates.key(analyzers.get(a)), FileStates.state(analyzers.get(a), RowFactory.create(values), 0));
      }
      states.put(files.get(0).name(), byAnalyzer);
    }
    return states;
  }

  /** A fold's value as Spark's aggregate would give it: a sum or count over no value is NULL (a count 0). */
  private static Object value(Fold f, Object folded) {
    if (f.op() == Op.COUNT) {
      return folded == null ? 0L : folded;
    }
    if (folded == null) {
      return null;
    }
    return f.toDouble() ? ((Number) folded).doubleValue() : folded;
  }

  /**
   * Whether what the tasks saw proves {@code key} unique over the {@code rows} written; false
   * when not proven (or not probed, or the tasks did not see exactly those rows).
   */
  boolean provenUnique(List<String> key, long rows) {
    int k = keys.indexOf(key);
    Map<Integer, ProbeAccumulator.Task> tasks = accumulator.value();
    if (k < 0 || rows <= 0 || tasks.isEmpty() || tasks.values().stream().mapToLong(t -> t.rows).sum() != rows) {
      return false;
    }
    List<ProbeAccumulator.Key> evidence = tasks.values().stream().map(t -> t.keys[k]).toList();
    evidence.forEach(e -> e.finish(Integer.MAX_VALUE)); // each task finished its own; not when run without a task context
    return (orderable.get(k) && bySortedRuns(evidence)) || byShippedHashes(evidence) || (bucketed.get(k) && byBuckets(evidence));
  }

  private static boolean bySortedRuns(List<ProbeAccumulator.Key> evidence) {
    return Uniqueness.disjoint(evidence.stream().map(e -> e.runs.runs()).toList());
  }

  private static boolean byBuckets(List<ProbeAccumulator.Key> evidence) {
    return Uniqueness.separated(evidence.stream().map(e -> new Uniqueness.Buckets(e.buckets, e.repeatsShipped())).toList());
  }

  private static boolean byShippedHashes(List<ProbeAccumulator.Key> evidence) {
    long total = 0;
    for (ProbeAccumulator.Key e : evidence) {
      if (e.repeat || e.overflow || e.hashes == null) {
        return false;
      }
      total += e.hashes.length;
    }
    if (total > Integer.MAX_VALUE - 8) {
      return false;
    }
    long[] all = new long[(int) total];
    int at = 0;
    for (ProbeAccumulator.Key e : evidence) {
      System.arraycopy(e.hashes, 0, all, at, e.hashes.length);
      at += e.hashes.length;
    }
    java.util.Arrays.parallelSort(all);
    return !ProbeAccumulator.Key.adjacentRepeat(all, all.length);
  }

  /** The folds of an analyzer's aggregations, or null when one of them is not a plain sum, count, minimum or maximum of a value of {@code rows}. */
  private static List<Fold> folds(Dataset<Row> rows, List<Column> aggregations) {
    List<Fold> folds = new ArrayList<>();
    for (Column aggregation : aggregations) {
      Expression e = aggregation.expr();
      boolean toDouble = false;
      if (e instanceof Cast cast && cast.dataType() instanceof DoubleType) {
        toDouble = true;
        e = cast.child();
      }
      if (!(e instanceof AggregateExpression ae) || ae.isDistinct() || ae.filter().isDefined()) {
        return null;
      }
      AggregateFunction f = ae.aggregateFunction();
      Op op = f instanceof Sum ? Op.SUM : f instanceof Count ? Op.COUNT : f instanceof Max ? Op.MAX : f instanceof Min ? Op.MIN : null;
      if (op == null || f.children().size() != 1) {
        return null;
      }
      Column input = new Column(f.children().head());
      DataType type = type(rows, input);
      if (type == null) { // a derived column, say: the files are read for it
        return null;
      }
      boolean integral = type instanceof LongType || type instanceof IntegerType || type instanceof ShortType || type instanceof ByteType;
      boolean floating = type instanceof DoubleType || type instanceof FloatType;
      boolean extreme = op == Op.MIN || op == Op.MAX;
      if ((op == Op.SUM || extreme) && !integral && !floating) {
        return null; // decimals and strings: Spark's own result types, not folded here
      }
      if (extreme && !toDouble && !(type instanceof DoubleType || type instanceof LongType)) {
        return null; // the state reads a double or a long
      }
      folds.add(new Fold(op, input, toDouble));
    }
    return folds;
  }

  /** The type of {@code c} over {@code rows}, or null when it does not resolve there. */
  private static DataType type(Dataset<Row> rows, Column c) {
    try {
      return rows.select(c).schema().fields()[0].dataType();
    } catch (RuntimeException unresolved) {
      return null;
    }
  }
}
