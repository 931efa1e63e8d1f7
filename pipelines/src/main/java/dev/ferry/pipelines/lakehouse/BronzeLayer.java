package dev.ferry.pipelines.lakehouse;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.plan.BronzeTable;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.pipelines.plan.Sources;
import dev.ferry.pipelines.plan.TableSteps;
import dev.ferry.pipelines.run.RunContext;
import dev.ferry.schemas.convert.DeltaSchemas;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.schemas.sql.RowFilter;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.deadletter.WriteDeadLetters;
import dev.ferry.transforms.delta.CursorValues;
import dev.ferry.transforms.delta.DeltaHistory;
import dev.ferry.transforms.delta.DeltaTableSpec;
import dev.ferry.transforms.lake.DayRange;
import dev.ferry.transforms.lake.IngestStamp;
import dev.ferry.transforms.read.RangeReader;
import dev.ferry.transforms.read.ReadTable;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * The bronze layer: every selected table's rows as read into its bronze Delta table, with the
 * ingest columns; rows whose values do not fit their types into one {@code _dead_letters} table.
 * Bronze keeps what the source held: the job's normalizations and rules apply in silver, so
 * changing them and rebuilding silver needs no new read.
 *
 * <p>Each table commits once per run, with the run id as its Delta transaction id, so a re-run of
 * the same run id appends nothing. A normal run appends; a table with a {@code target.cursor} reads
 * only rows at or past the value its last commit recorded, and records the new highest value; a
 * backfill reads its days of the date-partitioned tables and replaces those partitions.
 */
public final class BronzeLayer {

  private BronzeLayer() {}

  public static Pipeline build(
      JobPlan plan, RunContext run, PipelineOptions options, LakeLayers layers) {
    Pipeline pipeline = Pipeline.create(options);
    expandInto(pipeline, plan, run, layers);
    return pipeline;
  }

  /** Adds the job's steps to {@code pipeline} (a TestPipeline in tests). */
  public static void expandInto(
      Pipeline pipeline, JobPlan plan, RunContext run, LakeLayers layers) {
    Job job = plan.job();
    IngestStamp stamp = new IngestStamp(run.startedAt(), plan.inventory().source(), run.runId());
    String appId = LakeIds.of(job, run, Layer.BRONZE);
    ReadOptions options = TableSteps.readOptions(job);
    List<PCollection<FailedRow>> failures = new ArrayList<>();
    for (BronzeTable table : layers.tables(plan)) {
      String name = table.source().name();
      DeltaTableSpec spec =
          DeltaTableSpec.of(table.path(), name, table.dataColumns())
              .withPartitionColumns(table.partitionNames())
              .withPrimaryKey(table.source().primaryKey())
              .withTransaction(appId, 1)
              .withTargetFileBytes(job.target().lakeFileBytes());
      Optional<RowFilter> filter = Optional.empty();
      if (layers.backfill().isPresent()) {
        DayRange days = layers.backfill().get();
        filter =
            Optional.of(
                RowFilter.on(table.source(), table.partitionColumn().orElseThrow())
                    .withinDays(days.from(), days.to(), ZoneOffset.UTC));
        spec = spec.replacing(days.partitions(lakePartitionNames(table)));
      } else if (job.target().cursor().containsKey(name)) {
        String cursor = job.target().cursor().get(name);
        filter =
            lastCursor(table, cursor).map(v -> RowFilter.on(table.source(), cursor).atLeast(v));
        spec = spec.withCursor(cursor);
      }
      RangeReader reader =
          filter.isPresent()
              ? Sources.reader(job.source(), table.source(), options, filter.get())
              : Sources.reader(job.source(), table.source(), options);
      failures.add(
          pipeline.apply(
              "Load " + name, new LoadBronzeTable(ReadTable.from(reader), table, stamp, spec)));
    }
    PCollectionList.of(failures)
        .apply("All rejected rows", Flatten.pCollections())
        .apply("Write dead letters", WriteDeadLetters.to(plan.deadLetterPath(), stamp, appId));
  }

  /** The highest cursor value bronze recorded, typed as the column, or empty on a first run. */
  private static Optional<Object> lastCursor(BronzeTable table, String cursor) {
    ColumnType type = table.source().column(cursor).orElseThrow().type();
    return DeltaHistory.recorded(table.path(), DeltaHistory.cursorKey(cursor))
        .map(text -> CursorValues.parse(text, type));
  }

  /** The year/month/day partition columns' names in the Delta log. */
  private static List<String> lakePartitionNames(BronzeTable table) {
    List<Column> partitions =
        table.rowColumns().subList(table.dataColumns().size(), table.rowColumns().size());
    return DeltaSchemas.partitionNames(table.dataColumns(), partitions);
  }
}
