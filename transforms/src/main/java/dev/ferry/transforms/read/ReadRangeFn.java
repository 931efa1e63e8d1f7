package dev.ferry.transforms.read;

import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.metrics.TableMetrics;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/** Reads one key range into typed rows and failures, counting every row read. */
final class ReadRangeFn extends DoFn<KeyRange, Row> {
  private static final long serialVersionUID = 1L;

  private final RangeReader reader;
  private final TupleTag<Row> rows;
  private final TupleTag<FailedRow> failed;
  private final Counter read;
  private final Distribution active;

  ReadRangeFn(RangeReader reader, TupleTag<Row> rows, TupleTag<FailedRow> failed) {
    this.reader = reader;
    this.rows = rows;
    this.failed = failed;
    this.read = TableMetrics.read(reader.countedAs());
    this.active = TableMetrics.activeMillis(reader.countedAs());
  }

  /** Releases the connections the reads kept. */
  @Teardown
  public void teardown() {
    reader.close();
  }

  @ProcessElement
  public void process(@Element KeyRange range, MultiOutputReceiver out) {
    active.update(System.currentTimeMillis());
    reader.read(
        range,
        row -> {
          read.inc();
          out.get(rows).output(row);
        },
        failure -> {
          read.inc();
          out.get(failed).output(failure);
        });
    active.update(System.currentTimeMillis());
  }
}
