/**
 * Dumps: tables written as compressed PostgreSQL COPY text shards under one dump directory ({@link
 * dev.ferry.transforms.dump.DumpShardSink}), rejected rows as JSON lines ({@link
 * dev.ferry.transforms.dump.WriteRejectedFiles}), and the files that make a dump complete and
 * restorable — {@code restore.sql}, {@code SHA256SUMS} and, last, {@code manifest.json} ({@link
 * dev.ferry.transforms.dump.FinishDump}). {@link dev.ferry.transforms.dump.DumpShardReader} reads
 * the shards back for a restore. Every file goes through Beam's {@code FileSystems}, so a dump
 * directory is a local path or an {@code s3://} URL alike.
 */
package dev.ferry.transforms.dump;
