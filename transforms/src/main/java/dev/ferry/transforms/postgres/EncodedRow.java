package dev.ferry.transforms.postgres;

import org.apache.beam.sdk.values.Row;

/**
 * A buffered row with its COPY line, encoded once when it arrives so a batch knows its exact size
 * and a split batch is re-sent without re-encoding.
 */
record EncodedRow(Row row, byte[] line) {}
