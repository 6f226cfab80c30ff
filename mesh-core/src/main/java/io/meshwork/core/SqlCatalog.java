package io.meshwork.core;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import scala.Option;

/**
 * Registers a warehouse's products in the Spark session catalog, one database per domain, so
 * that plain Spark SQL reads them: {@code SELECT * FROM sales.orders}, {@code ... VERSION AS OF 3},
 * {@code ... TIMESTAMP AS OF '2026-11-23'}. The tables are external Delta tables pointing at the
 * product directories (a product's newest contract major); registering is idempotent and cheap for tables already known.
 */
final class SqlCatalog {
  private SqlCatalog() {}

  static synchronized void register(SparkSession spark, Warehouse warehouse, List<ProductId> products) {
    for (ProductId id : products) {
      org.apache.hadoop.fs.Path table = warehouse.table(id, warehouse.newestMajor(id)); // the newest major answers to the plain name
      if (!Warehouse.hasCommit(table)) {
        continue; // a refused first publish leaves no table to register
      }
      if (!spark.catalog().databaseExists(id.domain())) {
        spark.sql("CREATE DATABASE IF NOT EXISTS `" + id.domain() + "` LOCATION '" + sqlString(new org.apache.hadoop.fs.Path(warehouse.root(), id.domain()).toString()) + "'");
      }
      String name = "`" + id.domain() + "`.`" + id.name() + "`";
      java.net.URI location = table.toUri();
      if (spark.catalog().tableExists(id.domain(), id.name())) {
        if (Storage.location(registeredLocation(spark, id).toString()).equals(Storage.location(location.toString()))) {
          continue;
        }
        // The same name registered for another warehouse in this session: point it here. The
        // table is external, so dropping it leaves the other warehouse's data alone.
        spark.sql("DROP TABLE " + name);
      }
      spark.sql("CREATE TABLE " + name + " USING delta LOCATION '" + sqlString(location.toString()) + "'");
    }
  }

  private static java.net.URI registeredLocation(SparkSession spark, ProductId id) {
    try {
      return spark.sessionState().catalog().getTableMetadata(new TableIdentifier(id.name(), Option.apply(id.domain()))).location();
    } catch (Exception e) { // Scala's checked NoSuchTableException: the table was just seen to exist
      throw new IllegalStateException("table " + id + " vanished from the session catalog", e);
    }
  }

  private static String sqlString(String s) {
    return s.replace("\\", "\\\\").replace("'", "\\'");
  }
}
