package io.meshwork.examples.supply_chain;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;

import io.meshwork.jobs.DataProductJob;
import io.meshwork.jobs.JobContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code supply_chain.shipments}: one row per outbound parcel shipment.
 *
 * <p>Reads the {@code raw_shipments} CSV source (shipment id, order id, warehouse, carrier,
 * shipped and delivered dates) and joins it to the certified {@code sales.orders} product — a
 * cross-domain input, recorded in the run's lineage — to add the customer and the destination
 * country. {@code transit_days} is the number of days from shipping to delivery, null while the
 * parcel is in transit. Shipments whose order is not in {@code sales.orders} are dropped. The
 * columns are cast to the contract's types and returned in contract order.
 */
public final class Shipments implements DataProductJob {

  public Shipments() {}

  @Override
  public Dataset<Row> build(JobContext ctx) {
    Dataset<Row> shipments =
        ctx.source("raw_shipments")
            .select(
                col("shipment_id").cast("string").as("shipment_id"),
                col("order_id").cast("string").as("order_id"),
                col("warehouse_id").cast("string").as("warehouse_id"),
                col("carrier").cast("string").as("carrier"),
                col("shipped_date").cast("date").as("shipped_date"),
                col("delivered_date").cast("date").as("delivered_date"));

    Dataset<Row> orders =
        ctx.product("sales.orders")
            .select(
                col("order_id"),
                col("customer_id").cast("string").as("customer_id"),
                col("country").cast("string").as("destination_country"));

    return shipments
        .join(orders, "order_id")
        .select(
            col("shipment_id").cast("string").as("shipment_id"),
            col("order_id").cast("string").as("order_id"),
            col("customer_id").cast("string").as("customer_id"),
            col("destination_country").cast("string").as("destination_country"),
            col("warehouse_id").cast("string").as("warehouse_id"),
            col("carrier").cast("string").as("carrier"),
            col("shipped_date").cast("date").as("shipped_date"),
            col("delivered_date").cast("date").as("delivered_date"),
            datediff(col("delivered_date"), col("shipped_date")).cast("int").as("transit_days"));
  }
}
