package io.meshwork.quality.internal;

import io.meshwork.core.model.Constraint;
import io.meshwork.core.model.ConstraintSpec.OnFail;
import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.Problem;
import io.meshwork.core.model.ProductRef;
import io.meshwork.core.publish.VerificationContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

/**
 * Marks each row with the row-level constraints it violates, for {@code on-fail = drop |
 * quarantine}. The conditions are the gate's own ({@link ConstraintPlan#violation()}), so a row is
 * dropped or quarantined exactly when the gate would count it as failing; {@code references}
 * adds one outer join against the referenced product's distinct values.
 */
public final class RowFlags {
  /** Helper columns, removed again by {@link #publish()} and {@link #quarantine()}. */
  static final String QUARANTINE = "_mesh_flag_quarantine";
  static final String DROP = "_mesh_flag_drop";

  /** The column naming the constraints a quarantined row failed. */
  public static final String FAILED = "_mesh_failed";

  private final Dataset<Row> flagged;
  private final List<String> columns;
  private final boolean acts;

  private RowFlags(Dataset<Row> flagged, List<String> columns, boolean acts) {
    this.flagged = flagged;
    this.columns = columns;
    this.acts = acts;
  }

  /** The action a constraint declares: {@code fail} (the default), {@code drop} or {@code quarantine}. */
  public static OnFail action(ConstraintSpec spec) {
    return spec.onFail();
  }

  /**
   * Flags {@code data}. Constraints that act but cannot be evaluated as declared are left to the
   * gate, which reports why; they drop nothing.
   *
   * @throws MeshException (exit 2) when a {@code references} constraint acts and {@code context}
   *     cannot read other products
   */
  public static RowFlags of(DataProduct product, Dataset<Row> data, VerificationContext context) {
    List<String> columns = List.of(data.columns());
    boolean acts = product.constraints().stream().anyMatch(c -> action(c) != OnFail.FAIL);
    if (!acts) {
      return new RowFlags(data, columns, false);
    }
    Dataset<Row> flagged = data;
    List<Column> failed = new ArrayList<>();
    List<Column> quarantine = new ArrayList<>();
    List<Column> drop = new ArrayList<>();
    int joins = 0;
    for (ConstraintSpec spec : product.constraints()) {
      OnFail action = action(spec);
      Optional<Column> violation;
      if (spec.rule() instanceof Constraint.References ref) {
        if (action == OnFail.FAIL) {
          continue; // naming it would cost a join; the gate reports it
        }
        String marker = "_mesh_ref_" + joins++;
        Optional<Dataset<Row>> joined = referenceJoin(spec, ref, flagged, data, context, marker);
        if (joined.isEmpty()) {
          continue;
        }
        flagged = joined.get();
        violation = Optional.of(ConstraintPlan.col(spec.columns().get(0)).isNotNull().and(functions.col(marker).isNull()));
      } else {
        violation = ConstraintPlan.of(spec, product, data, null).violation();
      }
      if (violation.isEmpty()) {
        continue;
      }
      failed.add(functions.when(violation.get(), functions.lit(name(spec))));
      if (action == OnFail.QUARANTINE) {
        quarantine.add(violation.get());
      } else if (action == OnFail.DROP) {
        drop.add(violation.get());
      }
    }
    flagged =
        flagged
            .withColumn(FAILED, failed.isEmpty() ? functions.array().cast("array<string>") : functions.array_compact(functions.array(failed.toArray(Column[]::new))))
            .withColumn(QUARANTINE, any(quarantine))
            .withColumn(DROP, functions.not(functions.col(QUARANTINE)).and(any(drop)));
    return new RowFlags(flagged, columns, true);
  }

  /** Whether any constraint drops or quarantines rows; when not, {@link #publish()} is the data itself. */
  public boolean acts() {
    return acts;
  }

  /** The rows to publish: those no {@code drop} or {@code quarantine} constraint rejects, in the data's columns. */
  public Dataset<Row> publish() {
    if (!acts) {
      return flagged;
    }
    return flagged.where(functions.not(functions.col(QUARANTINE)).and(functions.not(functions.col(DROP)))).select(original());
  }

  /** The rows some {@code quarantine} constraint rejects, with {@link #FAILED}. */
  public Dataset<Row> quarantine() {
    List<Column> out = new ArrayList<>(List.of(original()));
    out.add(functions.col(FAILED));
    Dataset<Row> rows = acts ? flagged.where(functions.col(QUARANTINE)) : flagged.limit(0).withColumn(FAILED, functions.array().cast("array<string>"));
    return rows.select(out.toArray(Column[]::new));
  }

  /** {rows, dropped, quarantined}, in one aggregation (none when nothing acts: then only rows is unknown, -1). */
  public long[] counts() {
    if (!acts) {
      return new long[] {-1, 0, 0};
    }
    Row r =
        flagged
            .agg(
                functions.count(functions.lit(1)),
                functions.count(functions.when(functions.col(DROP), functions.lit(1))),
                functions.count(functions.when(functions.col(QUARANTINE), functions.lit(1))))
            .first();
    return new long[] {r.getLong(0), r.getLong(1), r.getLong(2)};
  }

  private Column[] original() {
    return columns.stream().map(ConstraintPlan::col).toArray(Column[]::new);
  }

  private static Column any(List<Column> conditions) {
    return conditions.stream().reduce(Column::or).orElse(functions.lit(false));
  }

  /** How {@code _mesh_failed} names a constraint: its {@code name}, else {@code check(columns)}. */
  static String name(ConstraintSpec spec) {
    return spec.name() != null && !spec.name().isBlank() ? spec.name() : spec.label();
  }

  private static Optional<Dataset<Row>> referenceJoin(
      ConstraintSpec spec, Constraint.References ref, Dataset<Row> flagged, Dataset<Row> data, VerificationContext context, String marker) {
    String product = ref.product();
    String refColumn = ref.refColumn();
    String column = ref.column();
    if (java.util.Arrays.stream(data.columns()).noneMatch(column::equalsIgnoreCase)) {
      return Optional.empty();
    }
    if (context == null || context.certifiedReader() == null) {
      throw new ContractException(
          Problem.at(spec.location(), spec.label() + ": on-fail = " + action(spec) + " needs a verification context that can read " + product));
    }
    Dataset<Row> referenced;
    try {
      referenced = context.certifiedReader().apply(ProductRef.parse(product));
    } catch (MeshException e) {
      return Optional.empty(); // the gate reports that the referenced product cannot be read
    }
    StructField target;
    try {
      target = ConstraintPlan.present(referenced, refColumn);
    } catch (ConstraintPlan.Invalid e) {
      return Optional.empty();
    }
    Dataset<Row> keys = referenced.select(ConstraintPlan.col(target.name()).as(marker)).where(functions.col(marker).isNotNull()).distinct();
    return Optional.of(flagged.join(keys, ConstraintPlan.col(column).equalTo(functions.col(marker)), "left_outer"));
  }
}
