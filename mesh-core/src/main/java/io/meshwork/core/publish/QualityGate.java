package io.meshwork.core.publish;

import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.QualityReport;
import io.meshwork.core.storage.WrittenStatistics;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
   * As {@link #verify(DataProduct, Dataset)}, knowing what the writer knows of {@code data}
   * without reading it: the statistics of exactly the files that hold it. A gate may take metrics
   * from them (row count, null counts, numeric minimums and maximums) instead of scanning for
   * them. The default ignores them.
   */
  default QualityReport verify(DataProduct product, Dataset<Row> data, WrittenStatistics statistics) {
    return verify(product, data);
  }

  /** As {@link #verify(DataProduct, Dataset, WrittenStatistics)}, knowing the run. */
  default QualityReport verify(DataProduct product, Dataset<Row> data, WrittenStatistics statistics, VerificationContext context) {
    return verify(product, data, context);
  }

  /**
   * Verifies the table as it will be after a publish, given what the publish changes: a gate may
   * read only the rows it adds and keep per-file state in {@link TableChange#stateDir()}. The
   * default verifies the whole table (or, when the added rows are all of it, those rows with
   * their statistics).
   */
  default QualityReport verify(DataProduct product, TableChange change) {
    return change.replacesAll() && change.addedStatistics().isPresent()
        ? verify(product, change.added(), change.addedStatistics().get())
        : verify(product, change.table());
  }

  /** As {@link #verify(DataProduct, TableChange)}, knowing the run. */
  default QualityReport verify(DataProduct product, TableChange change, VerificationContext context) {
    return change.replacesAll() && change.addedStatistics().isPresent()
        ? verify(product, change.added(), change.addedStatistics().get(), context)
        : verify(product, change.table(), context);
  }

  /**
   * What the gate would measure while the publish writes {@code rows} (a product's rows with its
   * columns), in the same pass: see {@link WriteObserver}. The publisher writes the observer's
   * rows and passes it back in {@link TableChange#observer()}. The default measures nothing.
   *
   * @param clusteredBy columns by which Spark's physical plan says {@code rows} are
   *     hash-partitioned (a hint, never trusted; empty when not known)
   * @param clusterPartitions that partitioning's number of partitions (0 when not known)
   */
  default Optional<WriteObserver> observer(DataProduct product, Dataset<Row> rows, List<String> clusteredBy, int clusterPartitions) {
    return Optional.empty();
  }

  /**
   * Tells the gate what became of the rows it last passed in {@code context}: committed as
   * {@code dataVersion} ({@link PublishOutcome#PUBLISHED}) or lost to another writer ({@link
   * PublishOutcome#CONFLICT}, {@code dataVersion} null). A gate that keeps a history records the
   * outcome there, so that only published versions serve as baselines. Never fails: a publish
   * has happened (or not) whatever the history says. The default does nothing.
   */
  default void settle(DataProduct product, VerificationContext context, PublishOutcome outcome, Long dataVersion) {}

  /** As {@link #settle(DataProduct, VerificationContext, PublishOutcome, Long)} for a gate with a bound context ({@link #withContext}); the default does nothing. */
  default void settle(DataProduct product, PublishOutcome outcome, Long dataVersion) {}

  /**
   * This gate with {@code context} bound: its two-argument {@code verify} verifies in that
   * context. For callers that only know {@link #verify(DataProduct, Dataset)}, such as the
   * {@link io.meshwork.core.publish.Publisher}.
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
      public QualityReport verify(DataProduct product, Dataset<Row> data, WrittenStatistics statistics) {
        return gate.verify(product, data, statistics, context);
      }

      @Override
      public QualityReport verify(DataProduct product, Dataset<Row> data, WrittenStatistics statistics, VerificationContext other) {
        return gate.verify(product, data, statistics, other);
      }

      @Override
      public QualityReport verify(DataProduct product, TableChange change) {
        return gate.verify(product, change, context);
      }

      @Override
      public QualityReport verify(DataProduct product, TableChange change, VerificationContext other) {
        return gate.verify(product, change, other);
      }

      @Override
      public Optional<WriteObserver> observer(DataProduct product, Dataset<Row> rows, List<String> clusteredBy, int clusterPartitions) {
        return gate.observer(product, rows, clusteredBy, clusterPartitions);
      }

      @Override
      public void settle(DataProduct product, VerificationContext other, PublishOutcome outcome, Long dataVersion) {
        gate.settle(product, other, outcome, dataVersion);
      }

      @Override
      public void settle(DataProduct product, PublishOutcome outcome, Long dataVersion) {
        gate.settle(product, context, outcome, dataVersion);
      }
    };
  }
}
