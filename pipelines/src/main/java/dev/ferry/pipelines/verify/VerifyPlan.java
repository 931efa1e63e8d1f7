package dev.ferry.pipelines.verify;

import dev.ferry.pipelines.job.JobException;
import dev.ferry.pipelines.job.SourceSpec;
import dev.ferry.pipelines.job.TargetSpec;
import dev.ferry.pipelines.lakehouse.Layer;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.transforms.postgres.PostgresTarget;
import dev.ferry.transforms.verify.ForeignKeyJoin;
import dev.ferry.transforms.verify.OrphanCheck;
import java.util.List;

/**
 * What {@code ferry verify} compares: each table of the job paired with its copy in the target, and
 * the foreign keys whose orphans are counted there. Building it reads both catalogs and plans the
 * key ranges; it moves no data.
 *
 * @param job the job, resolved against its source
 * @param tables the pairs, in the job's table order
 * @param orphans the foreign keys to check in a PostgreSQL target, by SQL
 * @param joins the foreign keys to check by joining the target's rows in the pipeline (dumps, lake
 *     layers)
 * @param orphanTarget the PostgreSQL target the orphans are counted in, or null
 * @param target where the copy is, for people (no password)
 * @param problems per table, why it cannot be compared (no such table in the target, a column
 *     missing there); such a table differs
 * @param sample how many differences of each kind to show per table
 */
public record VerifyPlan(
    JobPlan job,
    List<TablePair> tables,
    List<OrphanCheck> orphans,
    List<ForeignKeyJoin> joins,
    PostgresTarget orphanTarget,
    String target,
    java.util.Map<String, String> problems,
    int sample) {

  /**
   * How finely verify compares (rows per chunk, the size of each kind's sample) and which copy: a
   * lakehouse's layer (null: silver) and Delta version (-1: the latest), a dump's directory (null:
   * the newest complete dump of the job).
   */
  public record Options(long chunkRows, int sample, Layer layer, long version, String dump) {
    public static final Options DEFAULT = new Options(100_000, 10);

    public Options(long chunkRows, int sample) {
      this(chunkRows, sample, null, -1, null);
    }

    public Options {
      if (version < -1) {
        throw new JobException("--version: must be 0 or more, was " + version);
      }
      if (layer == Layer.GOLD) {
        throw new JobException("--layer: bronze or silver (gold is the job's SQL, not a copy)");
      }
      if (chunkRows < 1) {
        throw new JobException("--chunk-rows: must be at least 1, was " + chunkRows);
      }
      if (sample < 0) {
        throw new JobException("--sample: must be 0 or more, was " + sample);
      }
    }
  }

  public VerifyPlan {
    tables = List.copyOf(tables);
    orphans = List.copyOf(orphans);
    joins = List.copyOf(joins);
    problems = java.util.Map.copyOf(problems);
  }

  /** Pairs the job's tables with the target's copies. */
  public static VerifyPlan of(JobPlan job, Options options) {
    TargetSpec.TargetKind kind = job.job().target().kind();
    if (kind != TargetSpec.TargetKind.LAKEHOUSE
        && (options.layer() != null || options.version() >= 0)) {
      throw new JobException("--layer and --version are for a lakehouse target, not " + name(kind));
    }
    if (kind != TargetSpec.TargetKind.DUMP && options.dump() != null) {
      throw new JobException("--dump is for a dump target, not " + name(kind));
    }
    if (kind != TargetSpec.TargetKind.POSTGRES
        && job.job().source().kind() == SourceSpec.SourceKind.MONGODB) {
      throw new JobException(
          "verify: a mongodb source into " + name(kind) + " cannot be verified yet");
    }
    return switch (kind) {
      case POSTGRES -> PostgresCopies.plan(job, options);
      case DUMP -> DumpCopies.plan(job, options);
      case LAKEHOUSE -> LakeCopies.plan(job, options);
    };
  }

  private static String name(TargetSpec.TargetKind kind) {
    return "a " + kind.name().toLowerCase(java.util.Locale.ROOT) + " target";
  }

  /** The names of the tables compared, in order. */
  public List<String> tableNames() {
    return tables.stream().map(TablePair::name).toList();
  }
}
