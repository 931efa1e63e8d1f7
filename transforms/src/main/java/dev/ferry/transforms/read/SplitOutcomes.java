package dev.ferry.transforms.read;

import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.metrics.TableMetrics;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/** Splits read outcomes into rows and failures, counting every row read. */
final class SplitOutcomes extends DoFn<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final TupleTag<Row> rows;
  private final TupleTag<FailedRow> failed;
  private final Counter read;
  private final Distribution active;
  private transient long count;

  SplitOutcomes(String table, TupleTag<Row> rows, TupleTag<FailedRow> failed) {
    this.rows = rows;
    this.failed = failed;
    this.read = TableMetrics.read(table);
    this.active = TableMetrics.activeMillis(table);
  }

  @StartBundle
  public void startBundle() {
    count = 0;
  }

  @ProcessElement
  public void process(@Element Row outcome, MultiOutputReceiver out) {
    if (count++ == 0) {
      active.update(System.currentTimeMillis());
    }
    read.inc();
    Row row = outcome.getRow(ReadOutcome.ROW);
    if (row != null) {
      out.get(rows).output(row);
    } else {
      out.get(failed).output(FailedRow.fromRow(outcome.getRow(ReadOutcome.FAILED)));
    }
  }

  @FinishBundle
  public void finishBundle() {
    if (count > 0) {
      active.update(System.currentTimeMillis());
    }
  }
}
