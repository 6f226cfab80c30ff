package io.meshwork.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Validates what Meshwork emits against the official JSON schemas, copied into the test resources
 * under {@code schemas/} (OpenLineage 2-0-2 and its standard facets; ODCS v3.1.0, both Apache 2.0),
 * in the JVM and without the network: every {@code https://openlineage.io/spec/...} reference is
 * resolved to the copy of the same file name.
 *
 * <p>An OpenLineage run event is checked against {@code RunEvent}; each facet whose
 * {@code _schemaURL} names a standard facet is checked against that facet's schema, and any other
 * (custom) facet must carry {@code _producer} and {@code _schemaURL}. Formats ({@code uri},
 * {@code date-time}, {@code uuid}) are asserted, not only annotated.
 */
public final class SchemaValidation {
  private static final String OPENLINEAGE_SPEC = "https://openlineage.io/spec/";
  private static final String RESOURCES = "schemas/openlineage/";
  private static final String RUN_EVENT = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
  private static final String ODCS = "schemas/odcs/odcs-json-schema-v3.1.0.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final JsonSchemaFactory OPENLINEAGE =
      JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(VersionFlag.V202012))
          .schemaMappers(m -> m.add(SchemaValidation::localCopy))
          .build();
  private static final Map<String, JsonSchema> FACETS = new ConcurrentHashMap<>();

  private SchemaValidation() {}

  /** One document that failed, where it was read ({@code file:line} or file) and its errors. */
  public record Invalid(String where, List<String> errors) {
    @Override
    public String toString() {
      return where + ": INVALID" + System.lineSeparator() + "    " + String.join(System.lineSeparator() + "    ", errors);
    }
  }

  /** The outcome over several documents ({@code what}: "events" or "documents"). */
  public record Report(String what, int checked, List<Invalid> invalid) {
    public int valid() {
      return checked - invalid.size();
    }

    /** {@code "4 valid, 0 invalid, 4 events checked"}. */
    public String summary() {
      return valid() + " valid, " + invalid.size() + " invalid, " + checked + " " + what + " checked";
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder();
      invalid.forEach(i -> out.append(i).append(System.lineSeparator()));
      return out.append(summary()).toString();
    }
  }

  /** Every non-blank line of a JSON-lines file, as an OpenLineage run event. */
  public static Report openLineageEvents(Path jsonLines) {
    List<String> lines = readLines(jsonLines);
    List<Invalid> invalid = new ArrayList<>();
    int checked = 0;
    for (int n = 0; n < lines.size(); n++) {
      if (lines.get(n).isBlank()) {
        continue;
      }
      checked++;
      List<String> errors = openLineageErrors(lines.get(n));
      if (!errors.isEmpty()) {
        invalid.add(new Invalid(jsonLines + ":" + (n + 1), errors));
      }
    }
    return new Report("events", checked, List.copyOf(invalid));
  }

  /** The errors of one OpenLineage run event (JSON text); empty when it is valid. */
  public static List<String> openLineageErrors(String eventJson) {
    JsonNode event;
    try {
      event = JSON.readTree(eventJson);
    } catch (IOException e) {
      return List.of("not JSON: " + e.getMessage());
    }
    List<String> errors = new ArrayList<>(messages(refTo(OPENLINEAGE, RUN_EVENT).validate(event)));
    facets(event.path("run").path("facets"), "run", errors);
    facets(event.path("job").path("facets"), "job", errors);
    for (String side : List.of("inputs", "outputs")) {
      for (JsonNode dataset : event.path(side)) {
        String owner = side + ":" + dataset.path("namespace").asText() + "/" + dataset.path("name").asText();
        facets(dataset.path("facets"), owner, errors);
        facets(dataset.path("inputFacets"), owner + ":inputFacets", errors);
        facets(dataset.path("outputFacets"), owner + ":outputFacets", errors);
      }
    }
    return errors;
  }

  /** Every .yaml, .yml and .json file under a directory (or the file itself), as an ODCS contract. */
  public static Report odcsContracts(Path fileOrDirectory) {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(fileOrDirectory)) {
      files = walk.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(ya?ml|json)")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Invalid> invalid = new ArrayList<>();
    for (Path file : files) {
      List<String> errors = odcsErrors(readString(file));
      if (!errors.isEmpty()) {
        invalid.add(new Invalid(file.toString(), errors));
      }
    }
    return new Report("documents", files.size(), List.copyOf(invalid));
  }

  /** The errors of one ODCS document (YAML or JSON text); empty when it is valid. */
  public static List<String> odcsErrors(String yaml) {
    JsonNode contract;
    try {
      contract = YAML.readTree(yaml);
    } catch (IOException e) {
      return List.of("not YAML/JSON: " + e.getMessage());
    }
    return messages(OdcsSchema.SCHEMA.validate(contract));
  }

  /** The ODCS schema, read once on first use (it declares draft 2019-09). */
  private static final class OdcsSchema {
    static final JsonSchema SCHEMA = load();

    private static JsonSchema load() {
      JsonNode schema;
      try (var in = SchemaValidation.class.getClassLoader().getResourceAsStream(ODCS)) {
        if (in == null) {
          throw new IllegalStateException("missing test resource " + ODCS);
        }
        schema = JSON.readTree(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return JsonSchemaFactory.getInstance(SpecVersionDetector.detect(schema)).getSchema(schema, formatsAsserted());
    }
  }

  private static void facets(JsonNode facets, String owner, List<String> errors) {
    for (Iterator<Map.Entry<String, JsonNode>> it = facets.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> facet = it.next();
      String url = facet.getValue().path("_schemaURL").asText("");
      JsonSchema standard = url.contains("#/$defs/") && localCopy(url) != null ? FACETS.computeIfAbsent(url, u -> refTo(OPENLINEAGE, u)) : null;
      if (standard != null) {
        messages(standard.validate(facet.getValue())).forEach(m -> errors.add(owner + " facet " + facet.getKey() + ": " + m));
      } else if (!facet.getValue().has("_producer") || !facet.getValue().has("_schemaURL")) {
        errors.add(owner + " facet " + facet.getKey() + ": custom facet lacks _producer/_schemaURL");
      }
    }
  }

  /** A schema that is only a reference, as the spec's own URLs are written (resolved to the local copies). */
  private static JsonSchema refTo(JsonSchemaFactory factory, String ref) {
    ObjectNode schema = JsonNodeFactory.instance.objectNode()
        .put("$schema", "https://json-schema.org/draft/2020-12/schema")
        .put("$ref", ref);
    return factory.getSchema(SchemaLocation.of("urn:meshwork:test:" + ref), schema, formatsAsserted());
  }

  /** {@code https://openlineage.io/spec/<version>/<File>.json}: the copy of that file, or null if there is none. */
  private static AbsoluteIri localCopy(AbsoluteIri iri) {
    String local = localCopy(iri.toString());
    return local == null ? null : AbsoluteIri.of("classpath:" + local);
  }

  private static String localCopy(String url) {
    if (!url.startsWith(OPENLINEAGE_SPEC)) {
      return null;
    }
    String path = url.replaceFirst("#.*", "");
    String file = path.substring(path.lastIndexOf('/') + 1);
    String local = RESOURCES + (file.equals("OpenLineage.json") ? "" : "facets/") + file;
    return SchemaValidation.class.getClassLoader().getResource(local) == null ? null : local;
  }

  private static SchemaValidatorsConfig formatsAsserted() {
    SchemaValidatorsConfig config = new SchemaValidatorsConfig();
    config.setFormatAssertionsEnabled(true);
    return config;
  }

  private static List<String> messages(Set<ValidationMessage> messages) {
    return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
