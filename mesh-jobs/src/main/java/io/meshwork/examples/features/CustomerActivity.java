package io.meshwork.examples.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.meshwork.jobs.DataProductJob;
import io.meshwork.jobs.JobContext;
import io.meshwork.jobs.ml.FeatureSetSpec;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Builds the feature set {@code features.customer_activity} from two domains' products:
 * {@code crm.customers} (sign-up date, segment) and {@code sales.orders} (order dates and amounts).
 *
 * <p>One row per customer and moment their history changed: the sign-up (no orders yet, event time
 * = the sign-up date at midnight UTC), and the end of each day on which they ordered (event time =
 * midnight UTC after that day, since the day's orders are only complete then), with the cumulative
 * order count and spend, the last order date and the days since sign-up at that moment. A training
 * set picks, for each label, the newest row not after the label's time.
 */
public final class CustomerActivity implements DataProductJob {
  public CustomerActivity() {}

  @Override
  public Dataset<Row> build(JobContext ctx) {
    FeatureSetSpec.of(ctx.contract()); // a wrong entity or event-time declaration stops the run with file:line

    Dataset<Row> customers = ctx.product("crm.customers").select(col("customer_id"), col("segment"), col("signup_date"));
    Dataset<Row> orders = ctx.product("sales.orders").select(col("customer_id"), col("order_date"), col("amount"));

    WindowSpec history = Window.partitionBy("customer_id").orderBy("order_date").rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Dataset<Row> orderDays =
        orders
            .groupBy("customer_id", "order_date")
            .agg(count(lit(1)).as("orders"), sum("amount").as("amount"))
            .select(
                col("customer_id"),
                date_add(col("order_date"), 1).cast("timestamp").as("event_time"),
                sum("orders").over(history).cast("int").as("order_count"),
                sum("amount").over(history).cast("decimal(12,2)").as("total_amount"),
                col("order_date").as("last_order_date"));
    Dataset<Row> signups =
        customers.select(
            col("customer_id"),
            col("signup_date").cast("timestamp").as("event_time"),
            lit(0).as("order_count"),
            lit(0).cast("decimal(12,2)").as("total_amount"),
            lit(null).cast("date").as("last_order_date"));

    Column eventDay = col("event_time").cast("date");
    return signups
        .unionByName(orderDays)
        .join(customers, "customer_id")
        .select(
            col("customer_id").cast("string").as("customer_id"),
            col("event_time").cast("timestamp").as("event_time"),
            col("order_count").cast("int").as("order_count"),
            col("total_amount").cast("decimal(12,2)").as("total_amount"),
            col("last_order_date").cast("date").as("last_order_date"),
            datediff(eventDay, col("signup_date")).cast("int").as("days_as_customer"),
            col("segment").cast("string").as("segment"));
  }
}
