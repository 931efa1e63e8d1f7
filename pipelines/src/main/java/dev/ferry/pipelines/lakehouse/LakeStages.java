package dev.ferry.pipelines.lakehouse;

import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.pipelines.run.RunContext;
import dev.ferry.pipelines.run.Stage;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * A lakehouse run of a relational source as stages, one per layer it builds: bronze from the
 * source, silver from bronze, gold from silver. Each stage's pipeline is built when the stage
 * before has committed, so it reads that commit.
 */
public final class LakeStages {

  private LakeStages() {}

  public static List<Stage> of(
      JobPlan plan, RunContext run, PipelineOptions options, LakeLayers layers) {
    List<Stage> stages = new ArrayList<>();
    if (layers.builds(Layer.BRONZE)) {
      stages.add(
          new Stage(
              Layer.BRONZE.lakeName(),
              () -> LakehousePipeline.build(plan, run, options),
              plan.tableNames()));
    }
    return stages;
  }
}
