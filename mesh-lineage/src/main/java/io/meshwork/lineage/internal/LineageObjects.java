package io.meshwork.lineage.internal;

import io.meshwork.core.storage.Storage;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.io.FileNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.Path;

/**
 * Lineage events as objects: each event its own file
 * {@code <dir>/<time>-<sequence>-<run id>-<type>-<random>.json} (one JSON document), written once
 * and never appended to or rewritten, so the lineage log works on object stores and concurrent
 * writers never lose each other's events. Names sort by event time, then by the order this JVM
 * wrote them in. Directories: {@code <lineage dir>/events/} (file transport) and {@code <lineage dir>/spool/}
 * (HTTP events not yet delivered); the single files {@code events.jsonl} and {@code spool.jsonl}
 * of earlier releases are still read.
 */
public final class LineageObjects {
  public static final String EVENTS_DIR = "events";
  public static final String SPOOL_DIR = "spool";
  public static final String SUFFIX = ".json";
  private static final AtomicLong SEQUENCE = new AtomicLong();

  /** One event read back: where it came from, and its JSON. */
  public record Stored(Path file, int line, String json) {}

  private LineageObjects() {}

  /** Writes one event as a new object in {@code dir}; returns it. */
  public static Path write(Path dir, OpenLineage.RunEvent event) {
    return write(dir, event.getEventTime() == null ? System.currentTimeMillis() : event.getEventTime().toInstant().toEpochMilli(),
        event.getRun() == null ? "run" : String.valueOf(event.getRun().getRunId()),
        event.getEventType() == null ? "OTHER" : event.getEventType().toString(), OpenLineageClientUtils.toJson(event));
  }

  /** Writes one event's JSON as a new object in {@code dir}; returns it. */
  public static Path write(Path dir, long millis, String runId, String type, String json) {
    Path file = new Path(dir, String.format("%013d-%06d-%s-%s-%s%s", millis, SEQUENCE.incrementAndGet() % 1_000_000, runId, type,
        UUID.randomUUID().toString().substring(0, 8), SUFFIX));
    if (!Storage.create(file, json.strip() + "\n")) {
      throw new IllegalStateException("The lineage event object " + file + " exists already");
    }
    return file;
  }

  /** The event objects of {@code dir}, oldest first. */
  public static List<Path> objects(Path dir) {
    return Storage.files(dir, SUFFIX);
  }

  /**
   * Every event of a lineage directory: the objects of {@code events/} and {@code spool/}, and the
   * lines of the {@code *.jsonl} files of earlier releases.
   */
  public static List<Stored> readAll(Path lineageDir) {
    List<Stored> events = new ArrayList<>();
    for (Path legacy : Storage.files(lineageDir, ".jsonl")) {
      String text;
      try {
        text = Storage.read(legacy);
      } catch (FileNotFoundException gone) {
        continue;
      }
      int number = 0;
      for (String line : text.split("\n", -1)) {
        number++;
        if (!line.isBlank()) {
          events.add(new Stored(legacy, number, line));
        }
      }
    }
    for (String sub : List.of(EVENTS_DIR, SPOOL_DIR)) {
      for (Path object : objects(new Path(lineageDir, sub))) {
        try {
          String json = Storage.read(object).strip();
          if (!json.isEmpty()) {
            events.add(new Stored(object, 1, json));
          }
        } catch (FileNotFoundException gone) {
          // delivered from the spool meanwhile
        }
      }
    }
    return events;
  }
}
