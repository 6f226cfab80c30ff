package io.meshwork.examples.ml;

import static org.apache.spark.sql.functions.col;

import com.typesafe.config.Config;
import io.meshwork.core.Mesh;
import io.meshwork.core.contract.ContractRepository;
import io.meshwork.jobs.ml.MeshMl;
import io.meshwork.jobs.ml.ModelVersion;
import io.meshwork.jobs.ml.TrainingRun;
import io.meshwork.jobs.ml.TrainingSet;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Trains the sample churn model: a Spark MLlib logistic regression on a point-in-time training set
 * that joins the labels in {@code sample-data/ml/churn_labels.csv} to the feature set
 * {@code features.customer_activity}, and registers it as {@code model:churn}.
 *
 * <pre>{@code
 * ModelVersion v = ChurnModel.train(mesh, platform.contracts(), platform.config());
 * // bin/mesh lineage upstream model:churn  ->  features.customer_activity, crm.customers, sales.orders
 * }</pre>
 */
public final class ChurnModel {
  /** The model's name: lineage node {@code model:churn}. */
  public static final String NAME = "churn";
  /** The feature set trained on. */
  public static final String FEATURE_SET = "features.customer_activity";
  /** The labels, relative to the project directory. */
  public static final String LABELS = "sample-data/ml/churn_labels.csv";
  /** The features fed to the model. */
  public static final List<String> FEATURES = List.of("order_count", "total_amount", "days_as_customer");

  private static final StructType LABEL_SCHEMA =
      new StructType()
          .add("customer_id", DataTypes.StringType, false)
          .add("label_time", DataTypes.TimestampType, false)
          .add("churned", DataTypes.IntegerType, false);

  private ChurnModel() {}

  /**
   * Trains and registers the next version of {@code model:churn} from the latest certified
   * version of {@value #FEATURE_SET}.
   *
   * @param contracts the project's contracts; the labels are read from its project directory
   * @param config the platform configuration (its {@code lineage} block)
   */
  public static ModelVersion train(Mesh mesh, ContractRepository contracts, Config config) {
    MeshMl ml = MeshMl.of(mesh, contracts, config);
    Dataset<Row> labels =
        mesh.spark().read().option("header", "true").option("timestampFormat", "yyyy-MM-dd HH:mm:ss").option("mode", "FAILFAST")
            .schema(LABEL_SCHEMA).csv(contracts.projectDir().resolve(LABELS).toString());

    TrainingRun run = ml.newTrainingRun(NAME);
    PipelineModel model;
    try {
      TrainingSet set = run.trainingSet(labels, FEATURE_SET);
      Dataset<Row> data = set.rows().na().fill(0, FEATURES.toArray(String[]::new)).withColumn("label", col("churned").cast("double"));
      for (String f : FEATURES) {
        data = data.withColumn(f, col(f).cast("double"));
      }
      LogisticRegression lr = new LogisticRegression().setMaxIter(100).setRegParam(0.01).setElasticNetParam(0.0);
      Pipeline pipeline =
          new Pipeline().setStages(new PipelineStage[] {new VectorAssembler().setInputCols(FEATURES.toArray(String[]::new)).setOutputCol("features"), lr});
      model = pipeline.fit(data);
      Dataset<Row> scored = model.transform(data);
      run.param("algorithm", "LogisticRegression")
          .param("maxIter", lr.getMaxIter())
          .param("regParam", lr.getRegParam())
          .param("elasticNetParam", lr.getElasticNetParam())
          .param("features", String.join(",", FEATURES))
          .metric("train_auc", new BinaryClassificationEvaluator().setMetricName("areaUnderROC").evaluate(scored))
          .metric("train_accuracy", new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored));
    } catch (RuntimeException e) {
      run.abort("training failed: " + e);
      throw e;
    }
    return run.commit(model);
  }
}
