package io.meshwork.lineage.internal;

import io.openlineage.client.transports.ConsoleTransport;

/** The sink of the configured transport. */
public final class EventSinks {
  private EventSinks() {}

  public static EventSink open(LineageSettings settings) {
    return switch (settings.transport()) {
      case FILE -> new DirectorySink(settings.eventsDir());
      case CONSOLE -> new ClientSink(new ConsoleTransport(), "the console");
      case HTTP -> new HttpSpoolingSink(settings.httpUri(), settings.httpTimeout(), settings.spoolDir(), settings.spoolFile());
      case NONE -> EventSink.NONE;
    };
  }
}
