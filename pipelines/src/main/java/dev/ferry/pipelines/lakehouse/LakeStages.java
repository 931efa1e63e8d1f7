package dev.ferry.pipelines.lakehouse;

import dev.ferry.pipelines.documents.DocumentLakePipeline;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.pipelines.run.RunContext;
import dev.ferry.pipelines.run.Stage;
import dev.ferry.transforms.delta.DeltaHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.beam.sdk.Pipeline;
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
    if (layers.builds(Layer.GOLD)) {
      GoldTables.columns(plan); // fails before any layer is built
    }
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
                layers.tables(plan).stream().map(t -> t.source().name()).toList()));
      }
      if (layers.builds(Layer.SILVER)) {
        List<String> paths =
            layers.tables(plan).stream()
                .map(t -> SilverLayer.path(plan.job(), t.source().name()))
                .toList();
        stages.add(
            stage(
                Layer.SILVER,
                paths,
                LakeIds.of(plan.job(), run, Layer.SILVER),
                () -> SilverLayer.build(plan, run, options, layers),
                SilverLayer.tableNames(plan, layers)));
      }
    }
    if (layers.builds(Layer.GOLD)) {
      stages.add(
          stage(
              Layer.GOLD,
              plan.job().gold().stream().map(g -> GoldLayer.path(plan.job(), g.name())).toList(),
              LakeIds.of(plan.job(), run, Layer.GOLD),
              () -> GoldLayer.build(plan, run, options, layers),
              GoldLayer.tableNames(plan.job())));
    }
    return stages;
  }

  /**
   * The stage of {@code layer}, or when a run with this run id already committed every one of its
   * tables (a repeated {@code --run-id}), a stage that is skipped.
   */
  private static Stage stage(
      Layer layer,
      List<String> paths,
      String appId,
      Supplier<Pipeline> pipeline,
      List<String> tables) {
    boolean done =
        !paths.isEmpty() && paths.stream().allMatch(p -> DeltaHistory.committed(p, appId, 1));
    return done
        ? Stage.committed(layer.lakeName(), tables)
        : new Stage(layer.lakeName(), pipeline, tables);
  }
}
