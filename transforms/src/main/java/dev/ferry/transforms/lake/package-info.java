/**
 * Lakehouse row shaping and layers: ingest stamps and date partition values ({@link
 * dev.ferry.transforms.lake.AddIngestColumns}), and the raw bronze table of a collection's
 * documents ({@link dev.ferry.transforms.lake.WriteRawDocuments}).
 */
package dev.ferry.transforms.lake;
