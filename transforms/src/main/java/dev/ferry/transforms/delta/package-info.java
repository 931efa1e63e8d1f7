/**
 * Writing and reading Delta Lake tables: {@link dev.ferry.transforms.delta.WriteDeltaTable} streams
 * rows into Parquet data files (parquet-avro, through Beam file systems so local paths and s3://
 * work alike) and commits them with delta-standalone in exactly one idempotent transaction per run.
 * {@link dev.ferry.transforms.delta.DeltaDocumentSink} writes the tables documents flatten into,
 * and {@link dev.ferry.transforms.delta.CommitDeltaTables} commits each of them once. Before a
 * commit, {@link dev.ferry.transforms.delta.CompactDeltaFiles} merges the run's small files per
 * partition.
 *
 * <p>Tables describe themselves (each column's ferry type, the primary key), so {@link
 * dev.ferry.transforms.delta.ReadDeltaTable} and {@link dev.ferry.transforms.delta.DeltaSnapshot}
 * read any version back as rows without the source database.
 *
 * <p>Groundwork for lakehouse layers, not yet used by a pipeline: {@link
 * dev.ferry.transforms.delta.DeltaCommitter} appends or replaces whole partitions (backfills) in
 * one transaction, evolves the schema by new nullable columns and survives concurrent writers;
 * {@link dev.ferry.transforms.delta.DeltaVacuum} deletes data files no version within the retention
 * needs.
 */
package dev.ferry.transforms.delta;
