package io.meshwork.lineage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The OpenLineage naming spec's dataset names, one storage scheme at a time. */
class DatasetNameTest {
  @Test
  void aLocalPathIsInTheFileNamespaceWithItsAbsolutePath() {
    assertThat(DatasetName.of("file:/data/wh/sales/orders")).isEqualTo(new DatasetName("file", "/data/wh/sales/orders"));
    assertThat(DatasetName.of("file:///data/wh/sales/orders/")).isEqualTo(new DatasetName("file", "/data/wh/sales/orders"));
    assertThat(DatasetName.of("/data/wh/sales/orders")).isEqualTo(new DatasetName("file", "/data/wh/sales/orders"));
    assertThat(DatasetName.of("file:/data/my%20wh/t")).as("decoded").isEqualTo(new DatasetName("file", "/data/my wh/t"));
    assertThat(DatasetName.of("sample-data/orders.csv"))
        .as("relative: made absolute")
        .isEqualTo(new DatasetName("file", Path.of("sample-data/orders.csv").toAbsolutePath().toString()));
  }

  @Test
  void s3InAllItsHadoopSchemesIsTheBucketWithTheKey() {
    assertThat(DatasetName.of("s3a://bucket/wh/sales/orders")).isEqualTo(new DatasetName("s3://bucket", "wh/sales/orders"));
    assertThat(DatasetName.of("s3://bucket/wh/sales/orders/")).isEqualTo(new DatasetName("s3://bucket", "wh/sales/orders"));
    assertThat(DatasetName.of("s3n://bucket/p")).isEqualTo(new DatasetName("s3://bucket", "p"));
  }

  @Test
  void hdfsIsTheNamenodeWithTheAbsolutePath() {
    assertThat(DatasetName.of("hdfs://namenode:8020/wh/sales/orders")).isEqualTo(new DatasetName("hdfs://namenode:8020", "/wh/sales/orders"));
  }

  @Test
  void azureDataLakeIsTheContainerAtTheAccountWithThePath() {
    assertThat(DatasetName.of("abfss://lake@acct.dfs.core.windows.net/wh/sales/orders"))
        .isEqualTo(new DatasetName("abfss://lake@acct.dfs.core.windows.net", "wh/sales/orders"));
  }

  @Test
  void gcsIsTheBucketWithTheObjectKey() {
    assertThat(DatasetName.of("gs://bucket/wh/sales/orders")).isEqualTo(new DatasetName("gs://bucket", "wh/sales/orders"));
  }

  @Test
  void aLocationIsRequired() {
    assertThatThrownBy(() -> DatasetName.of(" ")).isInstanceOf(IllegalArgumentException.class).hasMessage("a dataset location is required");
  }
}
