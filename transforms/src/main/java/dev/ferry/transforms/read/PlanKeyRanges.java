package dev.ferry.transforms.read;

import org.apache.beam.sdk.transforms.DoFn;

/** Finds a table's split-key bounds at run time and emits the key ranges to read. */
final class PlanKeyRanges extends DoFn<String, KeyRange> {
  private static final long serialVersionUID = 1L;

  private final RangeReader reader;
  private final long rowsPerSplit;

  PlanKeyRanges(RangeReader reader, long rowsPerSplit) {
    this.reader = reader;
    this.rowsPerSplit = rowsPerSplit;
  }

  @ProcessElement
  public void process(OutputReceiver<KeyRange> out) {
    reader.ranges(rowsPerSplit).forEach(out::output);
  }
}
