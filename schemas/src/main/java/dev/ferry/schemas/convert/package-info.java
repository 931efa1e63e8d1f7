/**
 * Schema conversions out of the logical type system: Beam row schemas for rows in flight, Avro
 * schemas for Parquet files, Delta schemas for table metadata.
 */
package dev.ferry.schemas.convert;
