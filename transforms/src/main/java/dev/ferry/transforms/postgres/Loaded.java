package dev.ferry.transforms.postgres;

/**
 * What one committed transaction did.
 *
 * @param rows rows of the part, all now in the table
 * @param changed rows the statement inserted or updated; the others' keys were already present
 * @param bytes bytes of COPY text sent
 */
record Loaded(long rows, long changed, long bytes) {}
