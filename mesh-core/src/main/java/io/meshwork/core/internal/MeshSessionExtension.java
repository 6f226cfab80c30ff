package io.meshwork.core.internal;

import io.meshwork.core.model.AccessDeniedException;
import io.meshwork.core.model.ExitCode;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.publish.Publisher;
import io.meshwork.core.read.internal.ProductReads;
import io.meshwork.core.read.internal.ReadMarker;
import io.meshwork.core.read.internal.SqlReadAudit;
import io.meshwork.core.storage.internal.ProductWrites;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.SparkSessionExtensionsProvider;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.rules.Rule;
import scala.Function1;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * Meshwork's Spark session extension: in every session that has it, a data product table
 * changes only through Meshwork's quality gate.
 *
 * <p>Its check rule refuses {@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code MERGE},
 * {@code ALTER}, {@code DROP}, {@code TRUNCATE}, {@code OPTIMIZE}, {@code VACUUM}, {@code RESTORE}
 * and DataFrame writes ({@code save(path)}, {@code saveAsTable}, {@code insertInto},
 * {@code writeTo}) whose target is a product table, recognised by the {@code mesh.product}
 * property {@link Publisher} stamps on it (not by its path or name), unless they run inside
 * Meshwork's own publish or maintenance. The refusal is a {@link MeshException} with exit code
 * {@link ExitCode#GOVERNANCE}, naming the product and the gated ways to change it.
 *
 * <p>Its resolution rule applies every product's read policy to every read of it (masks, row
 * filter, refusal; {@link ProductReads}), once, marked by a {@link ReadMarker} that an optimizer
 * rule removes again; a query listener records the SQL reads in the audit table ({@link SqlReadAudit}).
 *
 * <p>Registered in {@code META-INF/services/org.apache.spark.sql.SparkSessionExtensionsProvider},
 * so Spark applies it to every session built while the Meshwork jar is on the classpath; it may
 * also be named in {@code spark.sql.extensions}.
 */
public final class MeshSessionExtension implements SparkSessionExtensionsProvider {
  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    extensions.injectCheckRule(new WriteCheckBuilder());
    extensions.injectResolutionRule(new ReadRuleBuilder());
    extensions.injectOptimizerRule(new UnmarkRuleBuilder());
    return BoxedUnit.UNIT;
  }

  private static final class ReadRuleBuilder extends AbstractFunction1<SparkSession, Rule<LogicalPlan>> {
    @Override
    public Rule<LogicalPlan> apply(SparkSession spark) {
      return new ReadRule(spark);
    }
  }

  /** Applies the read policies; registers the SQL read audit with the session on first use. */
  private static final class ReadRule extends Rule<LogicalPlan> {
    private final SparkSession spark;
    private final AtomicBoolean listening = new AtomicBoolean();

    ReadRule(SparkSession spark) {
      this.spark = spark;
    }

    @Override
    public LogicalPlan apply(LogicalPlan plan) {
      if (listening.compareAndSet(false, true)) {
        spark.listenerManager().register(new SqlReadAudit(spark));
      }
      return ProductReads.guard(spark, plan);
    }
  }

  private static final class UnmarkRuleBuilder extends AbstractFunction1<SparkSession, Rule<LogicalPlan>> {
    @Override
    public Rule<LogicalPlan> apply(SparkSession spark) {
      return new UnmarkRule();
    }
  }

  private static final class UnmarkRule extends Rule<LogicalPlan> {
    @Override
    public LogicalPlan apply(LogicalPlan plan) {
      return ProductReads.unmark(plan);
    }
  }

  /** The error for a write to a product table outside Meshwork's gate. */
  static MeshException refusal(ProductWrites.Target t) {
    String p = t.product();
    return new AccessDeniedException(
        "Refused " + t.operation() + " on data product " + p + " (" + t.location() + "): a product table changes only through "
            + "Meshwork's quality gate. Publish with `bin/mesh run " + p + "`; correct published data with `bin/mesh run " + p
            + " --date <run date> --restate` or `bin/mesh erase " + p + " --where \"<predicate>\" --reason \"<why>\"`.");
  }

  private static final class WriteCheckBuilder extends AbstractFunction1<SparkSession, Function1<LogicalPlan, BoxedUnit>> {
    @Override
    public Function1<LogicalPlan, BoxedUnit> apply(SparkSession spark) {
      return new WriteCheck(spark);
    }
  }

  private static final class WriteCheck extends AbstractFunction1<LogicalPlan, BoxedUnit> {
    private final SparkSession spark;

    WriteCheck(SparkSession spark) {
      this.spark = spark;
    }

    @Override
    public BoxedUnit apply(LogicalPlan plan) {
      if (!ProductWrites.isCertified()) {
        List<ProductWrites.Target> targets = ProductWrites.targets(spark, plan);
        if (!targets.isEmpty()) {
          throw refusal(targets.get(0));
        }
      }
      return BoxedUnit.UNIT;
    }
  }
}
