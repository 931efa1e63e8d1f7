package dev.ferry.pipelines.job;

import dev.ferry.pipelines.ship.S3Location;
import java.util.List;
import java.util.Locale;

/**
 * The job-file checks of dumps and restores: which sources and targets pair with a dump, the keys a
 * dump target and a dump source take, and {@code s3:} settings. Each failure is one line naming the
 * key.
 */
final class DumpChecks {

  private DumpChecks() {}

  /** What only the whole job can tell: source and target kinds that pair, casts and rules. */
  static void checkJob(Job job, String at) {
    checkCasts(job, at);
    checkRules(job, at);
    if (job.target().kind() == TargetSpec.TargetKind.DUMP
        && job.source().kind() != SourceSpec.SourceKind.SQLITE
        && job.source().kind() != SourceSpec.SourceKind.MYSQL
        && job.source().kind() != SourceSpec.SourceKind.POSTGRES) {
      throw new JobException(
          at
              + "target.kind: dumps are made of sqlite, mysql and postgres sources in this version"
              + " of ferry (this source is "
              + JobChecks.sourceKind(job)
              + ")");
    }
    if (job.source().kind() == SourceSpec.SourceKind.DUMP
        && job.target().kind() != TargetSpec.TargetKind.POSTGRES) {
      throw new JobException(
          at
              + "target.kind: a dump is restored into postgres (this target is "
              + job.target().kind().name().toLowerCase(Locale.ROOT)
              + ")");
    }
  }

  /** A dump source: no login, and an {@code s3://} URL that parses. */
  static void checkSource(SourceSpec source, String at) {
    if (source.user() != null || source.password() != null) {
      throw new JobException(
          at
              + "source."
              + (source.user() != null ? "user" : "password")
              + ": a dump source has no login (S3 credentials come from the environment)");
    }
    if (source.url().startsWith("s3://")) {
      parseS3(source.url(), at + "source.url");
    }
  }

  /** A dump writes each table in one pass, so no rule can compare a row with the others. */
  private static void checkRules(Job job, String at) {
    if (job.target().kind() != TargetSpec.TargetKind.DUMP) {
      return;
    }
    for (int i = 0; i < job.rules().size(); i++) {
      if (job.rules().get(i).unique()) {
        throw new JobException(
            at
                + "rules["
                + i
                + "].unique: a dump writes each table in one pass and cannot check it; remove it"
                + " (unique indexes of the source are dumped and restored)");
      }
    }
  }

  /** A dump restores the types it was dumped with: its shards are written in them. */
  private static void checkCasts(Job job, String at) {
    if (job.source().kind() == SourceSpec.SourceKind.DUMP && !job.casts().isEmpty()) {
      throw new JobException(
          at
              + "casts: a dump is restored with the types it was dumped with; give casts to the"
              + " dump job");
    }
  }

  /** {@code s3:} only where a path is {@code s3://}, and each of its keys must make sense. */
  static void checkS3(S3Spec s3, String path, String at) {
    if (s3 == null) {
      return;
    }
    if (path == null || !path.startsWith("s3://")) {
      throw new JobException(
          at + ".s3: only an s3:// path takes S3 settings (this one is " + path + ")");
    }
    try {
      s3.settings();
    } catch (IllegalArgumentException e) {
      throw new JobException(at + ".s3." + e.getMessage());
    }
  }

  private static void parseS3(String url, String key) {
    try {
      S3Location.parse(url, key);
    } catch (JobException e) {
      throw new JobException(e.getMessage());
    }
  }

  /** A dump target: where it goes, and none of a PostgreSQL target's connection keys. */
  static void checkTarget(TargetSpec target, String at) {
    if (target.path() == null || target.path().isBlank()) {
      throw new JobException(
          at
              + "target.path: a dump target needs one: where the dumps go, s3://bucket/prefix or"
              + " a local directory");
    }
    if (target.path().startsWith("s3://")) {
      parseS3(target.path(), at + "target.path");
    } else if (target.path().contains("://")) {
      throw new JobException(
          at
              + "target.path: a dump goes to s3://bucket/prefix or a local directory, got "
              + target.path());
    }
    checkS3(target.s3(), target.path(), at + "target");
    for (String key : List.of("url", "user", "password", "mode", "upsert_keys")) {
      if (JobChecks.postgresKeySet(target, key)) {
        throw new JobException(
            at
                + "target."
                + key
                + ": a dump takes no "
                + key
                + " (give it to the postgres target of the restore job)");
      }
    }
    if (!target.partitionBy().isEmpty()) {
      throw new JobException(
          at + "target.partition_by: only a lakehouse target takes it (this one is dump)");
    }
    if (target.schema().isBlank()) {
      throw new JobException(at + "target.schema: must name a schema, e.g. public");
    }
    if (target.dumpShardRows() < 1) {
      throw new JobException(
          at + "target.shard_rows: must be 1 or more, got " + target.shardRows());
    }
    if (target.compressionLevel() != null) {
      if (target.dumpCompression() == TargetSpec.Compression.NONE) {
        throw new JobException(
            at + "target.compression_level: goes with compression gzip (this dump has none)");
      }
      if (target.compressionLevel() < 1 || target.compressionLevel() > 9) {
        throw new JobException(
            at
                + "target.compression_level: 1 (fastest) to 9 (smallest), got "
                + target.compressionLevel());
      }
    }
  }
}
