/**
 * The lakehouse job: source tables into bronze Delta tables, rejects into one dead-letter table.
 */
package dev.ferry.pipelines.lakehouse;
