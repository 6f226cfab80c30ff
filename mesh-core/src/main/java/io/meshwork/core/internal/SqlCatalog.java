package io.meshwork.core.internal;

import io.meshwork.core.model.ProductId;
import io.meshwork.core.storage.Storage;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.core.storage.internal.ProductWrites;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import scala.Option;

/**
 * Registers a warehouse's products in the Spark session catalog, one database per domain, so
 * that plain Spark SQL reads them: {@code SELECT * FROM sales.orders}, {@code ... VERSION AS OF 3},
 * {@code ... TIMESTAMP AS OF '2026-11-23'}. The tables are external Delta tables pointing at the
 * product directories: {@code <domain>.<name>} the newest contract major, {@code <domain>.<name>_v<major>} each
 * major; registering is idempotent and cheap for tables already known.
 */
public final class SqlCatalog {
  private SqlCatalog() {}

  public static synchronized void register(SparkSession spark, Warehouse warehouse, List<ProductId> products) {
    for (ProductId id : products) {
      int newest = warehouse.newestMajor(id);
      for (int major = 1; major <= newest; major++) {
        Path table = warehouse.table(id, major);
        if (Warehouse.hasCommit(table)) { // a refused first publish leaves no table to register
          register(spark, warehouse, id.domain(), id.name() + "_v" + major, table);
          if (major == newest) {
            register(spark, warehouse, id.domain(), id.name(), table); // the newest major answers to the plain name
          }
        }
      }
    }
  }

  private static void register(SparkSession spark, Warehouse warehouse, String domain, String table, Path location) {
    if (!spark.catalog().databaseExists(domain)) {
      spark.sql("CREATE DATABASE IF NOT EXISTS `" + domain + "` LOCATION '" + sqlString(new Path(warehouse.root(), domain).toString()) + "'");
    }
    String name = "`" + domain + "`.`" + table + "`";
    java.net.URI uri = location.toUri();
    if (spark.catalog().tableExists(domain, table)) {
      if (Storage.location(registeredLocation(spark, domain, table).toString()).equals(Storage.location(uri.toString()))) {
        return;
      }
      // The same name registered for another warehouse in this session: point it here. The
      // table is external, so dropping it leaves the other warehouse's data alone.
      ProductWrites.certified(() -> spark.sql("DROP TABLE " + name));
    }
    spark.sql("CREATE TABLE " + name + " USING delta LOCATION '" + sqlString(uri.toString()) + "'");
  }

  private static java.net.URI registeredLocation(SparkSession spark, String domain, String table) {
    try {
      return spark.sessionState().catalog().getTableMetadata(new TableIdentifier(table, Option.apply(domain))).location();
    } catch (Exception e) { // Scala's checked NoSuchTableException: the table was just seen to exist
      throw new IllegalStateException("table " + domain + "." + table + " vanished from the session catalog", e);
    }
  }

  private static String sqlString(String s) {
    return s.replace("\\", "\\\\").replace("'", "\\'");
  }
}
