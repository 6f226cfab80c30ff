package io.meshwork.core.publish;

import java.util.List;
import java.util.Locale;

/**
 * A test-only crash switch: makes the process die on the spot, as a {@code kill -9} or a lost node
 * would, at one named point of a run, to prove that every such crash leaves the warehouse
 * consistent. Off unless {@code MESH_FAULT} (environment) or {@code -Dmesh.fault} (system property,
 * which wins) names a point:
 *
 * <ul>
 *   <li>{@code after-write}: the data files are written into the table directory and verified, the
 *       Delta commit not made. The table must stay at its old version.
 *   <li>{@code after-commit}: the Delta commit is made, nothing else. The table is at the new
 *       version; the catalog and lineage do not know it yet.
 *   <li>{@code before-catalog}: the publish returned, the catalog row is not written.
 *   <li>{@code during-lineage}: the catalog row is written, the run's final lineage event is not.
 * </ul>
 *
 * The process ends with {@link Runtime#halt} and exit code {@value #EXIT_CODE}: no shutdown hook,
 * no {@code finally}, no flush, no Spark clean-up runs. {@code mesh doctor} (or the next run)
 * reconciles what the crash left behind.
 *
 * <pre>{@code
 * MESH_FAULT=after-commit bin/mesh run sales.orders --date 2026-11-23   # exits 86
 * bin/mesh doctor                                                        # records the commit in the catalog
 * }</pre>
 */
public final class Faults {
  /** The exit code of a process halted by a fault. */
  public static final int EXIT_CODE = 86;
  /** Environment variable naming the fault point. */
  public static final String ENV = "MESH_FAULT";
  /** System property naming the fault point; wins over the environment. */
  public static final String PROPERTY = "mesh.fault";

  public static final String AFTER_WRITE = "after-write";
  public static final String AFTER_COMMIT = "after-commit";
  public static final String BEFORE_CATALOG = "before-catalog";
  public static final String DURING_LINEAGE = "during-lineage";

  /** Every fault point, in the order a run reaches them. */
  public static final List<String> POINTS = List.of(AFTER_WRITE, AFTER_COMMIT, BEFORE_CATALOG, DURING_LINEAGE);

  private static volatile boolean warned;

  private Faults() {}

  /**
   * Halts the JVM with exit code {@value #EXIT_CODE} when the configured fault is {@code point};
   * otherwise does nothing (cheap: two lookups). A configured value that names no point is
   * reported once on stderr, so a mistyped switch does not silently test nothing.
   *
   * @throws IllegalArgumentException when {@code point} is not one of {@link #POINTS} (a bug at
   *     the call site)
   */
  public static void maybeHalt(String point) {
    if (!POINTS.contains(point)) {
      throw new IllegalArgumentException("unknown fault point '" + point + "' (known: " + String.join(", ", POINTS) + ")");
    }
    String configured = configured();
    if (configured == null) {
      return;
    }
    if (configured.equals(point)) {
      System.err.println("mesh: " + source() + "=" + configured + ": halting the process at " + point + " (exit " + EXIT_CODE + ")");
      System.err.flush();
      Runtime.getRuntime().halt(EXIT_CODE);
    } else if (!POINTS.contains(configured) && !warned) {
      warned = true;
      System.err.println(
          "mesh: " + source() + "='" + configured + "' names no fault point (known: " + String.join(", ", POINTS) + "); no fault will be injected");
    }
  }

  /** The configured fault point (trimmed, lower case), or null when none is set. */
  public static String configured() {
    String v = System.getProperty(PROPERTY);
    if (v == null || v.isBlank()) {
      v = System.getenv(ENV);
    }
    return v == null || v.isBlank() ? null : v.trim().toLowerCase(Locale.ROOT);
  }

  private static String source() {
    String p = System.getProperty(PROPERTY);
    return p != null && !p.isBlank() ? "-D" + PROPERTY : ENV;
  }
}
