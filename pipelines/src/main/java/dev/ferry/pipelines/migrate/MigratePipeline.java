package dev.ferry.pipelines.migrate;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.plan.Sources;
import dev.ferry.pipelines.plan.TableSteps;
import dev.ferry.pipelines.run.RunContext;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.postgres.NulBytes;
import dev.ferry.transforms.postgres.WritePostgresDeadLetters;
import dev.ferry.transforms.read.ReadTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * The migrate job: every selected table read in parallel key ranges and written into its PostgreSQL
 * table with COPY, every rejected row into the target's {@code ferry_dead_letters}. Tables of one
 * load wave run in parallel; a wave starts when the previous one has committed.
 *
 * <pre>{@code
 * MigratePlan plan = MigratePlan.of(JobPlan.of(job));
 * TargetSchema.Prepared ready = TargetSchema.prepare(plan, runId); // create / check / truncate
 * MigratePipeline.build(plan, RunContext.startNow(), options).run();
 * TargetSchema.finish(plan, ready);            // keys, indexes, foreign keys, sequences
 * }</pre>
 */
public final class MigratePipeline {

  private MigratePipeline() {}

  public static Pipeline build(MigratePlan plan, RunContext run, PipelineOptions options) {
    Pipeline pipeline = Pipeline.create(options);
    expandInto(pipeline, plan, run);
    return pipeline;
  }

  /** Adds the job's steps to {@code pipeline} (a TestPipeline in tests). */
  public static void expandInto(Pipeline pipeline, MigratePlan plan, RunContext run) {
    Job job = plan.job().job();
    ReadOptions options = TableSteps.readOptions(job);
    Map<String, Table> tables = new HashMap<>();
    plan.job().selected().forEach(t -> tables.put(t.name(), t));

    List<PCollection<FailedRow>> failures = new ArrayList<>();
    List<PCollection<?>> previousWave = List.of();
    for (List<String> wave : plan.waves()) {
      List<PCollection<?>> committed = new ArrayList<>();
      for (String name : wave) {
        Table table = tables.get(name);
        LoadPostgresTable load =
            new LoadPostgresTable(
                ReadTable.from(Sources.reader(plan.job(), table, options)),
                plan.target(),
                plan.targets().get(name),
                TableSteps.normalizations(job, table),
                TableSteps.rules(plan.job().rulesFor(name)),
                previousWave,
                NulBytes.valueOf(job.target().nulBytes().name()));
        PCollectionTuple result = pipeline.apply("Load " + name, load);
        failures.add(result.get(LoadPostgresTable.FAILED));
        committed.add(result.get(LoadPostgresTable.WRITTEN));
      }
      previousWave = committed;
    }
    PCollectionList.of(failures)
        .apply("All rejected rows", Flatten.pCollections())
        .apply(
            "Write dead letters",
            WritePostgresDeadLetters.to(plan.target(), plan.schema(), job.name(), run.runId()));
  }
}
