package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.testing.SharedSpark;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A first publish that fails leaves nothing in the product directory; vacuum clears a dead run's files even without a table. */
@ExtendWith(SharedSpark.class)
class FailedFirstPublishTest {
  private static List<Path> filesUnder(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void anEmptyInputLeavesNoFileInTheProductDirectory(@TempDir Path dir) throws Exception {
    TestProject project = new TestProject(dir)
        .write("conf/products/sales/orders.conf", TestProject.ORDERS)
        .write("data/orders.csv", "order_id,amount\n");
    Path table = project.warehouse().resolve("sales/orders/v1");

    TestProject.Result empty = project.mesh("run", "sales.orders", "--date", "2026-11-22");
    assertThat(empty.code()).as(empty.err()).isEqualTo(3);
    assertThat(filesUnder(table)).isEmpty();
    assertThat(!Files.exists(table) || filesUnder(table).isEmpty()).isTrue();
  }

  @Test
  void vacuumRemovesADeadRunsFilesAndMarkerWhereNoTableWasEverCommitted(SparkSession spark, @TempDir Path dir) throws Exception {
    TestProject project = new TestProject(dir).write("conf/products/sales/orders.conf", TestProject.ORDERS);
    Path table = project.warehouse().resolve("sales/orders/v1");
    Path written = dir.resolve("written");
    spark.range(3).write().parquet(written.toString());
    Path part;
    try (Stream<Path> files = Files.list(written)) {
      part = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Files.createDirectories(table);
    Path orphan = Files.copy(part, table.resolve("part-00000-dead.snappy.parquet"));
    Path marker = Files.createDirectories(project.warehouse().resolve("_mesh/products/sales/orders/v1/runs")).resolve("dead.run");
    // a process id that is not running on this host
    long pid = ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid).max().orElse(1) + 100_000;
    Files.writeString(marker, pid + "@" + InetAddress.getLocalHost().getHostName() + " " + Instant.now().minusSeconds(60));

    TestProject.Result vacuum = project.mesh("vacuum", "sales.orders");

    assertThat(vacuum.code()).as(vacuum.out() + vacuum.err()).isZero();
    assertThat(vacuum.out()).contains("removed part-00000-dead.snappy.parquet");
    assertThat(orphan).doesNotExist();
    assertThat(marker).doesNotExist();
  }
}
