package dev.ferry.pipelines.lakehouse;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.plan.BronzeTable;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.pipelines.plan.LakePaths;
import dev.ferry.pipelines.plan.TableSteps;
import dev.ferry.pipelines.run.RunContext;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.deadletter.WriteDeadLetters;
import dev.ferry.transforms.delta.DeltaSnapshot;
import dev.ferry.transforms.delta.DeltaTableSpec;
import dev.ferry.transforms.delta.PartitionSet;
import dev.ferry.transforms.lake.IngestStamp;
import dev.ferry.transforms.lake.LatestBronzeRows;
import dev.ferry.transforms.metrics.TableMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * The silver layer: every bronze table of the job rebuilt into {@code <lake>/silver/<table>} as
 * each key's latest row, normalized and validated by the job's rules, with rejects in the
 * dead-letter table. Each table is one replace of the partitions in its {@link SilverScope}, so a
 * re-run rewrites the same partitions to the same rows.
 *
 * <p>Silver needs only bronze: its columns, key and partitions come from the bronze table's own
 * Delta metadata, so {@code --layers silver} works when the source is gone.
 */
public final class SilverLayer {

  private SilverLayer() {}

  public static Pipeline build(
      JobPlan plan, RunContext run, PipelineOptions options, LakeLayers layers) {
    Pipeline pipeline = Pipeline.create(options);
    expandInto(pipeline, plan, run, layers);
    return pipeline;
  }

  /** The names the silver tables are counted under, in plan order. */
  public static List<String> tableNames(JobPlan plan, LakeLayers layers) {
    return layers.tables(plan).stream().map(t -> TableMetrics.silver(t.source().name())).toList();
  }

  public static void expandInto(
      Pipeline pipeline, JobPlan plan, RunContext run, LakeLayers layers) {
    Job job = plan.job();
    IngestStamp stamp = new IngestStamp(run.startedAt(), plan.inventory().source(), run.runId());
    String appId = LakeIds.of(job, run, Layer.SILVER);
    List<PCollection<FailedRow>> failures = new ArrayList<>();
    for (BronzeTable table : layers.tables(plan)) {
      String name = table.source().name();
      DeltaSnapshot bronze = DeltaSnapshot.load(table.path());
      String path = path(job, name);
      PartitionSet scope = SilverScope.of(table, bronze, path, layers);
      List<String> key = key(table, bronze);
      LatestBronzeRows latest =
          LatestBronzeRows.of(
              bronze,
              name,
              TableMetrics.silver(name),
              scope,
              table.partitionColumn().isPresent(),
              key,
              job.target().cursor().get(name),
              BronzeTable.INGESTED_AT);
      DeltaTableSpec spec =
          DeltaTableSpec.of(path, name, bronze.columns())
              .withPartitionColumns(bronze.partitionColumns().stream().map(Column::name).toList())
              .withPrimaryKey(key)
              .withTransaction(appId, 1)
              .withTargetFileBytes(job.target().lakeFileBytes())
              .replacing(scope)
              .withCommitInfo(Map.of(SilverScope.BUILT_FROM, Long.toString(bronze.version())))
              .countedAs(TableMetrics.silver(name));
      failures.add(
          pipeline.apply(
              "Silver " + name,
              new LoadSilverTable(
                  latest,
                  latest.table(),
                  TableSteps.normalizations(job, table.source()),
                  TableSteps.rules(plan.rulesFor(name)),
                  spec)));
    }
    PCollectionList.of(failures)
        .apply("All rejected rows", Flatten.pCollections())
        .apply(
            "Write dead letters",
            WriteDeadLetters.to(plan.deadLetterPath(), stamp, appId)
                .countedAs(TableMetrics::silver));
  }

  /** Where the silver table of {@code table} lives: {@code <lake>/silver/<table>}. */
  static String path(Job job, String table) {
    return LakePaths.join(job.target().path(), Layer.SILVER.lakeName(), table);
  }

  /**
   * What silver deduplicates on: the primary key bronze recorded, else (a table without one) every
   * source column, so only exact repeats of a row collapse.
   */
  private static List<String> key(BronzeTable table, DeltaSnapshot bronze) {
    if (!bronze.primaryKey().isEmpty()) {
      return bronze.primaryKey();
    }
    Set<String> ingest = Set.of(BronzeTable.INGESTED_AT, BronzeTable.SOURCE, BronzeTable.RUN_ID);
    return bronze.columns().stream().map(Column::name).filter(n -> !ingest.contains(n)).toList();
  }
}
