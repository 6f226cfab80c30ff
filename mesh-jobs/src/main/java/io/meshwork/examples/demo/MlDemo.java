package io.meshwork.examples.demo;

import io.meshwork.core.Mesh;
import io.meshwork.examples.ml.ChurnModel;
import io.meshwork.jobs.RunReport;
import io.meshwork.jobs.cli.CliSupport;
import io.meshwork.jobs.cli.CommonOptions;
import io.meshwork.jobs.ml.ModelVersion;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The demo's ML part: train the churn model on the sample feature set and show its lineage. */
final class MlDemo {
  private MlDemo() {}

  /**
   * When {@value ChurnModel#FEATURE_SET} was published by this demo run, trains and registers
   * {@code model:churn} and prints {@code mesh lineage upstream model:churn}. Returns the model
   * version, or null when the feature set was not published.
   */
  static ModelVersion show(PrintWriter out, CommonOptions common, Mesh mesh, List<RunReport> reports) {
    boolean features = reports.stream().anyMatch(r -> r.published() && r.product().toString().equals(ChurnModel.FEATURE_SET));
    out.println();
    if (!features) {
      out.println("Skipping the churn model: " + ChurnModel.FEATURE_SET + " was not published in this run.");
      return null;
    }
    ModelVersion v = ChurnModel.train(mesh, common.platform().contracts(), common.platform().config());
    out.println(
        CliSupport.green("Trained ") + v.lineageName() + " version " + v.version() + " (Spark MLlib logistic regression) on a point-in-time training set of "
            + v.manifest().rows() + " labels from " + String.join(", ", v.manifest().featureSets().stream().map(f -> f.ref()).toList()) + ": "
            + String.format(Locale.ROOT, "train AUC %.3f, accuracy %.3f", v.manifest().metrics().get("train_auc"), v.manifest().metrics().get("train_accuracy")));
    out.println("  manifest " + io.meshwork.core.storage.Warehouse.display(new org.apache.hadoop.fs.Path(v.directory(), "manifest.json")) + "; `bin/mesh ml reproduce churn " + v.version() + "` rebuilds it and checks the checksum");
    out.println();
    out.println("bin/mesh lineage upstream " + v.lineageName() + ":");
    CliSupport.printUpstream(out, common, v.lineageName());
    return v;
  }
}
