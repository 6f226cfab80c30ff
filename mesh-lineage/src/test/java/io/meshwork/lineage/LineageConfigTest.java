package io.meshwork.lineage;

import static io.meshwork.lineage.LineageFixtures.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.Problem;
import io.meshwork.core.storage.Warehouse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code lineage} block: defaults from reference.conf, and every mistake reported with its line. */
class LineageConfigTest {
  @TempDir Path dir;

  @Test
  void defaultsWriteEventsJsonlUnderTheWarehouse() {
    Warehouse warehouse = Warehouse.at(dir);
    try (OpenLineageListener listener = OpenLineageListener.fromConfig(ConfigFactory.empty(), warehouse)) {
      assertThat(listener.toString()).isEqualTo("OpenLineageListener[" + dir.resolve("_mesh/lineage/events") + "]");
    }
  }

  @Test
  void httpPostsToUrlPlusEndpointAndSpoolsInTheFileDirectory() {
    try (OpenLineageListener listener =
        OpenLineageListener.fromConfig(config("lineage { transport = http, http.url = \"http://127.0.0.1:5000/\" }"), Warehouse.at(dir))) {
      assertThat(listener.toString())
          .isEqualTo("OpenLineageListener[http://127.0.0.1:5000/api/v1/lineage (spool " + dir.resolve("_mesh/lineage/spool") + ")]");
    }
  }

  @Test
  void consoleTransport() {
    try (OpenLineageListener listener = OpenLineageListener.fromConfig(config("lineage.transport = CONSOLE"), Warehouse.at(dir))) {
      assertThat(listener.toString()).isEqualTo("OpenLineageListener[the console]");
    }
  }

  @Test
  void everyProblemIsReportedAtOnceWithItsFileAndLine() {
    String hocon = String.join("\n",
        "lineage {",
        "  transport = http",
        "  http.url = \"\"",
        "  http.timeout = forever",
        "  producer = \"not a uri\"",
        "}");

    assertThatThrownBy(
            () -> OpenLineageListener.fromConfig(
                ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription("conf/mesh.conf")), Warehouse.at(dir)))
        .isInstanceOf(ContractException.class)
        .satisfies(e -> assertThat(((ContractException) e).problems()).extracting(Problem::format)
            .containsExactly(
                "conf/mesh.conf:5: lineage.producer: 'not a uri' is not an absolute URI",
                "conf/mesh.conf:3: lineage.http.url: is empty, but lineage.transport = http needs it (for example http://localhost:5000)",
                "conf/mesh.conf:4: lineage.http.timeout: 'forever' is not a duration (like 5s or 500ms)"));
  }

  @Test
  void anUnknownTransportNamesTheChoices() {
    assertThatThrownBy(() -> OpenLineageListener.fromConfig(config("lineage.transport = kafka"), Warehouse.at(dir)))
        .isInstanceOf(ContractException.class)
        .hasMessage("String:1: lineage.transport: 'kafka' is not a lineage transport: expected one of file, console, http, none");
  }

  @Test
  void aProblemInAConfigFileNamesTheFile() throws Exception {
    Path file = dir.resolve("mesh.conf");
    java.nio.file.Files.writeString(file, "# platform\nlineage.transport = kafka\n");

    assertThatThrownBy(() -> OpenLineageListener.fromConfig(ConfigFactory.parseFile(file.toFile()), Warehouse.at(dir)))
        .isInstanceOf(ContractException.class)
        .hasMessage(file + ":2: lineage.transport: 'kafka' is not a lineage transport: expected one of file, console, http, none");
  }

  @Test
  void anHttpUrlMustBeHttp() {
    assertThatThrownBy(() -> OpenLineageListener.fromConfig(config("lineage { transport = http, http.url = \"ftp://host/x\" }"), Warehouse.at(dir)))
        .isInstanceOf(ContractException.class)
        .hasMessage("String:1: lineage.http.url: 'ftp://host/x' is not an http or https URL");
  }
}
