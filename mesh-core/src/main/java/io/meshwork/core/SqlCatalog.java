package io.meshwork.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
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
      Path table = warehouse.table(id, warehouse.newestMajor(id)); // the newest major answers to the plain name
      if (!hasCommit(table)) {
        continue; // a refused first publish leaves no table to register
      }
      if (!spark.catalog().databaseExists(id.domain())) {
        spark.sql("CREATE DATABASE IF NOT EXISTS `" + id.domain() + "` LOCATION '" + sqlString(warehouse.root().resolve(id.domain()).toUri().toString()) + "'");
      }
      String name = "`" + id.domain() + "`.`" + id.name() + "`";
      java.net.URI location = table.toUri();
      if (spark.catalog().tableExists(id.domain(), id.name())) {
        if (Path.of(registeredLocation(spark, id)).equals(Path.of(location))) {
          continue;
        }
        // The same name registered for another warehouse in this session: point it here. The
        // table is external, so dropping it leaves the other warehouse's data alone.
        io.meshwork.core.internal.ProductWrites.certified(() -> spark.sql("DROP TABLE " + name));
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

  private static boolean hasCommit(Path table) {
    try (Stream<Path> files = Files.list(table.resolve("_delta_log"))) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".json"));
    } catch (IOException e) {
      return false;
    }
  }

  private static String sqlString(String s) {
    return s.replace("\\", "\\\\").replace("'", "\\'");
  }
}
