package io.meshwork.lineage.internal;

import io.openlineage.client.transports.ConsoleTransport;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;

/** The sink of the configured transport. */
public final class EventSinks {
  private EventSinks() {}

  public static EventSink open(LineageSettings settings) {
    return switch (settings.transport()) {
      case FILE -> new ClientSink(new FileTransport(new FileConfig(settings.eventsFile().toString())), settings.eventsFile().toString());
      case CONSOLE -> new ClientSink(new ConsoleTransport(), "the console");
      case HTTP -> new HttpSpoolingSink(settings.httpUri(), settings.httpTimeout(), settings.spoolFile());
      case NONE -> EventSink.NONE;
    };
  }
}
