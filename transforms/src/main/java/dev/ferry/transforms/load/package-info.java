/**
 * Fused loads: a table's rows from source to data files in one pass per key range, so memory stays
 * flat on runners that neither fuse steps nor push back on fast readers.
 */
package dev.ferry.transforms.load;
