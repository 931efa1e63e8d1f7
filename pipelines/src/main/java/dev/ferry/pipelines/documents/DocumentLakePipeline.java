package dev.ferry.pipelines.documents;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.job.SourceSpec.SourceKind;
import dev.ferry.pipelines.job.TargetSpec.TargetKind;
import dev.ferry.pipelines.plan.BronzeTable;
import dev.ferry.pipelines.plan.CollectionPlan;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.pipelines.run.RunContext;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.deadletter.WriteDeadLetters;
import dev.ferry.transforms.lake.IngestStamp;
import dev.ferry.transforms.metrics.TableMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * The lakehouse job of a {@code mongodb} source. Per collection:
 *
 * <ul>
 *   <li><b>bronze</b>: {@code <lake>/bronze/<collection>/}, every document read, raw ({@code _id}
 *       and {@code document} as Extended JSON) with the ingest columns, partitioned by the ingest
 *       date; nothing is rejected there;
 *   <li><b>silver</b>: {@code <lake>/silver/<table>/} for every table the documents flatten into,
 *       its columns plus the ingest columns, partitioned by the ingest date or the {@code
 *       target.partition_by} column. A document lands in all its silver tables or, with its reason,
 *       in {@code <lake>/_dead_letters} and in none.
 * </ul>
 *
 * <p>Every table commits once, with the run id as its Delta transaction id, so a re-run of the same
 * run id appends nothing anywhere (dead letters included).
 *
 * <pre>{@code
 * JobPlan plan = JobPlan.of(job);
 * Pipeline p = DocumentLakePipeline.build(plan, RunContext.startNow(), options);
 * List<String> summaryTables = DocumentLakePipeline.tableNames(plan);
 * }</pre>
 */
public final class DocumentLakePipeline {

  private DocumentLakePipeline() {}

  public static Pipeline build(JobPlan plan, RunContext run, PipelineOptions options) {
    Pipeline pipeline = Pipeline.create(options);
    expandInto(pipeline, plan, run);
    return pipeline;
  }

  /** Adds the job's steps to {@code pipeline} (a TestPipeline in tests). */
  public static void expandInto(Pipeline pipeline, JobPlan plan, RunContext run) {
    Job job = plan.job();
    if (job.source().kind() != SourceKind.MONGODB || job.target().kind() != TargetKind.LAKEHOUSE) {
      throw new IllegalArgumentException(
          "DocumentLakePipeline runs mongodb sources into lakehouse targets, not "
              + job.source().kind()
              + " into "
              + job.target().kind());
    }
    IngestStamp stamp = new IngestStamp(run.startedAt(), plan.inventory().source(), run.runId());
    String appId = "ferry:" + job.name() + ":" + run.runId();
    Map<String, BronzeTable> silver =
        plan.tables().stream()
            .collect(Collectors.toMap(t -> t.source().name(), Function.identity()));

    List<PCollection<FailedRow>> failures = new ArrayList<>();
    for (CollectionPlan collection : plan.collections()) {
      String name = collection.collection();
      List<BronzeTable> tables =
          collection.flatten().tables().stream().map(t -> silver.get(t.name())).toList();
      failures.add(
          pipeline.apply(
              "Load " + name,
              new LoadCollectionIntoLake(
                  DocumentReads.of(plan, collection),
                  BronzeTable.ofDocuments(name, job.target().path()),
                  tables,
                  DocumentSteps.of(plan, collection),
                  stamp,
                  appId)));
    }
    PCollectionList.of(failures)
        .apply("All rejected documents", Flatten.pCollections())
        .apply("Write dead letters", WriteDeadLetters.to(plan.deadLetterPath(), stamp, appId));
  }

  /**
   * The names the run's counts are kept under, in the order a summary lists them: per collection,
   * its documents ({@code TableMetrics.documents}: read = written to silver + rejected), its raw
   * bronze table ({@code TableMetrics.bronze}: read = written), then each silver table (read =
   * written).
   */
  public static List<String> tableNames(JobPlan plan) {
    List<String> names = new ArrayList<>();
    for (CollectionPlan c : plan.collections()) {
      names.add(TableMetrics.documents(c.collection()));
      names.add(TableMetrics.bronze(c.collection()));
      c.flatten().tables().stream().map(Table::name).forEach(names::add);
    }
    return names;
  }
}
