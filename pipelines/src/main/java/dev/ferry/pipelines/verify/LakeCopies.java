package dev.ferry.pipelines.verify;

import dev.ferry.pipelines.job.Job;
import dev.ferry.pipelines.job.JobException;
import dev.ferry.pipelines.lakehouse.LakeIds;
import dev.ferry.pipelines.lakehouse.Layer;
import dev.ferry.pipelines.plan.BronzeTable;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.pipelines.plan.LakePaths;
import dev.ferry.pipelines.plan.Sources;
import dev.ferry.pipelines.plan.TableSteps;
import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.transforms.delta.DeltaFileRows;
import dev.ferry.transforms.delta.DeltaHistory;
import dev.ferry.transforms.delta.DeltaSnapshot;
import dev.ferry.transforms.read.RangeReader;
import dev.ferry.transforms.steps.RowStep;
import dev.ferry.transforms.validate.ColumnRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pairs a job's tables with their Delta tables in one lakehouse layer, at its latest version or at
 * the version {@code --version} names (time travel), projected to the source's columns by name in
 * the source's order (the ingest columns and date partitions are the lake's own).
 *
 * <ul>
 *   <li>silver (the default) holds each key's latest row after the job's normalize and rules, so
 *       the source side runs them too: rows they reject are dead letters, not missing;
 *   <li>bronze appends every run's raw rows, so only the rows of the run that appended last (its
 *       {@code _run_id}, from the transaction id of the newest appending commit) are compared, with
 *       the source read as is. A job with an incremental cursor appends only new rows per run, so
 *       its bronze shows the rest as missing: verify its silver instead.
 * </ul>
 */
final class LakeCopies {

  private LakeCopies() {}

  static VerifyPlan plan(JobPlan job, VerifyPlan.Options options) {
    Job spec = job.job();
    Layer layer = options.layer() == null ? Layer.SILVER : options.layer();
    ReadOptions read = TableSteps.readOptions(spec);
    List<TablePair> pairs = new ArrayList<>();
    Map<String, String> problems = new LinkedHashMap<>();
    Map<String, RangeReader> copies = new LinkedHashMap<>();
    for (Table t : job.selected()) {
      String path = LakePaths.join(spec.target().path(), layer.lakeName(), t.name());
      RangeReader target = null;
      try {
        target = copy(spec, t, path, layer, options.version());
        copies.put(t.name(), target);
      } catch (NotComparable e) {
        problems.put(t.name(), e.getMessage());
      }
      List<ColumnRule> rules = TableSteps.rules(job.rulesFor(t.name()));
      List<RowStep> steps =
          layer == Layer.BRONZE
              ? List.of()
              : TableSteps.rowSteps(t, TableSteps.normalizations(spec, t), rules);
      pairs.add(
          ReadBackCopies.pair(
              t,
              Sources.reader(job, t, read),
              steps,
              layer == Layer.BRONZE
                  ? List.of()
                  : rules.stream().filter(ColumnRule::unique).toList(),
              target,
              options.chunkRows()));
    }
    return new VerifyPlan(
        job,
        pairs,
        List.of(),
        ReadBackCopies.joins(job, copies),
        null,
        "lakehouse "
            + spec.target().path()
            + " "
            + layer.lakeName()
            + (options.version() < 0 ? " (latest)" : " version " + options.version()),
        problems,
        options.sample());
  }

  /** The reader of {@code t}'s copy at {@code path}. */
  private static RangeReader copy(Job spec, Table t, String path, Layer layer, long version) {
    DeltaSnapshot latest;
    try {
      latest = DeltaSnapshot.load(path);
    } catch (SourceException e) {
      throw new NotComparable(e.getMessage());
    }
    if (version > latest.version()) {
      throw new JobException(
          "--version "
              + version
              + ": "
              + layer.lakeName()
              + " table "
              + t.name()
              + " has versions 0 to "
              + latest.version());
    }
    DeltaSnapshot snapshot = version < 0 ? latest : DeltaSnapshot.load(path, version);
    List<String> names = t.columns().stream().map(Column::name).toList();
    List<String> held = snapshot.columns().stream().map(Column::name).toList();
    List<String> absent = names.stream().filter(n -> !held.contains(n)).toList();
    if (!absent.isEmpty()) {
      throw new NotComparable(
          layer.lakeName()
              + " table "
              + path
              + " version "
              + snapshot.version()
              + " has no column "
              + String.join(", ", absent));
    }
    DeltaFileRows rows = DeltaFileRows.of(snapshot, t.name(), names);
    if (layer != Layer.BRONZE) {
      return rows;
    }
    Optional<String> run =
        DeltaHistory.latestTransaction(path, snapshot.version())
            .flatMap(appId -> LakeIds.bronzeRun(spec, appId));
    if (run.isEmpty()) {
      throw new NotComparable(
          "bronze table " + path + " records no run of job " + spec.name() + " in its log");
    }
    return rows.where(BronzeTable.RUN_ID, run.get());
  }

  /** Why a table has no copy to compare; the table then differs. */
  private static final class NotComparable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotComparable(String message) {
      super(message);
    }
  }
}
