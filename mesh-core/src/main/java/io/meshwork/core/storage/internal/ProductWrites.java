package io.meshwork.core.storage.internal;

import io.meshwork.core.storage.TableProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.ResolvedIdentifier;
import org.apache.spark.sql.catalyst.analysis.ResolvedTable;
import org.apache.spark.sql.catalyst.plans.logical.AlterTableCommand;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.DeltaDelete;
import org.apache.spark.sql.catalyst.plans.logical.DeltaMergeInto;
import org.apache.spark.sql.catalyst.plans.logical.DeltaUpdateTable;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.MergeIntoTable;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.plans.logical.V2WriteCommand;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.catalog.DeltaTableV2;
import org.apache.spark.sql.delta.commands.MergeIntoCommand;
import org.apache.spark.sql.delta.commands.WriteIntoDelta;
import org.apache.spark.sql.delta.files.TahoeFileIndex;
import org.apache.spark.sql.delta.sources.DeltaDataSource;
import org.apache.spark.sql.execution.command.DataWritingCommand;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.InsertIntoDataSourceCommand;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.execution.datasources.SaveIntoDataSourceCommand;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Finds the data product tables a Spark plan writes to: the Spark and Delta plan nodes of
 * {@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code MERGE}, {@code ALTER}, {@code DROP},
 * {@code TRUNCATE}, {@code OPTIMIZE}, {@code VACUUM}, {@code RESTORE} and DataFrame writes, and
 * the Delta table each one targets. A table is a product when its snapshot carries {@link
 * TableProperties#PRODUCT}, wherever it lives and however it is named. Also holds the
 * "certified" scope in which Meshwork's own publish and maintenance may write.
 *
 * <p>The only class that knows these Scala plan nodes; the session extension asks it.
 */
public final class ProductWrites {
  /** A write found in a plan: what it does ({@code DELETE}, ...), to which product, where the table is. */
  public record Target(String operation, String product, String location) {}

  private static final ThreadLocal<int[]> CERTIFIED = ThreadLocal.withInitial(() -> new int[1]);

  /** Commands that read or describe and never change a table. */
  private static final List<String> READ_ONLY_PREFIXES =
      List.of("Describe", "Show", "Explain", "Cache", "Uncache", "ClearCache", "Refresh", "Analyze", "Create", "SetCatalog", "SetNamespace");

  private ProductWrites() {}

  /**
   * Runs Meshwork's own work on product tables (publish, vacuum, catalog registration) in a scope
   * where the session extension lets it write. The scope is the current thread's.
   */
  public static <T> T certified(Supplier<T> work) {
    int[] depth = CERTIFIED.get();
    depth[0]++;
    try {
      return work.get();
    } finally {
      depth[0]--;
    }
  }

  /** Whether the current thread runs inside {@link #certified}. */
  public static boolean isCertified() {
    return CERTIFIED.get()[0] > 0;
  }

  /** The product tables {@code plan} (an analyzed plan) writes to, in plan order. */
  public static List<Target> targets(SparkSession spark, LogicalPlan plan) {
    List<Target> found = new ArrayList<>();
    visit(spark, plan, found);
    return found;
  }

  private static void visit(SparkSession spark, LogicalPlan node, List<Target> found) {
    String operation = operation(node);
    if (operation != null) {
      for (Object candidate : writtenTables(node)) {
        table(spark, candidate).ifPresent(t -> {
          String product = t.properties().get(TableProperties.PRODUCT);
          if (product != null) {
            found.add(new Target(operation, product, t.location()));
          }
        });
      }
    }
    for (LogicalPlan child : JavaConverters.seqAsJavaList(node.children())) {
      visit(spark, child, found);
    }
  }

  /** The statement a node stands for, in the words of SQL; null for a node that writes nothing. */
  private static String operation(LogicalPlan node) {
    boolean write =
        node instanceof Command || node instanceof DeltaDelete || node instanceof DeltaUpdateTable || node instanceof DeltaMergeInto
            || node instanceof InsertIntoStatement;
    if (!write) {
      return null;
    }
    String name = node.getClass().getSimpleName();
    for (String prefix : READ_ONLY_PREFIXES) {
      if (name.startsWith(prefix) && !name.startsWith("CreateOrReplace")) {
        return null;
      }
    }
    if (name.contains("View") || name.contains("Function") || name.equals("SetCommand") || name.equals("ResetCommand")
        || name.startsWith("SetCatalog") || name.startsWith("SetNamespace")) {
      return null; // views, functions and session settings are not product tables
    }
    if (node instanceof SaveIntoDataSourceCommand s) {
      return "DataFrame write (mode " + s.mode().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
    if (node instanceof WriteIntoDelta w) {
      return "DataFrame write (mode " + w.mode().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
    if (name.startsWith("Append") || node instanceof InsertIntoStatement || node instanceof InsertIntoDataSourceCommand) {
      return "INSERT";
    }
    if (name.startsWith("Overwrite")) {
      return "INSERT OVERWRITE";
    }
    if (name.contains("Delete")) {
      return "DELETE";
    }
    if (name.contains("Update")) {
      return "UPDATE";
    }
    if (name.contains("Merge")) {
      return "MERGE";
    }
    if (node instanceof AlterTableCommand || name.startsWith("Alter") || name.startsWith("Rename")) {
      return "ALTER TABLE";
    }
    if (name.startsWith("Drop")) {
      return "DROP TABLE";
    }
    if (name.startsWith("Truncate")) {
      return "TRUNCATE TABLE";
    }
    if (name.startsWith("Optimize") || name.startsWith("DeltaReorg")) {
      return "OPTIMIZE";
    }
    if (name.startsWith("Vacuum")) {
      return "VACUUM";
    }
    if (name.startsWith("Restore")) {
      return "RESTORE";
    }
    if (name.startsWith("Replace")) {
      return "REPLACE TABLE";
    }
    return node.nodeName();
  }

  /**
   * What a write node writes to. Nodes that also read (a merge's source, an insert's query) name
   * only their target; any other command is taken to write every table it names directly.
   */
  private static List<Object> writtenTables(LogicalPlan node) {
    if (node instanceof V2WriteCommand w) {
      return List.of(w.table());
    }
    if (node instanceof InsertIntoStatement i) {
      return List.of(i.table());
    }
    if (node instanceof MergeIntoTable m) {
      return List.of(m.targetTable());
    }
    if (node instanceof DeltaMergeInto m) {
      return List.of(m.target());
    }
    if (node instanceof MergeIntoCommand m) {
      return List.of(m.targetFileIndex());
    }
    if (node instanceof SaveIntoDataSourceCommand s) {
      if (!(s.dataSource() instanceof DeltaDataSource)) {
        return List.of();
      }
      Option<String> path = s.options().get("path");
      return path.isDefined() ? List.of(new Path(path.get())) : List.of();
    }
    if (node instanceof WriteIntoDelta w) {
      return List.of(w.deltaLog());
    }
    if (node instanceof InsertIntoDataSourceCommand i) {
      return List.of(i.logicalRelation());
    }
    if (node instanceof DataWritingCommand) {
      return List.of(); // file formats (parquet, csv, ...) and Hive tables: never a Delta product
    }
    List<Object> fields = new ArrayList<>();
    scala.collection.Iterator<Object> it = node.productIterator();
    while (it.hasNext()) {
      Object field = it.next();
      if (field instanceof Option<?> o && o.isDefined()) {
        field = o.get();
      }
      fields.add(field);
    }
    return fields;
  }

  private record TableInfo(Map<String, String> properties, String location) {}

  private static Optional<TableInfo> table(SparkSession spark, Object o) {
    try {
      if (o instanceof SubqueryAlias a) {
        return table(spark, a.child());
      }
      if (o instanceof ResolvedTable r) {
        return table(spark, r.table());
      }
      if (o instanceof DataSourceV2Relation r) {
        return table(spark, r.table());
      }
      if (o instanceof ResolvedIdentifier r) {
        if (!(r.catalog() instanceof TableCatalog catalog) || !catalog.tableExists(r.identifier())) {
          return Optional.empty();
        }
        return table(spark, catalog.loadTable(r.identifier()));
      }
      if (o instanceof DeltaTableV2 d) {
        return table(spark, d.deltaLog());
      }
      if (o instanceof Table t) {
        return Optional.of(new TableInfo(t.properties(), t.name()));
      }
      if (o instanceof LogicalRelation l && l.relation() instanceof HadoopFsRelation h) {
        return table(spark, h.location());
      }
      if (o instanceof TahoeFileIndex index) {
        return table(spark, index.deltaLog());
      }
      if (o instanceof Path path) {
        return table(spark, DeltaLog.forTable(spark, path));
      }
      if (o instanceof DeltaLog log) {
        Snapshot snapshot = log.update(false, Option.empty(), Option.empty());
        if (snapshot.version() < 0) {
          return Optional.empty();
        }
        return Optional.of(new TableInfo(JavaConverters.mapAsJavaMap(snapshot.metadata().configuration()), log.dataPath().toString()));
      }
    } catch (RuntimeException | org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      return Optional.empty(); // not a table (yet): nothing of a product to protect
    }
    return Optional.empty();
  }
}
