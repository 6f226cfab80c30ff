package io.meshwork.lineage.internal;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Emits through an {@link OpenLineageClient} over one of its transports (file, console). */
public final class ClientSink implements EventSink {
  private static final Logger LOG = LoggerFactory.getLogger(ClientSink.class);

  private final OpenLineageClient client;
  private final String target;

  public ClientSink(Transport transport, String target) {
    this.client = new OpenLineageClient(transport);
    this.target = target;
  }

  @Override
  public synchronized void emit(OpenLineage.RunEvent event) {
    try {
      client.emit(event);
    } catch (RuntimeException e) {
      LOG.warn("Lineage event {} of run {} was not written to {}: {}", event.getEventType(), event.getRun().getRunId(), target, e.toString());
    }
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (Exception e) {
      LOG.warn("Closing the lineage transport for {} failed: {}", target, e.toString());
    }
  }

  @Override
  public String toString() {
    return target;
  }
}
