package dev.ferry.pipelines.lakehouse;

import dev.ferry.pipelines.job.GoldSpec;
import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.job.JobException;
import dev.ferry.pipelines.plan.BronzeTable;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.pipelines.plan.LakePaths;
import dev.ferry.pipelines.run.RunContext;
import dev.ferry.transforms.delta.DeltaTableSpec;
import dev.ferry.transforms.delta.PartitionSet;
import dev.ferry.transforms.delta.ReadDeltaTable;
import dev.ferry.transforms.delta.WriteDeltaTable;
import dev.ferry.transforms.gold.GoldQuery;
import dev.ferry.transforms.gold.GoldQueryException;
import dev.ferry.transforms.lake.PartitionByDay;
import dev.ferry.transforms.metrics.TableMetrics;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;

/**
 * The gold layer: each of the job's gold tables computed by its SQL over the silver tables and
 * written to {@code <lake>/gold/<name>} in one commit. A gold table is rebuilt whole on every run,
 * replacing its old files (and its columns, when the SQL changed them), since any silver row may
 * change any result row; in a backfill, a gold table partitioned by day replaces only those days.
 */
public final class GoldLayer {

  private GoldLayer() {}

  public static Pipeline build(
      JobPlan plan, RunContext run, PipelineOptions options, LakeLayers layers) {
    Pipeline pipeline = Pipeline.create(options);
    expandInto(pipeline, plan, run, layers);
    return pipeline;
  }

  /** The names the gold tables are counted under, in job order. */
  public static List<String> tableNames(Job job) {
    return job.gold().stream().map(g -> TableMetrics.gold(g.name())).toList();
  }

  public static void expandInto(
      Pipeline pipeline, JobPlan plan, RunContext run, LakeLayers layers) {
    Job job = plan.job();
    String appId = LakeIds.of(job, run, Layer.GOLD);
    for (GoldSpec gold : job.gold()) {
      PCollectionTuple silver = PCollectionTuple.empty(pipeline);
      for (BronzeTable table : GoldTables.inputs(plan, gold)) {
        String name = table.source().name();
        String path = SilverLayer.path(job, name);
        silver =
            silver.and(
                name,
                pipeline.apply(
                    "Read silver " + name + " for " + gold.name(), ReadDeltaTable.at(path)));
      }
      GoldQuery query = GoldTables.query(gold);
      PCollection<Row> rows = plan(silver, query);
      String counted = TableMetrics.gold(gold.name());
      boolean byDay = gold.partitionBy() != null;
      PartitionByDay partition = PartitionByDay.of(counted, gold.partitionBy());
      PartitionSet replaced = PartitionSet.all();
      if (byDay && layers.backfill().isPresent()) {
        partition = partition.onlyDays(layers.backfill().get());
        replaced = layers.backfill().get().partitions(PartitionByDay.NAMES);
      }
      PCollection<Row> partitioned = rows.apply("Partition " + gold.name(), partition);
      DeltaTableSpec spec =
          DeltaTableSpec.of(path(job, gold.name()), gold.name(), query.columns())
              .withPartitionColumns(byDay ? PartitionByDay.NAMES : List.of())
              .withTransaction(appId, 1)
              .withTargetFileBytes(job.target().lakeFileBytes())
              .replacing(replaced)
              .countedAs(counted);
      partitioned.apply("Write " + gold.name(), WriteDeltaTable.to(spec));
    }
  }

  /** Where the gold table {@code name} lives: {@code <lake>/gold/<name>}. */
  static String path(Job job, String name) {
    return LakePaths.join(job.target().path(), Layer.GOLD.lakeName(), name);
  }

  /**
   * The query applied to the silver tables. A query Calcite rejects (an unknown table or column, a
   * syntax error) is a mistake in the job file, so it ends the run as one: exit code 2 and the
   * query's own one-line reason, not the validator's exception class.
   */
  private static PCollection<Row> plan(PCollectionTuple silver, GoldQuery query) {
    try {
      return silver.apply(query);
    } catch (GoldQueryException e) {
      throw new JobException(e.getMessage());
    }
  }

  /**
   * Whether {@code sql} names {@code table} as a word (so only the silver tables used are read).
   */
  static boolean mentions(String sql, String table) {
    return Pattern.compile(
            "(?<![A-Za-z0-9_])"
                + Pattern.quote(table.toLowerCase(Locale.ROOT))
                + "(?![A-Za-z0-9_])")
        .matcher(sql.toLowerCase(Locale.ROOT))
        .find();
  }
}
