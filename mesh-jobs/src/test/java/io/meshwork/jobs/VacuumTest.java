package io.meshwork.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.Mesh;
import io.meshwork.core.storage.Vacuum;
import io.meshwork.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Files of a run that died before its commit: never visible, removed by vacuum or the next run, a live run's files kept. */
@ExtendWith(SharedSpark.class)
class VacuumTest {
  private static Path aDataFile(Path table) throws Exception {
    try (Stream<Path> files = Files.list(table)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
  }

  /** What a crash between write and commit leaves: a data file the log does not reference. */
  private static Path plantOrphan(Path table, String name, Instant modified) throws Exception {
    Path orphan = Files.copy(aDataFile(table), table.resolve(name));
    Files.setLastModifiedTime(orphan, FileTime.from(modified));
    return orphan;
  }

  @Test
  void removesUncommittedFilesButKeepsThoseOfALiveRunAndEveryVersion(SparkSession spark, @TempDir Path dir) throws Exception {
    TestProject project = new TestProject(dir)
        .write("conf/products/sales/orders.conf", TestProject.ORDERS)
        .write("data/orders.csv", "order_id,amount\nO-1,10.50\nO-2,20.00\n");
    assertThat(project.mesh("run", "sales.orders").code()).isZero();
    project.write("data/orders.csv", "order_id,amount\nO-1,10.50\n");
    assertThat(project.mesh("run", "sales.orders").code()).isZero();
    Path table = project.warehouse().resolve("sales/orders/v1");

    Path crashed = plantOrphan(table, "part-00000-crashed.snappy.parquet", Instant.now().minusSeconds(600));
    Mesh mesh = Mesh.open(spark, project.warehouse());
    assertThat(mesh.read("sales.orders").latest().count()).isEqualTo(1); // never visible

    // A run of another product... or of this one, live in this process: its newer files are in flight.
    try (Vacuum.Marker live = Vacuum.begin(io.meshwork.core.storage.Storage.location(table), UUID.randomUUID())) {
      Path inFlight = plantOrphan(table, "part-00001-inflight.snappy.parquet", Instant.now().plusSeconds(5));
      TestProject.Result dry = project.mesh("vacuum", "sales.orders", "--dry-run", "--json");
      assertThat(dry.code()).as(dry.err()).isZero();
      JsonNode json = new ObjectMapper().readTree(dry.out());
      assertThat(json.get("files")).extracting(JsonNode::asText).containsExactly("part-00000-crashed.snappy.parquet");
      assertThat(json.get("removed").asBoolean()).isFalse();
      assertThat(crashed).exists();

      assertThat(project.mesh("vacuum", "sales.orders").code()).isZero();
      assertThat(crashed).doesNotExist();
      assertThat(inFlight).exists();
      Files.delete(inFlight);
    }

    // Every certified version still reads after the vacuum.
    assertThat(mesh.read("sales.orders").version(0).count()).isEqualTo(2);
    assertThat(mesh.read("sales.orders").version(1).count()).isEqualTo(1);

    // The next run of the product cleans up by itself.
    Path again = plantOrphan(table, "part-00002-crashed.snappy.parquet", Instant.now().minusSeconds(60));
    TestProject.Result rerun = project.mesh("run", "sales.orders");
    assertThat(rerun.code()).as(rerun.err()).isZero();
    assertThat(rerun.err()).contains("sales.orders: removed 1 uncommitted files left by an earlier run that died");
    assertThat(again).doesNotExist();
    assertThat(project.warehouse().resolve("_mesh/products/sales/orders/v1/runs")).isEmptyDirectory();
  }
}
