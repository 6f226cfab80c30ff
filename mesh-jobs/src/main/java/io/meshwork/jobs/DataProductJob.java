package io.meshwork.jobs;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A data product built in Java. Name the class in the contract ({@code job = "com.acme.Orders"});
 * it needs a public no-argument constructor.
 *
 * <pre>{@code
 * public final class Orders implements DataProductJob {
 *   public Dataset<Row> build(JobContext ctx) {
 *     Dataset<Row> raw = ctx.source("raw_orders");
 *     Dataset<Row> customers = ctx.product("crm.customers");
 *     return raw.join(customers, "customer_id").select("order_id", "customer_id", "amount");
 *   }
 * }
 * }</pre>
 *
 * <p>Return the rows to publish; Meshwork checks them against the contract's schema and
 * constraints before anything becomes readable.
 */
@FunctionalInterface
public interface DataProductJob {
  Dataset<Row> build(JobContext ctx);
}
