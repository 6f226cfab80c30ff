package io.meshwork.core.spi;

import io.meshwork.core.DataProduct;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Verifies data against a product's constraints. Implemented by mesh-quality (Deequ); the core
 * only depends on this interface.
 */
public interface QualityGate {
  /**
   * Evaluates every constraint of {@code product} on {@code data}.
   *
   * @param data the rows as they will be published (the staged files, or the table as it will be
   *     after the commit for whole-table constraints)
   * @return one result per contract constraint, in contract order; never drops a constraint
   */
  QualityReport verify(DataProduct product, Dataset<Row> data);

  /**
   * As {@link #verify(DataProduct, Dataset)}, knowing the run: checks that need other products,
   * the run date or metrics history can be evaluated. A gate that does not use the context
   * ignores it (the default).
   */
  default QualityReport verify(DataProduct product, Dataset<Row> data, VerificationContext context) {
    return verify(product, data);
  }

  /**
   * Prepares the verification of rows about to be written, so that what can be measured while
   * they are written is: write {@link Prepared#rows()} instead of {@code rows}, then call
   * {@link Prepared#verify} with the rows as written, and {@link Prepared#close} in any case. The
   * default measures nothing during the write and verifies the written rows with {@link #verify}.
   */
  default Prepared prepare(DataProduct product, Dataset<Row> rows) {
    QualityGate gate = this;
    return new Prepared() {
      @Override
      public Dataset<Row> rows() {
        return rows;
      }

      @Override
      public QualityReport verify(Dataset<Row> written) {
        return gate.verify(product, written);
      }
    };
  }

  /** As {@link #prepare(DataProduct, Dataset)}, knowing the run. */
  default Prepared prepare(DataProduct product, Dataset<Row> rows, VerificationContext context) {
    return prepare(product, rows);
  }

  /** A verification prepared before the write ({@link #prepare}). */
  interface Prepared extends AutoCloseable {
    /** The rows to write: the rows given, with what the gate measures during the write attached. */
    Dataset<Row> rows();

    /**
     * Verifies {@code written}: exactly the rows of {@link #rows()}, as written (the staged files).
     *
     * @return one result per contract constraint, in contract order
     */
    QualityReport verify(Dataset<Row> written);

    /** Stops listening for the write's measurements; the default does nothing. */
    @Override
    default void close() {}
  }

  /**
   * This gate with {@code context} bound: its two-argument {@code verify} verifies in that
   * context. For callers that only know {@link #verify(DataProduct, Dataset)}, such as the
   * {@link io.meshwork.core.Publisher}.
   */
  default QualityGate withContext(VerificationContext context) {
    Objects.requireNonNull(context, "context");
    QualityGate gate = this;
    return new QualityGate() {
      @Override
      public QualityReport verify(DataProduct product, Dataset<Row> data) {
        return gate.verify(product, data, context);
      }

      @Override
      public QualityReport verify(DataProduct product, Dataset<Row> data, VerificationContext other) {
        return gate.verify(product, data, other);
      }

      @Override
      public Prepared prepare(DataProduct product, Dataset<Row> rows) {
        return gate.prepare(product, rows, context);
      }

      @Override
      public Prepared prepare(DataProduct product, Dataset<Row> rows, VerificationContext other) {
        return gate.prepare(product, rows, other);
      }
    };
  }
}
