package dev.ferry.transforms.load;

import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.metrics.TableMetrics;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.RangeReader;
import dev.ferry.transforms.steps.RowStep;
import dev.ferry.transforms.steps.RowSteps;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/** Reads one key range and writes its rows through the steps into the sink, row by row. */
final class LoadRangeFn<T> extends DoFn<KeyRange, T> {
  private static final long serialVersionUID = 1L;

  private final RangeReader reader;
  private final List<RowStep> steps;
  private final RowSink<T> sink;
  private final TupleTag<T> results;
  private final TupleTag<FailedRow> failed;
  private final Counter read;
  private final Distribution active;
  private transient SinkWriter<T> writer;

  LoadRangeFn(
      RangeReader reader,
      List<RowStep> steps,
      RowSink<T> sink,
      TupleTag<T> results,
      TupleTag<FailedRow> failed) {
    this.reader = reader;
    this.steps = steps;
    this.sink = sink;
    this.results = results;
    this.failed = failed;
    this.read = TableMetrics.read(reader.countedAs());
    this.active = TableMetrics.activeMillis(reader.countedAs());
  }

  @Setup
  public void setup() {
    writer = sink.open();
  }

  @ProcessElement
  public void process(@Element KeyRange range, MultiOutputReceiver out) {
    String table = reader.table().name();
    active.update(System.currentTimeMillis());
    Consumer<FailedRow> failures = f -> out.get(failed).output(f);
    RowSteps passage = new RowSteps(table, steps);
    try {
      writer.startRange(range);
      reader.read(
          range,
          row -> {
            read.inc();
            Row current = passage.apply(row, failures);
            if (current == null) {
              return;
            }
            writer.write(current, failures);
          },
          failure -> {
            read.inc();
            failures.accept(failure);
          });
      for (T result : writer.finishRange(failures)) {
        out.get(results).output(result);
      }
    } catch (RuntimeException e) {
      writer.abortRange();
      throw e;
    }
    active.update(System.currentTimeMillis());
  }

  @Teardown
  public void teardown() {
    reader.close();
    if (writer != null) {
      writer.close();
    }
  }
}
