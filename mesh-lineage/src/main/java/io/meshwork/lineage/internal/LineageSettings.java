package io.meshwork.lineage.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import io.meshwork.core.contract.internal.ConfigErrors;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.Problem;
import io.meshwork.core.storage.Storage;
import io.meshwork.core.storage.Warehouse;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;

/**
 * The {@code lineage} block of the configuration, checked. Every problem is reported at once, each
 * as {@code <file>:<line>: lineage.<key>: <what is wrong>}.
 *
 * @param directory where the file transport writes {@code events.jsonl} and the HTTP transport
 *     spools undelivered events
 * @param httpUri the full URI events are POSTed to ({@code url} + {@code endpoint}); null unless http
 */
public record LineageSettings(Transport transport, Path directory, URI httpUri, Duration httpTimeout, URI producer) {
  /** Where lineage events go. */
  public enum Transport {
    FILE,
    CONSOLE,
    HTTP,
    NONE
  }

  public static final String EVENTS_FILE = "events.jsonl";
  public static final String SPOOL_FILE = "spool.jsonl";

  /** The single events file of earlier releases (still read, never written). */
  public Path eventsFile() {
    return new Path(directory, EVENTS_FILE);
  }

  /** The single spool file of earlier releases (still resent, never written). */
  public Path spoolFile() {
    return new Path(directory, SPOOL_FILE);
  }

  /** Where the file transport writes its events, one object each. */
  public Path eventsDir() {
    return new Path(directory, LineageObjects.EVENTS_DIR);
  }

  /** Where the HTTP transport spools the events its endpoint did not take, one object each. */
  public Path spoolDir() {
    return new Path(directory, LineageObjects.SPOOL_DIR);
  }

  /** Reads {@code lineage.*} from {@code config}, falling back to the module's reference.conf. */
  public static LineageSettings from(Config config, Warehouse warehouse) {
    Config c = config.withFallback(ConfigFactory.defaultReference(LineageSettings.class.getClassLoader())).getConfig("lineage");
    List<Problem> problems = new ArrayList<>();

    Transport transport = null;
    String name = string(c, "transport", problems);
    if (name != null) {
      try {
        transport = Transport.valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(at(c, "transport", "'" + name + "' is not a lineage transport: expected one of file, console, http, none"));
      }
    }

    Path directory = null;
    String dir = string(c, "file.dir", problems);
    if (dir != null) {
      try {
        directory = dir.isBlank() ? new Path(warehouse.meshDir(), "lineage") : Storage.location(dir);
      } catch (RuntimeException e) {
        problems.add(at(c, "file.dir", "'" + dir + "' is not a directory path: " + e.getMessage()));
      }
    }

    URI producer = null;
    String producerText = string(c, "producer", problems);
    if (producerText != null) {
      producer = absoluteUri(c, "producer", producerText, problems);
    }

    URI httpUri = null;
    Duration timeout = null;
    if (transport == Transport.HTTP) {
      String url = string(c, "http.url", problems);
      String endpoint = string(c, "http.endpoint", problems);
      if (url != null && url.isBlank()) {
        problems.add(at(c, "http.url", "is empty, but lineage.transport = http needs it (for example http://localhost:5000)"));
      } else if (url != null && endpoint != null) {
        URI base = absoluteUri(c, "http.url", url, problems);
        if (base != null && !("http".equals(base.getScheme()) || "https".equals(base.getScheme()))) {
          problems.add(at(c, "http.url", "'" + url + "' is not an http or https URL"));
        } else if (base != null) {
          String path = endpoint.isBlank() ? "" : endpoint.startsWith("/") ? endpoint : "/" + endpoint;
          httpUri = URI.create(url.replaceAll("/+$", "") + path);
        }
      }
      try {
        timeout = c.getDuration("http.timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
          problems.add(at(c, "http.timeout", "must be a positive duration below 24 days but was " + c.getValue("http.timeout").unwrapped()));
        }
      } catch (ConfigException e) {
        problems.add(at(c, "http.timeout", "'" + c.getValue("http.timeout").unwrapped() + "' is not a duration (like 5s or 500ms)"));
      }
    }

    if (!problems.isEmpty()) {
      throw new ContractException(problems);
    }
    return new LineageSettings(transport, directory, httpUri, timeout, producer);
  }

  private static String string(Config c, String key, List<Problem> problems) {
    try {
      return c.getString(key);
    } catch (ConfigException.Missing e) {
      problems.add(Problem.at(ConfigErrors.file(c.origin()), c.origin().lineNumber(), "lineage." + key + " is missing"));
    } catch (ConfigException e) {
      problems.add(at(c, key, "must be a string: " + e.getMessage()));
    }
    return null;
  }

  private static URI absoluteUri(Config c, String key, String text, List<Problem> problems) {
    try {
      URI uri = new URI(text);
      if (uri.getScheme() != null) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    problems.add(at(c, key, "'" + text + "' is not an absolute URI"));
    return null;
  }

  private static Problem at(Config c, String key, String message) {
    ConfigOrigin origin = c.hasPath(key) ? c.getValue(key).origin() : c.origin();
    return Problem.at(ConfigErrors.file(origin), Math.max(origin.lineNumber(), 0), "lineage." + key + ": " + message);
  }
}
