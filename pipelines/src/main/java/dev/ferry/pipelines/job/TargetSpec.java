package dev.ferry.pipelines.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ferry.schemas.Secret;
import java.util.Map;

/**
 * The job's {@code target:} section.
 *
 * @param path lakehouse root (Delta tables land in {@code <path>/bronze/<table>/}) or dump prefix
 * @param partitionBy per table, the date or timestamp column whose year/month/day partitions the
 *     bronze table; tables not named are partitioned by the ingest date
 * @param url a PostgreSQL target's {@code jdbc:postgresql://host:port/database}
 * @param schema a PostgreSQL target's schema (default {@code public}), created in {@code create}
 * @param mode a PostgreSQL target's write mode (default {@code create})
 * @param upsertKeys per table, the unique index or constraint {@code upsert} merges on (source
 *     name); tables not named merge on their primary key
 * @param enums how MySQL enums land: {@code check} (text with a CHECK, default) or {@code type} (a
 *     PostgreSQL enum type per column)
 * @param nulBytes text with NUL characters, which PostgreSQL cannot store: {@code reject} the row
 *     (default) or {@code strip} the NULs
 * @param s3 how to reach the store of an {@code s3://} path
 * @param compression a dump's data shards: {@code gzip} (default) or {@code none}
 * @param shardRows a dump's rows per shard at most (default 1,000,000)
 * @param compressionLevel a dump's gzip level, 1 (fastest) to 9 (smallest); default 6
 * @param cursor a lakehouse's incremental tables: per table, the column whose value grows with
 *     every insert and update ({@code updated_at}, a growing id); each run reads only rows at or
 *     past the last value bronze holds, and silver keeps each key's row with the highest value
 * @param fileSize a lakehouse's target data file size, e.g. {@code 128MB} (the default)
 * @param backfill a lakehouse's date range to rewrite instead of a normal run
 */
public record TargetSpec(
    @JsonProperty(required = true) TargetKind kind,
    String path,
    @JsonProperty("partition_by") Map<String, String> partitionBy,
    String url,
    String user,
    Secret password,
    String schema,
    Mode mode,
    @JsonProperty("upsert_keys") Map<String, String> upsertKeys,
    Enums enums,
    @JsonProperty("nul_bytes") NulBytes nulBytes,
    S3Spec s3,
    Compression compression,
    @JsonProperty("shard_rows") Long shardRows,
    @JsonProperty("compression_level") Integer compressionLevel,
    Map<String, String> cursor,
    @JsonProperty("file_size") String fileSize,
    BackfillSpec backfill) {

  public TargetSpec {
    partitionBy = partitionBy == null ? Map.of() : Map.copyOf(partitionBy);
    upsertKeys = upsertKeys == null ? Map.of() : Map.copyOf(upsertKeys);
    cursor = cursor == null ? Map.of() : Map.copyOf(cursor);
    schema = schema == null ? "public" : schema;
    mode = mode == null ? Mode.CREATE : mode;
    enums = enums == null ? Enums.CHECK : enums;
    nulBytes = nulBytes == null ? NulBytes.REJECT : nulBytes;
  }

  /** A dump's compression: as given, else gzip. */
  public Compression dumpCompression() {
    return compression == null ? Compression.GZIP : compression;
  }

  /** A dump's gzip level: as given, else 6 (gzip's and {@code pg_dump -Fc}'s default). */
  public int dumpCompressionLevel() {
    return compressionLevel == null ? 6 : compressionLevel;
  }

  /** A dump's rows per shard: as given, else 1,000,000. */
  public long dumpShardRows() {
    return shardRows == null ? 1_000_000L : shardRows;
  }

  /** A lakehouse target at {@code path}. */
  public static TargetSpec lakehouse(String path, Map<String, String> partitionBy) {
    return new TargetSpec(
        TargetKind.LAKEHOUSE,
        path,
        partitionBy,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** A lakehouse's data file size in bytes: as given, else 128 MiB. */
  public long lakeFileBytes() {
    return fileSize == null ? 128L << 20 : ByteSize.parse(fileSize);
  }

  /** Target kinds of the job-file contract. */
  public enum TargetKind {
    LAKEHOUSE,
    POSTGRES,
    DUMP
  }

  /** What a PostgreSQL target does with its tables. */
  public enum Mode {
    /** Creates schema and tables (failing if a table exists), loads, then keys and indexes. */
    CREATE,
    /** Adds rows to existing tables; rows whose key is already there are kept as they were. */
    APPEND,
    /** Inserts new keys and overwrites rows whose key exists (primary or named unique key). */
    UPSERT,
    /** Empties the existing tables, then loads them. */
    REPLACE
  }

  /** What a PostgreSQL target does with text holding NUL characters. */
  public enum NulBytes {
    REJECT,
    STRIP
  }

  /** How a dump's data shards are compressed. */
  public enum Compression {
    GZIP,
    NONE
  }

  /** How MySQL enum columns land in PostgreSQL. */
  public enum Enums {
    CHECK,
    TYPE
  }
}
