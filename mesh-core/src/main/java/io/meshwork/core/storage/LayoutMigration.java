package io.meshwork.core.storage;

import io.meshwork.core.model.InternalMeshException;
import io.meshwork.core.model.ProductId;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Moves a warehouse written by an earlier release to this release's layout ({@link Warehouse}):
 *
 * <pre>
 * &lt;domain&gt;/&lt;name&gt;/{_delta_log,part-*,...}     -&gt; &lt;domain&gt;/&lt;name&gt;/v1/...
 * &lt;domain&gt;/&lt;name&gt;[/v&lt;N&gt;]/_quarantine       -&gt; _mesh/quarantine/&lt;domain&gt;/&lt;name&gt;/v&lt;N or 1&gt;
 * &lt;domain&gt;/&lt;name&gt;[/v&lt;N&gt;]/_mesh/...        -&gt; _mesh/products/&lt;domain&gt;/&lt;name&gt;/v&lt;N or 1&gt;/...
 * </pre>
 *
 * <p>Everything moves by {@code FileSystem.rename}: nothing is copied by Meshwork, nothing deleted
 * but directories left empty. A table's files keep their paths relative to its root, so its Delta
 * log reads as before; commit files keep their modification times (Delta resolves {@code TIMESTAMP
 * AS OF} from them), and where a store's rename does not keep them (object stores copy), the
 * original time is set back when the store allows it and reported when it does not. An interrupted
 * migration is finished by running it again: the warehouse stays refused until it has; the layout
 * marker is written last.
 */
public final class LayoutMigration {
  /** One move: a file or directory and where it goes, both under the warehouse root. */
  public record Move(Path from, Path to) {}

  /** What a migration did (or, dry, would do). */
  public record Result(List<ProductId> products, List<Move> moves, List<String> warnings) {}

  private final Warehouse warehouse;

  public LayoutMigration(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  /** The moves that bring every product still in the old layout to this one, product by product. */
  public Map<ProductId, List<Move>> plan() {
    Map<ProductId, List<Move>> plan = new LinkedHashMap<>();
    for (ProductId id : warehouse.oldLayoutProducts()) {
      plan.put(id, moves(id));
    }
    return plan;
  }

  private List<Move> moves(ProductId id) {
    List<Move> moves = new ArrayList<>();
    Path dir = warehouse.productDir(id);
    // Majors from 2 on: their tables already stand where this layout wants them, but not their state.
    for (int major : warehouse.majors(id)) {
      if (major > 1) {
        nestedState(id, warehouse.table(id, major), major, moves);
      }
    }
    nestedState(id, dir, 1, moves);
    Path v1 = warehouse.table(id, 1);
    List<Move> table = new ArrayList<>();
    Move log = null;
    for (FileStatus child : Storage.list(dir)) {
      String name = child.getPath().getName();
      if (name.equals("_mesh") || name.equals("_quarantine") || (child.isDirectory() && name.matches("v[1-9][0-9]{0,8}"))) {
        continue;
      }
      Move m = new Move(child.getPath(), new Path(v1, name));
      if (name.equals("_delta_log")) {
        log = m;
      } else {
        table.add(m);
      }
    }
    moves.addAll(table);
    if (log != null) {
      moves.add(log); // the log last: until it moves, the old table is whole where it was
    }
    return moves;
  }

  private void nestedState(ProductId id, Path table, int major, List<Move> moves) {
    Path quarantine = new Path(table, "_quarantine");
    if (Storage.exists(quarantine)) {
      moves.add(new Move(quarantine, warehouse.quarantine(id, major)));
    }
    for (FileStatus child : Storage.list(new Path(table, "_mesh"))) {
      moves.add(new Move(child.getPath(), new Path(warehouse.state(id, major), child.getPath().getName())));
    }
  }

  /** The moves, without making them. */
  public Result dryRun() {
    Map<ProductId, List<Move>> plan = plan();
    return new Result(List.copyOf(plan.keySet()), plan.values().stream().flatMap(List::stream).toList(), List.of());
  }

  /**
   * Makes the moves, product by product, then writes the layout marker.
   *
   * @param progress told of each product as it starts
   */
  public Result migrate(Consumer<String> progress) {
    Map<ProductId, List<Move>> plan = plan();
    List<Move> done = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    int n = 0;
    for (Map.Entry<ProductId, List<Move>> e : plan.entrySet()) {
      progress.accept("[" + (++n) + "/" + plan.size() + "] " + e.getKey() + ": " + e.getValue().size() + " move(s)");
      for (Move m : e.getValue()) {
        Map<Path, Long> commitTimes = commitTimes(m.from());
        move(m.from(), m.to());
        restoreTimes(m, commitTimes, warnings);
        done.add(m);
      }
      deleteIfEmpty(new Path(warehouse.productDir(e.getKey()), "_mesh"));
      for (int major : warehouse.majors(e.getKey())) {
        deleteIfEmpty(new Path(warehouse.table(e.getKey(), major), "_mesh"));
      }
    }
    List<ProductId> left = warehouse.oldLayoutProducts();
    if (!left.isEmpty()) {
      throw new InternalMeshException("after moving, still in the old layout: " + left + " (run migrate-layout again)");
    }
    Storage.create(warehouse.layoutMarker(), Warehouse.LAYOUT + "\n");
    return new Result(List.copyOf(plan.keySet()), done, warnings);
  }

  /** Renames {@code from} to {@code to}; where {@code to} already exists (an interrupted run), moves what is inside. */
  private static void move(Path from, Path to) {
    FileSystem fs = Storage.fs(from);
    try {
      FileStatus source;
      try {
        source = fs.getFileStatus(from);
      } catch (FileNotFoundException gone) {
        return;
      }
      if (fs.exists(to)) {
        if (!source.isDirectory()) {
          throw new InternalMeshException("cannot move " + Warehouse.display(from) + ": " + Warehouse.display(to) + " already exists");
        }
        for (FileStatus child : fs.listStatus(from)) {
          move(child.getPath(), new Path(to, child.getPath().getName()));
        }
        fs.delete(from, false);
        return;
      }
      fs.mkdirs(to.getParent());
      if (!fs.rename(from, to)) {
        throw new InternalMeshException("could not move " + Warehouse.display(from) + " to " + Warehouse.display(to));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not move " + Warehouse.display(from) + " to " + Warehouse.display(to), e);
    }
  }

  /** The modification times of the Delta commit files at or under {@code from}, by path relative to it. */
  private static Map<Path, Long> commitTimes(Path from) {
    Map<Path, Long> times = new LinkedHashMap<>();
    Path log = from.getName().equals("_delta_log") ? from : new Path(from, "_delta_log");
    for (FileStatus f : Storage.list(log)) {
      if (f.isFile() && f.getPath().getName().endsWith(".json")) {
        times.put(new Path(f.getPath().getName()), f.getModificationTime());
      }
    }
    return times;
  }

  private static void restoreTimes(Move m, Map<Path, Long> before, List<String> warnings) {
    if (before.isEmpty()) {
      return;
    }
    Path log = m.to().getName().equals("_delta_log") ? m.to() : new Path(m.to(), "_delta_log");
    FileSystem fs = Storage.fs(log);
    int lost = 0;
    for (Map.Entry<Path, Long> e : before.entrySet()) {
      Path moved = new Path(log, e.getKey().getName());
      try {
        if (fs.getFileStatus(moved).getModificationTime() != e.getValue()) {
          try {
            fs.setTimes(moved, e.getValue(), -1);
          } catch (UnsupportedOperationException | IOException unsupported) {
            // reported below
          }
          if (fs.getFileStatus(moved).getModificationTime() != e.getValue()) {
            lost++;
          }
        }
      } catch (IOException ex) {
        throw new UncheckedIOException("could not read " + moved, ex);
      }
    }
    if (lost > 0) {
      warnings.add(
          Warehouse.display(log) + ": this store does not keep modification times on a move; " + lost
              + " commit(s) now carry the time of the move, so TIMESTAMP AS OF before it resolves to the first version (VERSION AS OF is unchanged)");
    }
  }

  private static void deleteIfEmpty(Path dir) {
    if (Storage.isDirectory(dir) && Storage.list(dir).isEmpty()) {
      Storage.delete(dir, false);
    }
  }
}
