package dev.ferry.pipelines.lakehouse;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.plan.BronzeTable;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.pipelines.plan.Sources;
import dev.ferry.pipelines.plan.TableSteps;
import dev.ferry.pipelines.run.RunContext;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.deadletter.WriteDeadLetters;
import dev.ferry.transforms.lake.IngestStamp;
import dev.ferry.transforms.read.ReadTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * The lakehouse job: every selected table into its bronze Delta table, every rejected row into one
 * {@code _dead_letters} Delta table. Tables load in parallel; each commits once, with the run id as
 * its Delta transaction id, so a re-run of the same run id appends nothing.
 *
 * <pre>{@code
 * Pipeline p = LakehousePipeline.build(JobPlan.of(job), RunContext.startNow(), options);
 * }</pre>
 */
public final class LakehousePipeline {

  private LakehousePipeline() {}

  public static Pipeline build(JobPlan plan, RunContext run, PipelineOptions options) {
    Pipeline pipeline = Pipeline.create(options);
    expandInto(pipeline, plan, run);
    return pipeline;
  }

  /** Adds the job's steps to {@code pipeline} (a TestPipeline in tests). */
  public static void expandInto(Pipeline pipeline, JobPlan plan, RunContext run) {
    Job job = plan.job();
    IngestStamp stamp = new IngestStamp(run.startedAt(), plan.inventory().source(), run.runId());
    String appId = "ferry:" + job.name() + ":" + run.runId();
    ReadOptions options = TableSteps.readOptions(job);

    List<PCollection<FailedRow>> failures = new ArrayList<>();
    for (BronzeTable table : plan.tables()) {
      String name = table.source().name();
      failures.add(
          pipeline.apply(
              "Load " + name,
              new LoadBronzeTable(
                  ReadTable.from(Sources.reader(job.source(), table.source(), options)),
                  table,
                  TableSteps.normalizations(job, table.source()),
                  TableSteps.rules(plan.rulesFor(name)),
                  stamp,
                  appId)));
    }
    PCollectionList.of(failures)
        .apply("All rejected rows", Flatten.pCollections())
        .apply("Write dead letters", WriteDeadLetters.to(plan.deadLetterPath(), stamp, appId));
  }
}
