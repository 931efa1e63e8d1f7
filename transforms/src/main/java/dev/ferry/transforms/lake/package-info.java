/** Lakehouse row shaping: ingest stamps and date partition values for the bronze layer. */
package dev.ferry.transforms.lake;
