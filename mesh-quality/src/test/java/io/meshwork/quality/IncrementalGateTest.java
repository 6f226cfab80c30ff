package io.meshwork.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.contract.Contracts;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.QualityGateException;
import io.meshwork.core.model.QualityReport;
import io.meshwork.core.publish.PublishResult;
import io.meshwork.core.publish.Publisher;
import io.meshwork.core.publish.RunStamp;
import io.meshwork.core.storage.Storage;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate verifies a publish from what it changes (the added rows, per-file states, the kept
 * files whose key ranges overlap) and reaches the verdicts, metrics and messages a verification
 * of the whole table reaches.
 */
@ExtendWith(SharedSpark.class)
class IncrementalGateTest {
  private static final StructType ROWS =
      new StructType()
          .add("id", DataTypes.LongType)
          .add("day", DataTypes.DateType)
          .add("amount", DataTypes.IntegerType)
          .add("name", DataTypes.StringType)
          .add("status", DataTypes.StringType);
  private static final LocalDate START = LocalDate.of(2026, 3, 1);

  private static final String CONSTRAINTS =
      """
          { check = unique, columns = [id] }
          { check = range, column = amount, min = 0, max = 1000 }
          { check = complete, column = amount, min-fraction = 0.9, level = warning }
          { check = row-count, min = 1 }
          { check = sum, column = amount, max = 20000, level = warning }
          { check = mean, column = amount, min = 100, max = 900, level = warning }
          { check = stddev, column = amount, max = 400, level = warning }
          { check = max-length, column = name, max = 6, level = warning }
          { check = pattern, column = name, regex = "^[a-z]+$", level = warning }
          { check = allowed-values, column = status, values = [A, B], level = warning }
          { check = compliance, name = "below 900", predicate = "amount < 900 OR status = 'A'", min-fraction = 0.95, level = warning }
      """;

  /** Every check, one whose answer needs the whole table (an exact distinct count) too. */
  private static final String ALL_CONSTRAINTS = CONSTRAINTS + "{ check = distinct-count, columns = [status], max = 2, level = warning }\n";

  @TempDir Path root;

  private final DeequQualityGate gate = new DeequQualityGate();

  private static DataProduct product(String mode, String constraints) {
    return Contracts.parse(
        """
        product {
          domain = sales, name = orders, version = "1.0.0", sql = "SELECT 1"
          schema {
            columns = [
              { name = id, type = bigint, nullable = false }
              { name = day, type = date, nullable = false }
              { name = amount, type = int }
              { name = name, type = string }
              { name = status, type = string }
            ]
            primary-key = [id]
          }
          quality.constraints = [
        """
            + constraints
            + """
          ]
          write { mode = MODE, partition-by = [day] }
        }
        """.replace("MODE", mode),
        "orders.conf");
  }

  private static Row row(long id, LocalDate day, Integer amount, String name, String status) {
    return RowFactory.create(id, Date.valueOf(day), amount, name, status);
  }

  @Test
  void randomSequencesReachTheVerdictsOfAWholeTableVerification(SparkSession spark) {
    Warehouse warehouse = Warehouse.at(root);
    Random random = new Random(19);
    List<Row> current = new ArrayList<>();
    long nextId = 1;
    int published = 0;
    int refused = 0;
    for (int step = 0; step < 14; step++) {
      String mode = step == 0 ? "append" : List.of("append", "replace-partition", "merge").get(random.nextInt(3));
      LocalDate day = mode.equals("append") || random.nextBoolean() ? START.plusDays(step) : START.plusDays(random.nextInt(step));
      List<Row> rows = new ArrayList<>();
      int n = 3 + random.nextInt(5);
      for (int i = 0; i < n; i++) {
        long id = mode.equals("merge") && !current.isEmpty() && random.nextInt(3) == 0
            ? current.get(random.nextInt(current.size())).getLong(0) // an update of a live row
            : nextId++;
        Integer amount = random.nextInt(10) == 0 ? null : 100 * (1 + random.nextInt(9));
        String name = random.nextInt(8) == 0 ? "toolongname" : random.nextInt(20) == 0 ? "Upper" : "n" + "abcde".charAt(random.nextInt(5));
        String status = random.nextInt(10) == 0 ? "C" : random.nextBoolean() ? "A" : "B";
        rows.add(row(id, day, amount, name, status));
      }
      int defect = random.nextInt(5);
      if (defect == 0 && !current.isEmpty() && !mode.equals("merge")) {
        // a key the table already holds (outside the replaced partition): not unique
        List<Row> others = current.stream().filter(r -> mode.equals("append") || !r.getDate(1).toLocalDate().equals(day)).toList();
        if (!others.isEmpty()) {
          rows.add(row(others.get(random.nextInt(others.size())).getLong(0), day, 200, "dup", "A"));
        }
      } else if (defect == 1) {
        rows.add(row(rows.get(0).getLong(0), day, 300, "twice", "B")); // a key twice in the rows themselves
      } else if (defect == 2) {
        rows.add(row(nextId++, day, -5, "neg", "A")); // out of range: refused
      }

      List<Row> expected = new ArrayList<>(after(mode, current, rows, day));
      DataProduct product = product(mode, ALL_CONSTRAINTS);
      QualityReport incremental;
      boolean passed;
      try {
        PublishResult r = new Publisher(spark, warehouse, gate).publish(product, spark.createDataFrame(rows, ROWS), new RunStamp(UUID.randomUUID(), day, List.of()));
        incremental = r.report();
        passed = true;
        published++;
      } catch (QualityGateException e) {
        incremental = e.report();
        passed = false;
        refused++;
      }
      QualityReport whole = gate.verify(product, spark.createDataFrame(expected, ROWS));

      assertThat(incremental.results()).as("step %d (%s of %s)", step, mode, rows).isEqualTo(whole.results());
      assertThat(incremental.rows()).isEqualTo(whole.rows());
      assertThat(incremental.passed()).isEqualTo(passed).isEqualTo(whole.passed());
      if (passed) {
        current = expected;
        assertThat(table(spark, warehouse, product).collectAsList()).containsExactlyInAnyOrderElementsOf(current);
        assertThat(snapshotFiles(warehouse, product)).isEqualTo(liveFiles(spark, warehouse, product));
      }
    }
    assertThat(published).as("passing steps").isGreaterThan(4);
    assertThat(refused).as("refused steps").isGreaterThan(2);
  }

  /** The table as a publish of {@code rows} in {@code mode} for run date {@code day} leaves it. */
  private static List<Row> after(String mode, List<Row> current, List<Row> rows, LocalDate day) {
    List<Row> next = new ArrayList<>();
    Set<Long> keys = new HashSet<>();
    rows.forEach(r -> keys.add(r.getLong(0)));
    for (Row r : current) {
      boolean replaced =
          switch (mode) {
            case "replace-partition" -> r.getDate(1).toLocalDate().equals(day);
            case "merge" -> keys.contains(r.getLong(0));
            default -> false;
          };
      if (!replaced) {
        next.add(r);
      }
    }
    next.addAll(rows);
    return next;
  }

  @Test
  void anAppendOfGrowingKeysReadsNoFileTheTableAlreadyHeld(SparkSession spark) throws IOException {
    Warehouse warehouse = Warehouse.at(root);
    DataProduct product = product("append", CONSTRAINTS);
    for (int d = 0; d < 3; d++) {
      append(spark, warehouse, product, d, d * 10 + 1);
    }
    corruptDataFiles(warehouse, product); // a read of any of them fails

    PublishResult r = append(spark, warehouse, product, 3, 31);

    assertThat(r.report().passed()).isTrue();
    assertThat(r.report().rows()).isEqualTo(40);
    assertThat(r.versionRows()).isEqualTo(40);
    // sum and mean over all 40 rows (amounts 100..500 by id), from the merged states
    assertThat(r.report().results()).filteredOn(c -> c.constraint().check().equals("sum")).first()
        .satisfies(c -> assertThat(c.observed()).isEqualTo("12,000.0"));
  }

  @Test
  void aConstraintNewToTheContractIsComputedOnceOverTheLiveFiles(SparkSession spark) throws IOException {
    Warehouse warehouse = Warehouse.at(root);
    DataProduct before = product("append", "{ check = unique, columns = [id] }");
    for (int d = 0; d < 2; d++) {
      append(spark, warehouse, before, d, d * 10 + 1);
    }
    DataProduct after = product("append", "{ check = unique, columns = [id] }\n{ check = sum, column = amount, max = 100000 }");

    PublishResult first = append(spark, warehouse, after, 2, 21); // reads the two earlier days once
    corruptDataFiles(warehouse, after);
    PublishResult second = append(spark, warehouse, after, 3, 31); // reads none of them

    assertThat(first.report().results().get(1).observed()).isEqualTo("9,000.0");
    assertThat(second.report().results().get(1).observed()).isEqualTo("12,000.0");
    assertThat(second.report().results().get(0).observed()).isEqualTo("1.0");
  }

  @Test
  void aReplacedPartitionTakesItsFilesStatesAlong(SparkSession spark) {
    Warehouse warehouse = Warehouse.at(root);
    DataProduct append = product("append", CONSTRAINTS);
    for (int d = 0; d < 3; d++) {
      append(spark, warehouse, append, d, d * 10 + 1);
    }
    Set<String> before = liveFiles(spark, warehouse, append);
    DataProduct replace = product("replace-partition", CONSTRAINTS);
    List<Row> rows = List.of(row(100, START.plusDays(1), 900, "x", "A"));
    PublishResult r = new Publisher(spark, warehouse, gate).publish(replace, spark.createDataFrame(rows, ROWS), new RunStamp(UUID.randomUUID(), START.plusDays(1), List.of()));

    Set<String> live = liveFiles(spark, warehouse, replace);
    Set<String> removed = new TreeSet<>(before);
    removed.removeAll(live);
    assertThat(removed).isNotEmpty();
    assertThat(snapshotFiles(warehouse, replace)).doesNotContainAnyElementsOf(removed).isEqualTo(live);
    assertThat(r.report().rows()).isEqualTo(21);
    assertThat(r.report().results().get(4).observed()).isEqualTo("6,900.0"); // sum: two days of 3,000 and the 900 that replaced a day
  }

  /** Ten rows of ids {@code first..first+9} on day {@code d}, amounts 100..500. */
  private PublishResult append(SparkSession spark, Warehouse warehouse, DataProduct product, int d, long first) {
    List<Row> rows = new ArrayList<>();
    for (long id = first; id < first + 10; id++) {
      rows.add(row(id, START.plusDays(d), (int) (100 * (1 + (id - 1) % 5)), "n", id % 2 == 0 ? "A" : "B"));
    }
    return new Publisher(spark, warehouse, gate).publish(product, spark.createDataFrame(rows, ROWS), new RunStamp(UUID.randomUUID(), START.plusDays(d), List.of()));
  }

  private static Dataset<Row> table(SparkSession spark, Warehouse warehouse, DataProduct product) {
    return spark.read().format("delta").load(warehouse.table(product).toString()).select("id", "day", "amount", "name", "status");
  }

  private static Set<String> liveFiles(SparkSession spark, Warehouse warehouse, DataProduct product) {
    Set<String> files = new TreeSet<>();
    spark.read().format("delta").load(warehouse.table(product).toString()).select(functions.col("_metadata.file_name")).distinct()
        .collectAsList().forEach(r -> files.add(r.getString(0)));
    return files;
  }

  /** The files the newest state snapshot describes. */
  private static Set<String> snapshotFiles(Warehouse warehouse, DataProduct product) {
    List<org.apache.hadoop.fs.Path> snapshots = new ArrayList<>(Storage.files(Publisher.gateStateDir(warehouse, product), ".json"));
    snapshots.sort((a, b) -> a.getName().compareTo(b.getName()));
    try {
      JsonNode newest = new ObjectMapper().readTree(Storage.read(snapshots.get(snapshots.size() - 1)));
      Set<String> files = new TreeSet<>();
      newest.path("files").fieldNames().forEachRemaining(files::add);
      return files;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Overwrites every Parquet file of the product's table with bytes no reader accepts. */
  private static void corruptDataFiles(Warehouse warehouse, DataProduct product) throws IOException {
    Path table = Path.of(warehouse.table(product).toUri());
    try (Stream<Path> files = Files.walk(table)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
        Files.write(f, new byte[] {1, 2, 3});
        Files.deleteIfExists(f.resolveSibling("." + f.getFileName() + ".crc"));
      }
    }
  }
}
