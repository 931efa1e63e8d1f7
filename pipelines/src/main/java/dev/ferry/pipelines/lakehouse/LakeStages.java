package dev.ferry.pipelines.lakehouse;

import dev.ferry.pipelines.documents.DocumentLakePipeline;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.pipelines.run.RunContext;
import dev.ferry.pipelines.run.Stage;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * A lakehouse run as stages, one per layer it builds: bronze from the source, silver from bronze,
 * gold from silver (a MongoDB source writes bronze and silver in one pass). Each stage's pipeline
 * is built when the stage before has committed, so it reads that commit.
 */
public final class LakeStages {

  private LakeStages() {}

  public static List<Stage> of(
      JobPlan plan, RunContext run, PipelineOptions options, LakeLayers layers) {
    List<Stage> stages = new ArrayList<>();
    if (!plan.collections().isEmpty()) {
      if (layers.builds(Layer.BRONZE)) {
        stages.add(
            new Stage(
                "bronze and silver",
                () -> DocumentLakePipeline.build(plan, run, options),
                DocumentLakePipeline.tableNames(plan)));
      }
    } else {
      if (layers.builds(Layer.BRONZE)) {
        stages.add(
            new Stage(
                Layer.BRONZE.lakeName(),
                () -> BronzeLayer.build(plan, run, options, layers),
                BronzeLayer.tables(plan, layers).stream().map(t -> t.source().name()).toList()));
      }
      if (layers.builds(Layer.SILVER)) {
        stages.add(
            new Stage(
                Layer.SILVER.lakeName(),
                () -> SilverLayer.build(plan, run, options, layers),
                SilverLayer.tableNames(plan, layers)));
      }
    }
    if (layers.builds(Layer.GOLD)) {
      stages.add(
          new Stage(
              Layer.GOLD.lakeName(),
              () -> GoldLayer.build(plan, run, options, layers),
              GoldLayer.tableNames(plan.job())));
    }
    return stages;
  }
}
