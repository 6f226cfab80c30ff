package io.meshwork.core.read.internal;

import io.meshwork.core.read.AuditLog;
import io.meshwork.core.storage.Warehouse;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit of Spark SQL and DataFrame reads: for every query that ran, one record per product
 * (and version) its analysed plan read, in the warehouse's audit table, the same as the read API's.
 * {@code EXPLAIN} and {@code DESCRIBE} run no read of a product, so they record none. Reads of the
 * read API are recorded there, when made; Meshwork's own reads are not recorded.
 */
public final class SqlReadAudit implements QueryExecutionListener {
  private static final Logger LOG = LoggerFactory.getLogger(SqlReadAudit.class);

  private final SparkSession spark;

  public SqlReadAudit(SparkSession spark) {
    this.spark = spark;
  }

  @Override
  public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
    try {
      for (ReadMarker.Read r : ProductReads.distinct(ProductReads.reads(qe.analyzed()))) {
        if (ProductReads.VIA_SQL.equals(r.via()) && r.warehouse() != null) {
          new AuditLog(spark, Warehouse.at(r.warehouse())).record(new AuditLog.Entry(
              r.role(), r.user(), r.product(), r.version(), r.contractVersion(), r.columns(), r.masked(), r.rowFilter(), AuditLog.READ,
              ProductReads.VIA_SQL));
        }
      }
    } catch (RuntimeException e) {
      LOG.error("Could not audit the product reads of a query: {}", e.toString());
    }
  }

  @Override
  public void onFailure(String funcName, QueryExecution qe, Exception exception) {
    // a query that failed returned nothing
  }

  /** Records a refused SQL read at once (the query never runs). */
  static void refused(SparkSession spark, String warehouse, String product, ProductReads.Reader who) {
    new AuditLog(spark, Warehouse.at(warehouse)).record(new AuditLog.Entry(
        who.role(), who.user(), product, null, null, List.of(), List.of(), null, AuditLog.REFUSED, ProductReads.VIA_SQL));
  }
}
