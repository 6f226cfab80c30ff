package io.meshwork.quality.internal;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueFactory;
import io.meshwork.core.model.Constraint;
import io.meshwork.core.model.ConstraintResult.Status;
import io.meshwork.core.model.ConstraintResult;
import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.ProductRef;
import io.meshwork.core.publish.VerificationContext;
import io.meshwork.quality.internal.ConstraintPlan.Invalid;
import io.meshwork.quality.internal.DeequChecks.Kind;
import io.meshwork.quality.internal.DeequChecks.Measured;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The checks that need a {@link VerificationContext}: {@code references} (another product's
 * certified version), {@code freshness} (the run date) and {@code anomaly} (metrics history).
 */
final class ContextChecks {
  /** Freshness measures the maximum of a derived column {@code _mesh_newest_<column>} (epoch seconds). */
  static final String NEWEST_PREFIX = "_mesh_newest_";

  private static final DateTimeFormatter INSTANT = DateTimeFormatter.ISO_INSTANT;

  private ContextChecks() {}

  // ---- references ---------------------------------------------------------------------------

  /**
   * Among the rows with a value in {@code column}, the fraction whose value occurs in {@code
   * ref-column} of the referenced product's certified version. NULLs are left to completeness.
   * Computed with one outer join against the distinct referenced values (Deequ's
   * {@code ReferentialIntegrity.subsetCheck} divides distinct missing values by rows and only
   * answers true/false, so it cannot give the fraction or the examples).
   */
  static ConstraintPlan references(ConstraintSpec spec, Constraint.References rule, Dataset<Row> data, VerificationContext context) {
    String c = ConstraintPlan.column(data, rule.column(), null);
    String refText = rule.product();
    String refColumn = rule.refColumn();
    ProductRef ref;
    try {
      ref = ProductRef.parse(refText);
    } catch (MeshException e) {
      throw new Invalid("'product' must be <domain>.<name> or <domain>.<name>@<data version>, got '" + refText + "'");
    }
    double fraction = ConstraintPlan.fraction(rule.minFraction());
    if (context.certifiedReader() == null) {
      throw new Invalid("the verification context cannot read other products");
    }
    String metric = "references(" + c + ")";
    String threshold = Numbers.threshold(fraction, null, false);
    return ConstraintPlan.evaluated(spec, List.of(), Map.of(), (measured, rows, d, env) -> {
      Dataset<Row> referenced;
      try {
        referenced = context.certifiedReader().apply(ref);
      } catch (MeshException e) {
        return failed(spec, null, null, rows, Messages.cannotVerify(spec, "the referenced product cannot be read: " + e.getMessage()));
      }
      StructField target;
      try {
        target = ConstraintPlan.present(referenced, refColumn);
      } catch (Invalid e) {
        return failed(spec, null, null, rows, Messages.cannotVerify(spec, "in " + ref + ": " + e.getMessage()));
      }
      Dataset<Row> keys = referenced.select(ConstraintPlan.col(target.name()).as("_mesh_ref")).where("_mesh_ref IS NOT NULL").distinct();
      Dataset<Row> values = d.select(ConstraintPlan.col(c).as("_mesh_value")).where("_mesh_value IS NOT NULL");
      Column matches = functions.col("_mesh_value").equalTo(functions.col("_mesh_ref"));
      Row counts = values.join(keys, matches, "left_outer").agg(functions.count(functions.lit(1)), functions.count(functions.col("_mesh_ref"))).first();
      long present = counts.getLong(0);
      if (present == 0) {
        return new ConstraintResult(spec, Status.PASSED, null, threshold, rows, null);
      }
      double found = (double) counts.getLong(1) / present;
      String observed = Numbers.observed(found, false, fraction, null);
      if (found >= fraction) {
        return new ConstraintResult(spec, Status.PASSED, observed, threshold, rows, null);
      }
      List<String> examples = ConstraintPlan.examples(values.join(keys, matches, "left_anti").select("_mesh_value").distinct().orderBy("_mesh_value"), false);
      String message =
          Messages.violated(spec, metric, threshold, observed, rows)
              + " (examples not found in " + ref + "." + target.name() + ": " + String.join(", ", examples) + ")";
      return failed(spec, observed, threshold, rows, message);
    });
  }

  // ---- freshness ----------------------------------------------------------------------------

  /**
   * The newest value of a timestamp or date column must be at most {@code max-age} older than the
   * end of the run date (midnight UTC after it): {@code max-age = 1d} asks for a value on the run
   * date itself. Dates count from their midnight UTC. The newest value is Deequ's maximum of a
   * derived epoch-seconds column, computed in the same pass as the other metrics.
   */
  static ConstraintPlan freshness(ConstraintSpec spec, Constraint.Freshness rule, Dataset<Row> data, VerificationContext context) {
    String c = ConstraintPlan.column(data, rule.column(), null);
    DataType type = ConstraintPlan.present(data, c).dataType();
    Column seconds;
    if (type instanceof DateType) {
      seconds = functions.unix_date(ConstraintPlan.col(c)).cast("double").multiply(86_400.0);
    } else if (type instanceof TimestampType || type instanceof TimestampNTZType) {
      seconds = functions.unix_micros(ConstraintPlan.col(c).cast("timestamp")).cast("double").divide(1e6);
    } else {
      throw new Invalid("column '" + c + "' is " + type.simpleString() + ", not a timestamp or date");
    }
    String ageText = rule.maxAge();
    Duration maxAge;
    try {
      maxAge = ConfigValueFactory.fromAnyRef(ageText).atKey("d").getDuration("d");
    } catch (ConfigException e) {
      throw new Invalid("'max-age' must be a duration (for example 24h, 30m, 7d), got '" + ageText + "'");
    }
    String derived = NEWEST_PREFIX + c;
    Instant end = context.runDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    String metric = "freshness(" + c + ")";
    String threshold = "at most " + ageText + " old at the end of run date " + context.runDate();
    return ConstraintPlan.evaluated(
        spec,
        List.of(new DeequChecks.Measure(Kind.MAXIMUM, List.of(derived), List.of(), null, null, spec.blocking())),
        Map.of(derived, seconds),
        (measured, rows, d, env) -> {
          Measured newest = measured.get(0);
          if (newest.error() != null) {
            return failed(spec, null, threshold, rows, Messages.notComputed(spec, metric, threshold, rows, newest.error()));
          }
          if (newest.value() == null) {
            return failed(spec, null, threshold, rows, Messages.undefined(spec, metric, threshold, rows));
          }
          long micros = Math.round(newest.value() * 1e6);
          Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
          Duration age = Duration.between(at, end);
          String observed = age(age) + " old (newest " + INSTANT.format(at) + ")";
          if (age.compareTo(maxAge) <= 0) {
            return new ConstraintResult(spec, Status.PASSED, observed, threshold, rows, null);
          }
          return failed(spec, observed, threshold, rows, Messages.violated(spec, metric, threshold, observed, rows));
        });
  }

  /** {@code 2d 3h}, {@code 45m}, {@code 0s}; negative ages (newer than the end of the run date) as {@code 0s}. */
  static String age(Duration d) {
    if (d.isNegative() || d.isZero()) {
      return "0s";
    }
    long s = d.getSeconds();
    long[] parts = {s / 86_400, s % 86_400 / 3_600, s % 3_600 / 60, s % 60};
    String[] units = {"d", "h", "m", "s"};
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] > 0) {
        out.append(out.length() == 0 ? "" : " ").append(parts[i]).append(units[i]);
      }
    }
    return out.length() == 0 ? "0s" : out.toString();
  }

  static ConstraintResult failed(ConstraintSpec spec, String observed, String threshold, long rows, String message) {
    return new ConstraintResult(spec, spec.blocking() ? Status.FAILED : Status.WARNED, observed, threshold, rows, message);
  }
}
