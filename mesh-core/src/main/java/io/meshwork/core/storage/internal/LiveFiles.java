package io.meshwork.core.storage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshwork.core.storage.Storage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.delta.actions.RemoveFile;
import org.apache.spark.sql.delta.actions.SetTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * A product table's live files (Delta's {@code add} actions, statistics included) and its
 * application transaction ids at one version, kept by Meshwork after each of its commits, so that
 * the next publish knows them without Delta's full state reconstruction (the log replay a plain
 * append never runs: two or three Spark jobs over the last checkpoint and the commits since).
 *
 * <p>Read at the version a transaction reads: the newest manifest at or before it, brought forward
 * by the commits in between, which are read from the log as they are ({@code DeltaLog.getChanges}:
 * one small JSON file each, usually none). A manifest of another table (one deleted and created
 * again), a gap in the log, more than {@value #MAX_REPLAY} commits to replay or anything
 * unreadable gives nothing, and the caller asks Delta. Writing one never fails a publish.
 *
 * <p>Layout: {@code <dir>/<20-digit version>.json}, a header line ({@code version}, {@code tableId},
 * {@code txns}) then one Delta {@code add} action per line, as Delta's log writes them.
 */
final class LiveFiles {
  private static final Logger LOG = LoggerFactory.getLogger(LiveFiles.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("(\\d{20})\\.json");
  /** Commits replayed on top of a manifest at most: beyond, Delta's own state is cheaper. */
  static final int MAX_REPLAY = 100;
  /** Tables with more live files than this keep no manifest: Delta's distributed replay suits them better. */
  static final int MAX_FILES = 100_000;
  /** Manifests kept: the newest and the one before it (a reader may be replaying from it). */
  private static final int KEPT = 2;

  /** The live files (by their path in the log) and the transaction ids of a table at {@code version}. */
  record State(long version, String tableId, Map<String, AddFile> files, Map<String, Long> txns) {}

  private LiveFiles() {}

  /** The state of the table at {@code version}, from a manifest in {@code dir} and the commits after it; empty when unknown. */
  static Optional<State> read(DeltaLog log, Path dir, long version, String tableId) {
    try {
      Optional<Path> base = newestAtOrBefore(dir, version);
      if (base.isEmpty()) {
        return Optional.empty();
      }
      State state = parse(Storage.read(base.get()));
      if (!state.tableId().equals(tableId) || state.version() > version || version - state.version() > MAX_REPLAY) {
        return Optional.empty();
      }
      return replay(log, state, version);
    } catch (IOException | RuntimeException unreadable) {
      LOG.debug("{}: no usable live-files manifest at version {}: {}", log.dataPath(), version, unreadable.toString());
      return Optional.empty();
    }
  }

  /** {@code state} brought forward to {@code version} by the log's commits in between; empty on a gap or another table's metadata. */
  private static Optional<State> replay(DeltaLog log, State state, long version) {
    if (state.version() == version) {
      return Optional.of(state);
    }
    Map<String, AddFile> files = new LinkedHashMap<>(state.files());
    Map<String, Long> txns = new LinkedHashMap<>(state.txns());
    long expected = state.version() + 1;
    scala.collection.Iterator<Tuple2<Object, Seq<Action>>> changes = log.getChanges(expected, false);
    while (expected <= version && changes.hasNext()) {
      Tuple2<Object, Seq<Action>> change = changes.next();
      if ((Long) change._1() != expected) {
        return Optional.empty(); // a commit file missing: the log was cleaned past the manifest
      }
      for (Action a : JavaConverters.seqAsJavaList(change._2())) {
        if (a instanceof AddFile add) {
          files.put(add.path(), add);
        } else if (a instanceof RemoveFile remove) {
          files.remove(remove.path());
        } else if (a instanceof SetTransaction t) {
          txns.put(t.appId(), t.version());
        } else if (a instanceof Metadata m && !m.id().equals(state.tableId())) {
          return Optional.empty();
        }
      }
      expected++;
    }
    return expected == version + 1 ? Optional.of(new State(version, state.tableId(), files, txns)) : Optional.empty();
  }

  /** Writes the manifest of {@code state} into {@code dir} and deletes all but the newest {@value #KEPT}; logs and returns on failure. */
  static void write(Path dir, State state) {
    if (state.files().size() > MAX_FILES) {
      return;
    }
    try {
      ObjectNode header = JSON.createObjectNode();
      header.put("version", state.version());
      header.put("tableId", state.tableId());
      ObjectNode txns = header.putObject("txns");
      state.txns().forEach(txns::put);
      StringBuilder text = new StringBuilder(JSON.writeValueAsString(header)).append('\n');
      for (AddFile f : state.files().values()) {
        text.append(f.json()).append('\n');
      }
      Storage.write(new Path(dir, String.format("%020d.json", state.version())), text.toString().getBytes(StandardCharsets.UTF_8));
      List<Path> manifests = manifests(dir);
      for (int i = 0; i < manifests.size() - KEPT; i++) {
        Storage.delete(manifests.get(i), false);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: could not keep the live-files manifest of version {} (the next publish asks Delta): {}", dir, state.version(), e.toString());
    }
  }

  static State parse(String text) throws IOException {
    BufferedReader lines = new BufferedReader(new StringReader(text));
    JsonNode header = JSON.readTree(lines.readLine());
    Map<String, Long> txns = new LinkedHashMap<>();
    header.get("txns").fields().forEachRemaining(e -> txns.put(e.getKey(), e.getValue().asLong()));
    Map<String, AddFile> files = new LinkedHashMap<>();
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (!line.isEmpty()) {
        AddFile add = (AddFile) Action.fromJson(line);
        files.put(add.path(), add);
      }
    }
    return new State(header.get("version").asLong(), header.get("tableId").asText(), files, txns);
  }

  /** The manifests in {@code dir}, oldest first (one listing; none when it does not exist). */
  private static List<Path> manifests(Path dir) {
    return Storage.files(dir, ".json").stream().filter(p -> NAME.matcher(p.getName()).matches()).toList();
  }

  private static Optional<Path> newestAtOrBefore(Path dir, long version) {
    Path best = null;
    for (Path p : manifests(dir)) {
      Matcher m = NAME.matcher(p.getName());
      if (m.matches() && Long.parseLong(m.group(1)) <= version) {
        best = p;
      }
    }
    return Optional.ofNullable(best);
  }
}
