package io.meshwork.examples.supply_chain;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;

import io.meshwork.jobs.DataProductJob;
import io.meshwork.jobs.JobContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code supply_chain.inventory_positions}: the quantity on hand per SKU and warehouse.
 *
 * <p>Reads the {@code stock_movements} CSV source (one row per receipt, shipment or adjustment,
 * with a signed quantity), keeps the movements made on or before the run date, and sums them per
 * {@code (sku, warehouse_id)}. Each position also carries the number of movements summed, the time
 * of the latest one and the run date it was computed for. The columns are cast to the contract's
 * types and returned in contract order.
 */
public final class InventoryPositions implements DataProductJob {

  public InventoryPositions() {}

  @Override
  public Dataset<Row> build(JobContext ctx) {
    String runDate = ctx.runDate().toString();
    Dataset<Row> movements =
        ctx.source("stock_movements")
            .select(
                col("sku").cast("string").as("sku"),
                col("warehouse_id").cast("string").as("warehouse_id"),
                col("quantity").cast("int").as("quantity"),
                col("moved_at").cast("timestamp").as("moved_at"))
            .where(to_date(col("moved_at")).leq(lit(runDate).cast("date")));

    return movements
        .groupBy(col("sku"), col("warehouse_id"))
        .agg(
            sum(col("quantity")).as("quantity_on_hand"),
            count(lit(1)).as("movement_count"),
            max(col("moved_at")).as("last_movement_at"))
        .select(
            col("sku").cast("string").as("sku"),
            col("warehouse_id").cast("string").as("warehouse_id"),
            col("quantity_on_hand").cast("int").as("quantity_on_hand"),
            col("movement_count").cast("int").as("movement_count"),
            col("last_movement_at").cast("timestamp").as("last_movement_at"),
            lit(runDate).cast("date").as("as_of_date"));
  }
}
