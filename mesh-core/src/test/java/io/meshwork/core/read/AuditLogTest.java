package io.meshwork.core.read;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.model.ProductId;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The audit log's spool: reads never wait for a commit, and no record is lost or moved in twice. */
@ExtendWith(SharedSpark.class)
class AuditLogTest {
  private static final ProductId ORDERS = ProductId.parse("sales.orders");

  private final SparkSession spark;

  AuditLogTest(SparkSession spark) {
    this.spark = spark;
  }

  @Test
  void readsAreSpooledAndInTheTableWhenTheLogIsRead(@TempDir Path dir) {
    AuditLog log = new AuditLog(spark, Warehouse.at(dir));
    log.record("analyst", ORDERS, 3L, "1.0.0", List.of("email"), AuditLog.READ);
    log.record("intern", ORDERS, null, null, List.of(), AuditLog.REFUSED);

    assertThat(Path.of(java.net.URI.create(log.location())).resolve("_delta_log")).doesNotExist(); // spooled, not committed
    assertThat(log.records().select("principal", "product", "data_version", "contract_version", "masked_columns", "outcome").collectAsList())
        .hasToString("[[analyst,sales.orders,3,1.0.0,WrappedArray(email),read], [intern,sales.orders,null,null,WrappedArray(),refused]]");
    assertThat(log.records().count()).isEqualTo(2); // reading again moves nothing twice
  }

  @Test
  void eachRecordIsANewSpoolObjectDeletedOnceMoved(@TempDir Path dir) throws IOException {
    AuditLog log = new AuditLog(spark, Warehouse.at(dir));
    Path spool = Path.of(java.net.URI.create(log.location())).resolve("_spool");
    log.record("analyst", ORDERS, 3L, "1.0.0", List.of(), AuditLog.READ);
    log.record("analyst", ORDERS, 4L, "1.0.0", List.of(), AuditLog.READ);
    try (var files = Files.list(spool)) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
          .hasSize(2).allMatch(n -> n.matches("mesh-audit-.+-\\d{20}\\.json"));
    }

    assertThat(log.records().count()).isEqualTo(2);
    try (var files = Files.list(spool)) {
      assertThat(files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()).isEmpty();
    }
  }

  @Test
  void aFullBatchReachesTheTableWithoutAskingForIt(@TempDir Path dir) {
    AuditLog log = new AuditLog(spark, Warehouse.at(dir));
    IntStream.range(0, AuditSpool.BATCH).forEach(i -> log.record("p" + i, ORDERS, (long) i, "1.0.0", List.of(), AuditLog.READ));

    assertThat(spark.read().format("delta").load(log.location()).count()).isEqualTo(AuditSpool.BATCH);
  }

  @Test
  void theSpoolOfAProcessThatDiedIsMovedInOnceAndDeleted(@TempDir Path dir) throws IOException {
    AuditLog log = new AuditLog(spark, Warehouse.at(dir));
    Path spool = Path.of(java.net.URI.create(log.location())).resolve("_spool/mesh-audit-dead.jsonl");
    Files.createDirectories(spool.getParent());
    Files.writeString(spool, line("a") + line("b") + line("c") + "{\"read_at\":\"2026-11-2"); // its last write was cut short

    assertThat(log.records().select("principal").collectAsList()).hasToString("[[a], [b], [c]]");
    assertThat(spool).doesNotExist();
    log.flush();
    assertThat(log.records().count()).isEqualTo(3);
  }

  @Test
  void aMoveCutShortIsCompletedWithoutDuplicates(@TempDir Path dir) throws IOException {
    AuditLog log = new AuditLog(spark, Warehouse.at(dir));
    // The dead process committed its first two lines, then died before its spool file was deleted.
    AuditLog.rows(spark, List.of(line("a").strip(), line("b").strip())).write().format("delta")
        .option("txnAppId", "mesh-audit-halfway").option("txnVersion", 2).save(log.location());
    Path spool = Path.of(java.net.URI.create(log.location())).resolve("_spool/mesh-audit-halfway.jsonl");
    Files.createDirectories(spool.getParent());
    Files.writeString(spool, line("a") + line("b") + line("c") + line("d"));

    assertThat(log.records().orderBy("principal").select("principal").collectAsList()).hasToString("[[a], [b], [c], [d]]");
  }

  @Test
  void theSpoolOfALiveProcessIsLeftToIt(@TempDir Path dir) throws IOException {
    AuditLog log = new AuditLog(spark, Warehouse.at(dir));
    Path spool = Path.of(java.net.URI.create(log.location())).resolve("_spool/mesh-audit-alive.jsonl");
    Files.createDirectories(spool.getParent());
    Files.writeString(spool, line("a"));
    try (var channel = java.nio.channels.FileChannel.open(spool, java.nio.file.StandardOpenOption.WRITE);
        var lock = channel.lock()) {
      assertThat(lock.isValid()).isTrue();
      // A lock held in this JVM stands for another process here: tryLock cannot take it either.
      assertThat(log.records().count()).isZero();
      assertThat(spool).exists();
    }
    assertThat(log.records().count()).isEqualTo(1);
  }

  private static String line(String principal) {
    return "{\"read_at\":\"2026-11-25T10:00:00Z\",\"principal\":\"" + principal
        + "\",\"product\":\"sales.orders\",\"data_version\":1,\"contract_version\":\"1.0.0\",\"masked_columns\":[],\"outcome\":\"read\"}\n";
  }
}
