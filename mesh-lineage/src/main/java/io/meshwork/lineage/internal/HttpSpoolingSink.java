package io.meshwork.lineage.internal;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs events with openlineage-java's {@link HttpTransport}; an event the endpoint does not take
 * (unreachable, timeout, non-2xx) is appended to a spool file with its {@link FileTransport}
 * instead of being lost, and {@link #flush()} resends the spool.
 *
 * <p>The spool is resent line by line exactly as written, with the JDK's HTTP client: parsing a
 * line back into openlineage-java's model is not lossless (its mapper drops explicit nulls such as
 * {@code meshContract.freshnessSla}), and {@link HttpTransport} only accepts model objects.
 *
 * <p>Appends and flushes are serialised within this sink; two processes flushing the same spool
 * at once could send an event twice or drop one appended meanwhile, so flush from one place.
 */
public final class HttpSpoolingSink implements EventSink {
  private static final Logger LOG = LoggerFactory.getLogger(HttpSpoolingSink.class);

  private final URI uri;
  private final OpenLineageClient http;
  private final FileTransport spool;
  private final Path spoolFile;
  private final Duration timeout;
  private HttpClient resend;

  public HttpSpoolingSink(URI uri, Duration timeout, Path spoolFile) {
    HttpConfig config = new HttpConfig();
    config.setUrl(uri);
    config.setTimeoutInMillis((int) timeout.toMillis());
    this.uri = uri;
    this.http = new OpenLineageClient(new HttpTransport(config));
    this.spool = new FileTransport(new FileConfig(spoolFile.toString()));
    this.spoolFile = spoolFile;
    this.timeout = timeout;
  }

  @Override
  public synchronized void emit(OpenLineage.RunEvent event) {
    try {
      http.emit(event);
    } catch (RuntimeException e) {
      LOG.warn(
          "Lineage event {} of run {} was not accepted by {} ({}); spooled to {} for OpenLineageListener.flush()",
          event.getEventType(), event.getRun().getRunId(), uri, e.toString(), spoolFile);
      spool.emit(event);
    }
  }

  @Override
  public synchronized int flush() {
    if (!Files.exists(spoolFile)) {
      return 0;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(spoolFile, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      LOG.warn("Cannot read the lineage spool {}: {}", spoolFile, e.toString());
      return 0;
    }
    int sent = 0;
    for (String line : lines) {
      String refused = post(line);
      if (refused != null) {
        LOG.warn("Spooled lineage event not accepted by {} ({}); {} event(s) stay in {}", uri, refused, lines.size() - sent, spoolFile);
        break;
      }
      sent++;
    }
    keep(lines.subList(sent, lines.size()));
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

  private void keep(List<String> rest) {
    try {
      if (rest.isEmpty()) {
        Files.deleteIfExists(spoolFile);
        return;
      }
      Path tmp = spoolFile.resolveSibling(spoolFile.getFileName() + ".tmp");
      Files.write(tmp, rest, StandardCharsets.UTF_8);
      Files.move(tmp, spoolFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn("Cannot rewrite the lineage spool {}: {}; events already sent may be sent again", spoolFile, e.toString());
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
    return uri + " (spool " + spoolFile + ")";
  }
}
