/**
 * Writing Delta Lake tables: {@link dev.ferry.transforms.delta.WriteDeltaTable} streams rows into
 * Parquet data files (parquet-avro, through Beam file systems so local paths and s3:// work alike)
 * and commits them with delta-standalone in exactly one idempotent transaction per run. {@link
 * dev.ferry.transforms.delta.DeltaDocumentSink} writes the tables documents flatten into, and
 * {@link dev.ferry.transforms.delta.CommitDeltaTables} commits each of them once.
 */
package dev.ferry.transforms.delta;
