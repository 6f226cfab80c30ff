package io.meshwork.quality.internal;

import java.io.Serializable;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.TaskContext;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.AccumulatorV2;

/**
 * What {@link ProbeExpression} saw in each task that wrote rows: per task (keyed by its partition),
 * the row count, each fold's value, and per probed key what proves it unique or not. Each task
 * adds to its own copy; Spark merges the copies of the tasks that succeeded into the driver's
 * (accumulator updates of a result stage are applied once per task).
 */
public final class ProbeAccumulator extends AccumulatorV2<Object[], Map<Integer, ProbeAccumulator.Task>> {
  private static final long serialVersionUID = 1L;

  /**
   * How many key hashes the driver takes from all the tasks of a write, by default: a hash costs
   * it 16 bytes while it checks them (8 shipped, 8 in the merged array), so this keeps that under
   * an eighth of its heap. Each task ships at most its share (the budget over the number of tasks);
   * a task with more keys ships none, and that write's uniqueness is proven otherwise.
   */
  static long shippedHashesBudget() {
    return Runtime.getRuntime().maxMemory() / 128;
  }

  /** How a fold combines its input's non-null values. */
  enum Op {
    SUM,
    COUNT,
    MIN,
    MAX
  }

  /**
   * The layout of a row's values: {@code ops.size()} fold inputs, then for each key its columns,
   * its 64-bit hash (NULL when every column is NULL) and, when {@code bucketed}, its partition
   * number under the writer's hash partitioning; at most {@code shippedHashes} key hashes shipped
   * over all the tasks of the write.
   */
  record Layout(List<Op> ops, List<Integer> keyColumns, List<Boolean> bucketed, long shippedHashes) implements Serializable {}

  /** One task's measurements. */
  static final class Task implements Serializable {
    private static final long serialVersionUID = 1L;
    long rows;
    /** Key hashes this task may ship (its share of the write's budget). */
    final transient int shippable;
    final Object[] folds;
    final Key[] keys;

    /** Ends each key's evidence (see {@link Key#finish}). */
    void finish() {
      for (Key k : keys) {
        k.finish(shippable);
      }
    }

    Task(Layout layout, int tasks) {
      shippable = (int) Math.min(Integer.MAX_VALUE - 8, layout.shippedHashes() / Math.max(1, tasks));
      folds = new Object[layout.ops().size()];
      keys = new Key[layout.keyColumns().size()];
      for (int k = 0; k < keys.length; k++) {
        keys[k] = new Key();
      }
    }
  }

  /** One task's evidence about one key. */
  static final class Key implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Its runs of strictly increasing keys (the sorted-runs proof). */
    final Uniqueness.RunsBuilder runs = new Uniqueness.RunsBuilder();
    /** A key all NULL, or a key hash seen twice in the task (known once checked: see {@link #repeatsShipped}). */
    boolean repeat;
    final BitSet buckets = new BitSet();
    /** The task's key hashes, in the order seen (null when not shipped). */
    long[] hashes = new long[16];
    int count;
    /** More key hashes than the task may ship: none are. */
    boolean overflow;
    private boolean finished;

    private void add(long hash, boolean keepAll, int shippable) {
      if (count == hashes.length) {
        hashes = java.util.Arrays.copyOf(hashes, hashes.length * 2);
      }
      hashes[count++] = hash;
      if (!keepAll && count > shippable) { // only the shipped hashes need them: stop here
        overflow = true;
        hashes = null;
      }
    }

    /**
     * Ends the task's evidence, once: a task with more hashes than it may ship (kept for the bucket
     * proof) sorts them, notes a repeat and drops them; the others ship theirs as they are, and
     * the driver sorts them only when no cheaper proof holds.
     */
    void finish(int shippable) {
      if (finished) {
        return;
      }
      finished = true;
      if (hashes == null) {
        return;
      }
      if (count > shippable) {
        repeat |= repeats(hashes, count);
        overflow = true;
        hashes = null;
      } else {
        hashes = java.util.Arrays.copyOf(hashes, count);
      }
    }

    /** Whether a hash occurs twice among the shipped ones of this task (the driver's check, when it needs one). */
    boolean repeatsShipped() {
      if (!repeatChecked && hashes != null) {
        repeat |= repeats(hashes.clone(), hashes.length);
        repeatChecked = true;
      }
      return repeat;
    }

    private transient boolean repeatChecked;

    /** Sorts the first {@code n} of {@code hashes} (a sort is cheaper than a hash set's random accesses) and finds a repeat. */
    static boolean repeats(long[] hashes, int n) {
      java.util.Arrays.sort(hashes, 0, n);
      return adjacentRepeat(hashes, n);
    }

    /** Whether two neighbours among the first {@code n} of {@code sorted} are equal. */
    static boolean adjacentRepeat(long[] sorted, int n) {
      for (int i = 1; i < n; i++) {
        if (sorted[i] == sorted[i - 1]) {
          return true;
        }
      }
      return false;
    }
  }

  private final Layout layout;
  /** This copy's task (executor side). */
  private Task task;
  private int partition = -1;
  /** Every task's, by partition (driver side); {@code duplicated} when a partition came twice. */
  private final Map<Integer, Task> tasks = new TreeMap<>();
  private boolean duplicated;

  ProbeAccumulator(Layout layout) {
    this.layout = layout;
  }

  @Override
  public boolean isZero() {
    return task == null && tasks.isEmpty() && !duplicated;
  }

  @Override
  public AccumulatorV2<Object[], Map<Integer, Task>> copy() {
    ProbeAccumulator copy = new ProbeAccumulator(layout);
    copy.tasks.putAll(tasks);
    copy.duplicated = duplicated;
    copy.task = task;
    copy.partition = partition;
    return copy;
  }

  @Override
  public void reset() {
    task = null;
    partition = -1;
    tasks.clear();
    duplicated = false;
  }

  @Override
  public void add(Object[] values) {
    if (task == null) {
      TaskContext context = TaskContext.get();
      Task created = new Task(layout, context == null ? 1 : context.numPartitions());
      task = created;
      partition = context == null ? 0 : context.partitionId();
      if (context != null) { // before Spark collects the task's accumulator updates
        context.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) c -> created.finish());
      }
    }
    task.rows++;
    int i = 0;
    for (Op op : layout.ops()) {
      task.folds[i] = fold(op, task.folds[i], values[i]);
      i++;
    }
    for (int k = 0; k < task.keys.length; k++) {
      int n = layout.keyColumns().get(k);
      key(task.keys[k], values, i, n, layout.bucketed().get(k), task.shippable);
      i += n + (layout.bucketed().get(k) ? 2 : 1);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object fold(Op op, Object acc, Object v) {
    if (op == Op.COUNT) {
      return Long.valueOf((acc == null ? 0L : (Long) acc) + (v == null ? 0 : 1));
    }
    if (v == null) {
      return acc;
    }
    if (op == Op.SUM) { // a Double sum of floating values, a Long sum of integral ones, as Spark's sum
      if (v instanceof Double || v instanceof Float) {
        return Double.valueOf((acc == null ? 0.0 : (Double) acc) + ((Number) v).doubleValue());
      }
      return Long.valueOf((acc == null ? 0L : (Long) acc) + ((Number) v).longValue());
    }
    return switch (op) {
      case SUM -> throw new AssertionError();
      case MIN -> acc == null || ((Comparable) v).compareTo(acc) < 0 ? copied(v) : acc;
      case MAX -> acc == null || ((Comparable) v).compareTo(acc) > 0 ? copied(v) : acc;
      case COUNT -> throw new AssertionError();
    };
  }

  /** A value safe to keep past its row (Spark reuses the buffers strings point into). */
  private static Object copied(Object v) {
    return v instanceof UTF8String s ? s.clone() : v;
  }

  private static void key(Key key, Object[] values, int at, int n, boolean bucketed, int shippable) {
    Object hash = values[at + n];
    if (hash == null) {
      key.repeat = true; // a key all NULL is never unique
    } else if (!key.repeat && !key.overflow) {
      key.add((Long) hash, bucketed, shippable); // the bucket proof needs every hash: a repeat within the task
    }
    if (bucketed && values[at + n + 1] != null) {
      key.buckets.set((Integer) values[at + n + 1]);
    }
    if (key.runs.gaveUp()) {
      return;
    }
    Object[] k = new Object[n];
    for (int c = 0; c < n; c++) {
      k[c] = copied(values[at + c]);
    }
    key.runs.add(k, false);
  }

  @Override
  public void merge(AccumulatorV2<Object[], Map<Integer, Task>> other) {
    ProbeAccumulator o = (ProbeAccumulator) other;
    duplicated |= o.duplicated;
    for (Map.Entry<Integer, Task> e : o.tasks.entrySet()) {
      duplicated |= tasks.putIfAbsent(e.getKey(), e.getValue()) != null;
    }
    if (o.task != null) {
      duplicated |= tasks.putIfAbsent(o.partition, o.task) != null;
    }
  }

  /** Every task's measurements by partition; empty when a partition was reported twice (nothing is then believed). */
  @Override
  public Map<Integer, Task> value() {
    return duplicated ? Map.of() : Collections.unmodifiableMap(tasks);
  }
}
