package dev.ferry.pipelines.dump;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.pipelines.plan.Sources;
import dev.ferry.pipelines.plan.TableSteps;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.dump.DumpFile;
import dev.ferry.transforms.dump.DumpShardSink;
import dev.ferry.transforms.dump.FinishDump;
import dev.ferry.transforms.dump.WriteRejectedFiles;
import dev.ferry.transforms.load.LoadTable;
import dev.ferry.transforms.read.ReadTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * The dump job: every selected table read in parallel key ranges, normalized and validated, and
 * streamed into compressed COPY text shards; rejected rows into {@code rejected/}; then {@code
 * restore.sql}, {@code SHA256SUMS} and {@code manifest.json} once every shard is complete.
 */
public final class DumpPipeline {

  private DumpPipeline() {}

  public static Pipeline build(DumpRun dump, PipelineOptions options) {
    Pipeline pipeline = Pipeline.create(options);
    expandInto(pipeline, dump);
    return pipeline;
  }

  /** Adds the job's steps to {@code pipeline} (a TestPipeline in tests). */
  public static void expandInto(Pipeline pipeline, DumpRun dump) {
    JobPlan plan = dump.plan().job();
    Job job = plan.job();
    ReadOptions options = TableSteps.readOptions(job);
    List<PCollection<DumpFile>> files = new ArrayList<>();
    List<PCollection<FailedRow>> failures = new ArrayList<>();
    for (Table table : plan.selected()) {
      DumpShardSink sink =
          DumpShardSink.of(dump.dir(), table.name(), table.columns())
              .withCompression(dump.plan().compression())
              .withNulBytes(dump.plan().nulBytes())
              .withShardRows(dump.plan().shardRows())
              .withLevel(dump.plan().compressionLevel());
      LoadTable<DumpFile> load =
          LoadTable.from(ReadTable.from(Sources.reader(plan, table, options)))
              .through(
                  TableSteps.rowSteps(
                      table,
                      TableSteps.normalizations(job, table),
                      TableSteps.rules(plan.rulesFor(table.name()))))
              .into(sink, DumpShardSink.CODER);
      PCollectionTuple out = pipeline.apply("Dump " + table.name(), load);
      files.add(out.get(load.results()));
      failures.add(out.get(LoadTable.FAILED));
    }
    files.add(
        PCollectionList.of(failures)
            .apply("All rejected rows", Flatten.pCollections())
            .apply(
                "Write rejected rows",
                WriteRejectedFiles.to(dump.dir(), dump.plan().compression())));
    PCollectionList.of(files)
        .apply("All files", Flatten.pCollections())
        .apply("Finish dump", FinishDump.with(dump.spec()));
  }
}
