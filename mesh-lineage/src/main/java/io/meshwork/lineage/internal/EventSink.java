package io.meshwork.lineage.internal;

import io.openlineage.client.OpenLineage;

/** Where run events go. Implementations log and continue; they never throw from {@link #emit}. */
public interface EventSink extends AutoCloseable {
  void emit(OpenLineage.RunEvent event);

  /** Resends events that could not be delivered earlier; returns how many were sent. */
  default int flush() {
    return 0;
  }

  @Override
  default void close() {}

  /** Lineage switched off ({@code lineage.transport = none}). */
  EventSink NONE = event -> {};
}
