package io.meshwork.core.publish;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Measures a publish's rows in the pass that writes them, so that the gate need not read the
 * written files again for what it measured. Given by {@link QualityGate#observer}; the publisher
 * writes {@link #attach}'s rows and hands the observer back to the same gate with the change
 * ({@link TableChange#observer()}), which reads what it measured. What an observer measured is a
 * help, never a verdict on its own: a gate checks it saw every written row before using it.
 */
public interface WriteObserver {
  /** The rows to write: {@code rows}, unchanged in content, order and partitioning, with the measurement attached. */
  Dataset<Row> attach(Dataset<Row> rows);
}
