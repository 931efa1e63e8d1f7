/**
 * Writing Delta Lake tables: {@link dev.ferry.transforms.delta.WriteDeltaTable} streams rows into
 * Parquet data files (parquet-avro, through Beam file systems so local paths and s3:// work alike)
 * and commits them with delta-standalone in exactly one idempotent transaction per run.
 */
package dev.ferry.transforms.delta;
