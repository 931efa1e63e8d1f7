/**
 * Lakehouse gold tables: one SQL statement over named silver tables, run with Beam SQL (Calcite),
 * its result typed back into ferry's logical types so it can be written with {@code
 * WriteDeltaTable}.
 */
package dev.ferry.transforms.gold;
