package io.meshwork.lineage.internal;

import io.meshwork.core.storage.Warehouse;
import io.openlineage.client.OpenLineage;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The file transport: every event a new object in {@code <lineage dir>/events/} ({@link LineageObjects}). */
public final class DirectorySink implements EventSink {
  private static final Logger LOG = LoggerFactory.getLogger(DirectorySink.class);

  private final Path dir;

  public DirectorySink(Path dir) {
    this.dir = dir;
  }

  @Override
  public void emit(OpenLineage.RunEvent event) {
    try {
      LineageObjects.write(dir, event);
    } catch (RuntimeException e) {
      LOG.warn("Lineage event {} of run {} was not written to {}: {}", event.getEventType(), event.getRun().getRunId(), dir, e.toString());
    }
  }

  @Override
  public String toString() {
    return Warehouse.display(dir);
  }
}
