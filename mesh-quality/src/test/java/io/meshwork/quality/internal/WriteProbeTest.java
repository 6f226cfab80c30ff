package io.meshwork.quality.internal;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.deequ.analyzers.Analyzer;
import io.meshwork.core.publish.TableChange;
import io.meshwork.quality.internal.DeequChecks.Kind;
import io.meshwork.quality.internal.DeequChecks.Measure;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

/**
 * The write probe measures, in the tasks that write the rows, exactly what reading the written
 * files gives: each file's states, and a key's uniqueness only when it holds.
 */
@ExtendWith(SharedSpark.class)
class WriteProbeTest {
  private static final StructType ROWS =
      new StructType().add("id", DataTypes.LongType).add("line", DataTypes.IntegerType).add("name", DataTypes.StringType)
          .add("status", DataTypes.StringType);
  private static final List<String> KEY = List.of("id", "line");

  private static final List<Measure> MEASURES = List.of(
      new Measure(Kind.UNIQUENESS, KEY, List.of(), 1.0, 1.0, true),
      new Measure(Kind.MAX_LENGTH, List.of("name"), List.of(), null, 6.0, true),
      new Measure(Kind.PATTERN_MATCH, List.of("name"), List.of("^[a-z]+$"), 0.5, null, true),
      new Measure(Kind.ALLOWED_VALUES, List.of("status"), List.of("A", "B"), 0.5, null, true),
      new Measure(Kind.MEAN, List.of("line"), List.of(), null, 1000.0, false));

  private final SparkSession spark;
  @TempDir Path dir;

  WriteProbeTest(SparkSession spark) {
    this.spark = spark;
  }

  /** {@code n} rows with distinct keys in random order (some names NULL or too long), in {@code partitions} partitions. */
  private Dataset<Row> rows(int n, int partitions, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = random.nextInt(7) == 0 ? null : random.nextInt(5) == 0 ? "TooLongName" : "n" + "abc".charAt(random.nextInt(3));
      rows.add(RowFactory.create((long) (i / 4), i % 4, name, random.nextInt(6) == 0 ? "C" : "A"));
    }
    java.util.Collections.shuffle(rows, random);
    return spark.createDataFrame(rows, ROWS).repartition(partitions);
  }

  private List<TableChange.DataFile> write(Dataset<Row> rows) {
    String table = dir.resolve("t" + System.nanoTime()).toString();
    rows.limit(0).write().format("delta").save(table);
    List<TableChange.DataFile> files = new ArrayList<>();
    for (Object action : JavaConverters.seqAsJavaList(DeltaLog.forTable(spark, table).startTransaction().writeFiles(rows))) {
      AddFile add = (AddFile) action;
      long records = add.numLogicalRecords().isDefined() ? (Long) add.numLogicalRecords().get() : -1;
      files.add(new TableChange.DataFile(table + "/" + add.path(), records, Map.of(), Map.of()));
    }
    return files;
  }

  @Test
  void eachFilesStatesAreThoseItsRowsGive() {
    Dataset<Row> rows = rows(400, 3, 1);
    WriteProbe probe = DeequChecks.probe(rows, "t", MEASURES, List.of(), 0);
    List<TableChange.DataFile> files = write(probe.attach(rows));

    Map<String, Map<String, double[]>> probed = probe.fileStates(files);

    assertThat(probe.analyzers()).extracting(a -> a.getClass().getSimpleName()).contains("MaxLength", "PatternMatch", "Compliance");
    assertThat(probed.keySet()).containsExactlyInAnyOrderElementsOf(files.stream().map(TableChange.DataFile::name).toList());
    for (TableChange.DataFile f : files) {
      Dataset<Row> read = spark.read().parquet(f.name());
      for (Analyzer<?, ?> a : probe.analyzers()) {
        List<Column> aggregations = FileStates.aggregations(a);
        Row row = read.agg(aggregations.get(0), aggregations.subList(1, aggregations.size()).toArray(Column[]::new)).first();
        assertThat(probed.get(f.name()).get(FileStates.key(a))).as("%s of %s", a, f.name()).isEqualTo(FileStates.state(a, row, 0));
      }
    }
  }

  @Test
  void aFileTheProbeCannotTellApartIsLeftToBeRead() {
    Dataset<Row> rows = rows(200, 2, 2);
    WriteProbe probe = DeequChecks.probe(rows, "t", MEASURES, List.of(), 0);
    List<TableChange.DataFile> files = write(probe.attach(rows));
    TableChange.DataFile first = files.get(0);
    List<TableChange.DataFile> miscounted = new ArrayList<>(files);
    miscounted.set(0, new TableChange.DataFile(first.name(), first.rows() + 1, Map.of(), Map.of()));

    assertThat(probe.fileStates(miscounted)).doesNotContainKey(first.name()).hasSize(files.size() - 1);
  }

  @Test
  void distinctKeysAreProvenUniqueInAnyOrder() {
    Dataset<Row> shuffled = rows(400, 3, 3);
    WriteProbe probe = DeequChecks.probe(shuffled, "t", MEASURES, List.of(), 0);
    write(probe.attach(shuffled));
    assertThat(probe.provenUnique(KEY, 400)).as("by the key hashes of a small write").isTrue();
    assertThat(probe.provenUnique(KEY, 401)).as("not every written row was seen").isFalse();

    Dataset<Row> sorted = rows(400, 3, 4).sortWithinPartitions("id", "line").repartitionByRange(3, col("id")).sortWithinPartitions("id", "line");
    WriteProbe runs = DeequChecks.probe(sorted, "t", MEASURES, List.of(), 0);
    write(runs.attach(sorted));
    assertThat(runs.provenUnique(KEY, 400)).as("by sorted runs").isTrue();

    Dataset<Row> hashed = rows(400, 1, 5).repartition(4, col("id"));
    WriteProbe buckets = DeequChecks.probe(hashed, "t", MEASURES, List.of("id"), 4);
    write(buckets.attach(hashed));
    assertThat(buckets.provenUnique(KEY, 400)).as("by the writer's hash partitions").isTrue();
  }

  @Test
  void keyHashesBeyondTheDriversBudgetProveNothing() {
    Dataset<Row> shuffled = rows(400, 4, 8);
    WriteProbe within = WriteProbe.of(shuffled, List.of(), List.of(KEY), List.of(), 0, 800);
    write(within.attach(shuffled));
    assertThat(within.provenUnique(KEY, 400)).as("each of 4 tasks may ship 200 hashes, and has about 100").isTrue();

    WriteProbe beyond = WriteProbe.of(shuffled, List.of(), List.of(KEY), List.of(), 0, 40);
    write(beyond.attach(shuffled));
    assertThat(beyond.provenUnique(KEY, 400)).as("a task's share is 10 hashes: the keys are left to be read").isFalse();

    // Hash-partitioned by a key column, beyond the budget: each task checks its own hashes for a repeat.
    Dataset<Row> hashed = rows(400, 1, 9).repartition(4, col("id"));
    WriteProbe buckets = WriteProbe.of(hashed, List.of(), List.of(KEY), List.of("id"), 4, 40);
    write(buckets.attach(hashed));
    assertThat(buckets.provenUnique(KEY, 400)).as("by the writer's hash partitions alone").isTrue();
    Dataset<Row> repeated = hashed.union(hashed.limit(1)).repartition(4, col("id"));
    WriteProbe withRepeat = WriteProbe.of(repeated, List.of(), List.of(KEY), List.of("id"), 4, 40);
    write(withRepeat.attach(repeated));
    assertThat(withRepeat.provenUnique(KEY, 401)).as("a repeat within a task").isFalse();
  }

  @Test
  void aRepeatedOrNullKeyIsNotProvenUnique() {
    Dataset<Row> base = rows(300, 1, 6);
    Dataset<Row> repeated = base.union(base.limit(1)).repartition(3);
    WriteProbe probe = DeequChecks.probe(repeated, "t", MEASURES, List.of(), 0);
    write(probe.attach(repeated));
    assertThat(probe.provenUnique(KEY, 301)).isFalse();

    Dataset<Row> hashed = base.union(base.limit(1)).repartition(4, col("id"));
    WriteProbe buckets = DeequChecks.probe(hashed, "t", MEASURES, List.of("id"), 4);
    write(buckets.attach(hashed));
    assertThat(buckets.provenUnique(KEY, 301)).isFalse();

    Dataset<Row> nulls = base.withColumn("id", functions.when(col("line").equalTo(0).and(col("id").equalTo(3)), null).otherwise(col("id")))
        .withColumn("line", functions.when(col("id").isNull(), null).otherwise(col("line")));
    WriteProbe withNull = DeequChecks.probe(nulls, "t", MEASURES, List.of(), 0);
    write(withNull.attach(nulls));
    assertThat(withNull.provenUnique(KEY, 300)).as("a key all NULL").isFalse();
  }

  @Test
  void nothingIsProvenFromAProbeThatSawNoRows() {
    Dataset<Row> rows = rows(50, 2, 7);
    WriteProbe probe = DeequChecks.probe(rows, "t", MEASURES, List.of(), 0);
    assertThat(probe.provenUnique(KEY, 50)).isFalse();
    assertThat(probe.fileStates(write(rows))).isEmpty(); // written without the probe attached
  }
}
