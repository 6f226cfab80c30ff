package io.meshwork.core.catalog;

import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.storage.Storage;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.core.storage.internal.ProductWrites;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Registers certified products in a shared Hive metastore ({@code spark.sql.catalogImplementation
 * = hive}: a thrift metastore in production, Spark's embedded Derby one in tests), so that any
 * Spark application, Meshwork or not, reads them by name: {@code SELECT * FROM sales.orders
 * VERSION AS OF 12}.
 *
 * <p>A publish registers its product as the external Delta table {@code <prefix><domain>.<name>}
 * at the table of its newest contract major, and {@code <prefix><domain>.<name>_v<major>} at the
 * table of the major it published, once: a name already registered at that location is left
 * alone, and opening a warehouse registers nothing. A name is never taken over: when it is
 * registered at any other location (another warehouse, a development run), the publish is refused
 * before anything is committed, naming both locations. The one move Meshwork makes is a major bump
 * of the same product in the same warehouse, which points {@code <domain>.<name>} from the older
 * major's table to the newer one's.
 *
 * <p>Products whose contract has an {@code access} block are registered only with {@link
 * Settings#registerRestricted()}: engines without Meshwork's session extension would read them
 * in clear.
 */
public final class Metastore {
  /** Platform key: prefixed to every database name, {@code dev_} makes {@code dev_sales.orders}. */
  public static final String DATABASE_PREFIX_KEY = "mesh.metastore.database-prefix";
  /** Platform key: whether products with an access block are registered too. */
  public static final String REGISTER_RESTRICTED_KEY = "mesh.metastore.register-restricted";

  private static final Logger LOG = LoggerFactory.getLogger(Metastore.class);
  private static final Pattern PREFIX = Pattern.compile("[a-z0-9_]*");

  /**
   * How products are registered.
   *
   * @param databasePrefix prefixed to the domain to make the database name (lower-case letters, digits, {@code _}; may be empty)
   * @param registerRestricted whether products with an access block are registered
   */
  public record Settings(String databasePrefix, boolean registerRestricted) {
    /** No prefix; products with an access block are not registered. */
    public static final Settings DEFAULT = new Settings("", false);

    public Settings {
      Objects.requireNonNull(databasePrefix, DATABASE_PREFIX_KEY);
      if (!PREFIX.matcher(databasePrefix).matches()) {
        throw new ContractException(
            DATABASE_PREFIX_KEY + " '" + databasePrefix + "' must be lower-case letters, digits and '_' (it starts database names)");
      }
    }
  }

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final Settings settings;

  public Metastore(SparkSession spark, Warehouse warehouse, Settings settings) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.warehouse = Objects.requireNonNull(warehouse, "warehouse");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Whether the session's catalog is a Hive metastore ({@code spark.sql.catalogImplementation = hive}). */
  public static boolean isHive(SparkSession spark) {
    return "hive".equalsIgnoreCase(spark.sparkContext().conf().get("spark.sql.catalogImplementation", "in-memory"));
  }

  /** The database of a product's domain: the prefix, then the domain. */
  public String database(ProductId id) {
    return settings.databasePrefix() + id.domain();
  }

  /** Whether {@code product} is registered at all (products with an access block only when the settings say so). */
  public boolean registers(DataProduct product) {
    return product.access() == null || settings.registerRestricted();
  }

  /**
   * Refuses (before a publish commits) when a name the publish would register is registered at a
   * location that is not this product's.
   *
   * @throws MeshException (exit 2) naming the registered location and this product's
   */
  public void check(DataProduct product) {
    if (!registers(product)) {
      return;
    }
    for (Map.Entry<String, Path> e : names(product).entrySet()) {
      Path registered = registeredLocation(database(product.id()), e.getKey());
      if (registered != null && !same(registered, e.getValue()) && !movesWithMajor(product, e.getKey(), registered)) {
        throw new ContractException(
            "Cannot register " + product.displayName() + " in the metastore: table " + database(product.id()) + "." + e.getKey()
                + " is registered at " + Warehouse.display(registered) + ", not at " + Warehouse.display(e.getValue())
                + " (this product's table); Meshwork never re-points a registered name. Give this warehouse its own databases with "
                + DATABASE_PREFIX_KEY + " (e.g. \"dev_\"), or drop that table if it is stale. Nothing was published.");
      }
    }
  }

  /**
   * Registers a just-published product: creates its database and each of its names that is not
   * registered yet; a name already at the right location is left alone.
   *
   * @return the tables created or moved ({@code database.table}); empty when all were registered already
   */
  public List<String> register(DataProduct product) {
    List<String> done = new ArrayList<>();
    if (!registers(product)) {
      LOG.info("{}: not registered in the metastore: its contract has an access block ({} = false)", product.id(), REGISTER_RESTRICTED_KEY);
      return done;
    }
    check(product);
    String db = database(product.id());
    for (Map.Entry<String, Path> e : names(product).entrySet()) {
      if (!Warehouse.hasCommit(e.getValue())) {
        continue;
      }
      Path registered = registeredLocation(db, e.getKey());
      if (registered != null && same(registered, e.getValue())) {
        continue;
      }
      if (!spark.catalog().databaseExists(db)) {
        Path location = new Path(new Path(warehouse.meshDir(), "metastore"), db + ".db");
        spark.sql("CREATE DATABASE IF NOT EXISTS `" + db + "` LOCATION '" + sqlString(location.toString()) + "'");
      }
      String name = "`" + db + "`.`" + e.getKey() + "`";
      if (registered != null) { // a major bump of this product: the plain name follows its newest major
        io.meshwork.core.storage.internal.ProductWrites.certified(() -> spark.sql("DROP TABLE " + name));
      }
      spark.sql("CREATE TABLE " + name + " USING delta LOCATION '" + sqlString(e.getValue().toUri().toString()) + "'");
      done.add(db + "." + e.getKey());
    }
    return done;
  }

  /** The names a publish of {@code product} registers and their locations: the plain name at the newest major, {@code _v<major>} at the published one. */
  private Map<String, Path> names(DataProduct product) {
    ProductId id = product.id();
    int major = Math.max(1, product.version().major());
    int newest = Math.max(major, warehouse.newestMajor(id));
    Map<String, Path> names = new LinkedHashMap<>();
    names.put(id.name(), warehouse.table(id, newest));
    names.put(id.name() + "_v" + major, warehouse.table(product));
    return names;
  }

  /** Whether {@code registered} is an older major of this product in this warehouse, which the plain name leaves on a major bump. */
  private boolean movesWithMajor(DataProduct product, String name, Path registered) {
    if (!name.equals(product.id().name())) {
      return false;
    }
    int newest = Math.max(Math.max(1, product.version().major()), warehouse.newestMajor(product.id()));
    for (int m = 0; m < newest; m++) {
      if (same(registered, warehouse.table(product.id(), m))) {
        return true;
      }
    }
    return false;
  }

  /** Where {@code db.table} is registered, or null when it is not. */
  private Path registeredLocation(String db, String table) {
    if (!spark.catalog().databaseExists(db) || !spark.catalog().tableExists(db, table)) {
      return null;
    }
    try {
      Option<java.net.URI> location = spark.sessionState().catalog().getTableMetadata(new TableIdentifier(table, Option.apply(db))).storage().locationUri();
      return location.isEmpty() ? new Path("(no location)") : new Path(location.get());
    } catch (Exception e) { // Scala's checked NoSuchTableException
      return null;
    }
  }

  private static boolean same(Path a, Path b) {
    return Storage.location(a.toString()).equals(Storage.location(b.toString()));
  }

  private static String sqlString(String s) {
    return s.replace("\\", "\\\\").replace("'", "\\'");
  }
}
