package dev.ferry.runners;

import dev.ferry.pipelines.documents.DocumentPipeline;
import dev.ferry.pipelines.dump.DumpPipeline;
import dev.ferry.pipelines.dump.DumpPlan;
import dev.ferry.pipelines.dump.DumpRun;
import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.job.TargetSpec.TargetKind;
import dev.ferry.pipelines.lakehouse.LakeLayers;
import dev.ferry.pipelines.lakehouse.LakePreflight;
import dev.ferry.pipelines.lakehouse.LakeStages;
import dev.ferry.pipelines.migrate.MigratePipeline;
import dev.ferry.pipelines.migrate.MigratePlan;
import dev.ferry.pipelines.migrate.TargetSchema;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.pipelines.run.RunContext;
import dev.ferry.pipelines.run.Stage;
import dev.ferry.transforms.dump.DumpPaths;
import dev.ferry.transforms.metrics.TableMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * A job's pipelines, built for its target, with what {@code ferry run} does around them: the target
 * prepared before (a PostgreSQL schema created or checked, a dump's directory claimed), put back if
 * the run fails, finished after (keys, indexes, foreign keys), and the names the summary uses.
 *
 * @param stages the run's pipelines in order: one per lakehouse layer built, else one
 * @param target where rows go, for people
 * @param deadLetters where rejected rows go, for people
 * @param migrate a PostgreSQL target's plan, else null
 * @param prepared what preparing the PostgreSQL target changed, else null
 * @param dump a dump target's run, else null
 */
record JobLaunch(
    List<Stage> stages,
    String target,
    String deadLetters,
    MigratePlan migrate,
    TargetSchema.Prepared prepared,
    DumpRun dump) {

  static JobLaunch of(JobPlan plan, RunContext run, PipelineOptions options, LakeLayers layers) {
    Job job = plan.job();
    List<String> tables = new ArrayList<>();
    plan.collections().forEach(c -> tables.add(TableMetrics.documents(c.collection())));
    tables.addAll(plan.tableNames());
    if (job.target().kind() == TargetKind.DUMP) {
      LakePreflight.checkWritable(job.target().path(), "the dump");
      DumpRun dump = DumpRun.start(DumpPlan.of(plan), run, Version.current());
      return new JobLaunch(
          one("dump", DumpPipeline.build(dump, options), tables),
          "dump " + dump.dir(),
          DumpPaths.resolve(dump.dir(), DumpPaths.REJECTED) + "/",
          null,
          null,
          dump);
    }
    if (job.target().kind() == TargetKind.POSTGRES) {
      MigratePlan migrate = MigratePlan.of(plan);
      TargetSchema.Prepared prepared = TargetSchema.prepare(migrate, run.runId());
      return new JobLaunch(
          one(
              "postgres",
              plan.collections().isEmpty()
                  ? MigratePipeline.build(migrate, run, options)
                  : DocumentPipeline.build(migrate, run, options),
              tables),
          "postgres " + migrate.target().location() + " schema " + migrate.schema(),
          "table " + migrate.deadLetterTable(),
          migrate,
          prepared,
          null);
    }
    LakePreflight.checkWritable(job.target().path());
    return new JobLaunch(
        LakeStages.of(plan, run, options, layers),
        layers.describe(job.target().path()),
        plan.deadLetterPath(),
        null,
        null,
        null);
  }

  private static List<Stage> one(String name, Pipeline pipeline, List<String> tables) {
    return List.of(new Stage(name, () -> pipeline, tables));
  }

  /** Puts a PostgreSQL target back as it was before (foreign keys set aside come back). */
  void failed() {
    if (migrate != null) {
      TargetSchema.restore(migrate, prepared);
    }
  }

  /** Finishes the target after the rows are in; returns what it refused, one line each. */
  List<String> finish() {
    return migrate == null ? List.of() : TargetSchema.finish(migrate, prepared);
  }
}
