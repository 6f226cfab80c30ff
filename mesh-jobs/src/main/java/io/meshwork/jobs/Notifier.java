package io.meshwork.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.storage.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Tells a product's owning team what went wrong: a refused publish, a publish conflict, an SLA
 * breach. Each team's webhook is {@code mesh.notify.teams.<team>.webhook} in {@code conf/mesh.conf};
 * the notification is a JSON object POSTed to it ({@code event}, {@code product}, {@code team},
 * {@code exitCode}, {@code message} — the command line's message — and {@code at}).
 *
 * <p>A notification never fails a run: one that cannot be delivered is written as a new file under
 * {@code <warehouse>/_mesh/notifications/} and sent again by the next command that notifies or
 * calls {@link #retrySpooled()}; a delivered one's file is deleted.
 */
public final class Notifier {
  public static final String PUBLISH_REFUSED = "publish-refused";
  public static final String PUBLISH_CONFLICT = "publish-conflict";
  public static final String SLA_BREACHED = "sla-breached";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Config teams;
  private final Duration timeout;
  private final Path spool;
  private final HttpClient http;
  private Consumer<String> warnings = s -> System.err.println(s);

  private Notifier(Config teams, Duration timeout, Path spool) {
    this.teams = teams;
    this.timeout = timeout;
    this.spool = spool;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** The webhooks of {@code mesh.notify.teams}, spooling under {@code <warehouse>/_mesh/notifications}. */
  public static Notifier fromConfig(Config config, Warehouse warehouse) {
    Config teams = config.hasPath("mesh.notify.teams") ? config.getConfig("mesh.notify.teams") : com.typesafe.config.ConfigFactory.empty();
    Duration timeout = config.hasPath("mesh.notify.timeout") ? config.getDuration("mesh.notify.timeout") : Duration.ofSeconds(5);
    return new Notifier(teams, timeout, new Path(warehouse.meshDir(), "notifications"));
  }

  /** Where a notification that could not be delivered is said (standard error by default). */
  public Notifier onWarning(Consumer<String> warnings) {
    this.warnings = warnings;
    return this;
  }

  /** The webhook configured for a team, if any. */
  public Optional<String> webhook(String team) {
    if (team == null) {
      return Optional.empty();
    }
    String key = ConfigUtil.joinPath(team, "webhook");
    return teams.hasPath(key) && !teams.getString(key).isBlank() ? Optional.of(teams.getString(key)) : Optional.empty();
  }

  /**
   * Sends the notification to the team's webhook (nothing when the team has none); spools it when
   * the endpoint cannot be reached or does not answer 2xx. Sends spooled notifications first. Never throws.
   */
  public void notify(String event, ProductId product, String team, int exitCode, String message) {
    Optional<String> url = webhook(team);
    if (url.isEmpty()) {
      return;
    }
    retrySpooled();
    ObjectNode payload = JSON.createObjectNode();
    payload.put("event", event);
    payload.put("product", product.toString());
    payload.put("team", team);
    payload.put("exitCode", exitCode);
    payload.put("message", message);
    payload.put("at", Instant.now().toString());
    String body = payload.toString();
    String failure = post(url.get(), body);
    if (failure != null) {
      ObjectNode spooled = JSON.createObjectNode();
      spooled.put("webhook", url.get());
      spooled.set("payload", payload);
      try {
        spool(spooled.toString());
        warnings.accept("mesh: notification to " + team + " not delivered (" + failure + "); spooled under " + spool + " for the next run");
      } catch (IOException | RuntimeException e) {
        warnings.accept("mesh: notification to " + team + " not delivered (" + failure + ") and not spooled: " + e);
      }
    }
  }

  /** Sends every spooled notification again, oldest first; a delivered one's file is deleted. Never throws. */
  public void retrySpooled() {
    try {
      FileSystem fs = spool.getFileSystem(new Configuration());
      if (!fs.exists(spool)) {
        return;
      }
      FileStatus[] files = fs.listStatus(spool, p -> p.getName().endsWith(".json"));
      Arrays.sort(files, Comparator.comparing(f -> f.getPath().getName()));
      for (FileStatus file : files) {
        JsonNode spooled;
        try (InputStream in = fs.open(file.getPath())) {
          spooled = JSON.readTree(in);
        }
        if (post(spooled.path("webhook").asText(), spooled.path("payload").toString()) == null) {
          fs.delete(file.getPath(), false);
        } else {
          return; // still down: keep this one and the later ones for the next run, in order
        }
      }
    } catch (IOException | RuntimeException e) {
      warnings.accept("mesh: spooled notifications under " + spool + " not resent: " + e);
    }
  }

  /** Null when delivered, else why not. */
  private String post(String url, String body) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
              .build();
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      return response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode() + " from " + url;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (IOException | RuntimeException e) {
      return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + " at " + url;
    }
  }

  /** One new file per notification, written under a hidden name then renamed: never appended, never seen half-written. */
  private void spool(String json) throws IOException {
    FileSystem fs = spool.getFileSystem(new Configuration());
    fs.mkdirs(spool);
    String name = String.format("%020d-%s.json", System.currentTimeMillis(), UUID.randomUUID());
    Path tmp = new Path(spool, "." + name + ".tmp");
    try (OutputStream out = fs.create(tmp, false)) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
    if (!fs.rename(tmp, new Path(spool, name))) {
      throw new IOException("could not rename " + tmp);
    }
  }
}
