package io.meshwork.lineage.internal;

import io.meshwork.core.storage.Storage;
import io.meshwork.core.storage.Warehouse;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs events with openlineage-java's {@link HttpTransport}; an event the endpoint does not take
 * (unreachable, timeout, non-2xx) is written to the spool directory as a new object
 * ({@link LineageObjects}) instead of being lost, and {@link #flush()} resends the spool, oldest
 * first, deleting each object once the endpoint accepted it. A spool file of earlier releases
 * ({@code spool.jsonl}) is resent too, and what is not accepted of it moves into the directory.
 *
 * <p>The spool is resent exactly as written, with the JDK's HTTP client: parsing an event back
 * into openlineage-java's model is not lossless (its mapper drops explicit nulls such as
 * {@code meshContract.freshnessSla}), and {@link HttpTransport} only accepts model objects.
 *
 * <p>Nothing is appended or rewritten, so two processes spooling at once lose nothing; two
 * flushing at once may send an event twice.
 */
public final class HttpSpoolingSink implements EventSink {
  private static final Logger LOG = LoggerFactory.getLogger(HttpSpoolingSink.class);

  private final URI uri;
  private final OpenLineageClient http;
  private final Path spoolDir;
  private final Path legacySpool;
  private final Duration timeout;
  private HttpClient resend;

  public HttpSpoolingSink(URI uri, Duration timeout, Path spoolDir, Path legacySpool) {
    HttpConfig config = new HttpConfig();
    config.setUrl(uri);
    config.setTimeoutInMillis((int) timeout.toMillis());
    this.uri = uri;
    this.http = new OpenLineageClient(new HttpTransport(config));
    this.spoolDir = spoolDir;
    this.legacySpool = legacySpool;
    this.timeout = timeout;
  }

  @Override
  public synchronized void emit(OpenLineage.RunEvent event) {
    try {
      http.emit(event);
    } catch (RuntimeException e) {
      LOG.warn(
          "Lineage event {} of run {} was not accepted by {} ({}); spooled to {} for OpenLineageListener.flush()",
          event.getEventType(), event.getRun().getRunId(), uri, e.toString(), Warehouse.display(spoolDir));
      LineageObjects.write(spoolDir, event);
    }
  }

  @Override
  public synchronized int flush() {
    int sent = flushLegacy();
    if (sent < 0) {
      return 0;
    }
    List<Path> objects = LineageObjects.objects(spoolDir);
    for (int i = 0; i < objects.size(); i++) {
      String json;
      try {
        json = Storage.read(objects.get(i)).strip();
      } catch (FileNotFoundException sentByAnother) {
        continue;
      }
      String refused = post(json);
      if (refused != null) {
        LOG.warn("Spooled lineage event not accepted by {} ({}); {} event(s) stay in {}", uri, refused, objects.size() - i, Warehouse.display(spoolDir));
        break;
      }
      Storage.delete(objects.get(i), false);
      sent++;
    }
    return sent;
  }

  /** Resends the spool file of earlier releases; what is not accepted moves into the spool directory. -1 when the endpoint refused. */
  private int flushLegacy() {
    if (legacySpool == null) {
      return 0;
    }
    String text;
    try {
      text = Storage.read(legacySpool);
    } catch (FileNotFoundException none) {
      return 0;
    }
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    int sent = 0;
    String refused = null;
    for (String line : lines) {
      refused = post(line);
      if (refused != null) {
        break;
      }
      sent++;
    }
    for (String rest : lines.subList(sent, lines.size())) {
      LineageObjects.write(spoolDir, System.currentTimeMillis(), "spooled", "EVENT", rest);
    }
    Storage.delete(legacySpool, false);
    if (refused != null) {
      LOG.warn("Spooled lineage event not accepted by {} ({}); {} event(s) stay in {}", uri, refused, lines.size() - sent, Warehouse.display(spoolDir));
      return -1;
    }
    return sent;
  }

  /** POSTs one event as JSON; null when the endpoint answered 2xx, else why not. */
  private String post(String json) {
    if (resend == null) {
      resend = HttpClient.newBuilder().connectTimeout(timeout).build();
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
            .build();
    try {
      HttpResponse<String> response = resend.send(request, HttpResponse.BodyHandlers.ofString());
      int code = response.statusCode();
      return code >= 200 && code < 300 ? null : "HTTP " + code + ": " + response.body();
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e.toString();
    }
  }

  @Override
  public void close() {
    try {
      http.close();
    } catch (Exception e) {
      LOG.warn("Closing the lineage HTTP transport for {} failed: {}", uri, e.toString());
    }
  }

  @Override
  public String toString() {
    return uri + " (spool " + Warehouse.display(spoolDir) + ")";
  }
}
