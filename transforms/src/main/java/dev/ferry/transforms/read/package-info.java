/**
 * Source reads: each table in parallel key ranges, rows mapped from the inventory and checked
 * against their logical types, failures on a separate output.
 */
package dev.ferry.transforms.read;
