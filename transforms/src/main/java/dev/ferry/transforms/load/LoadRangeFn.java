package dev.ferry.transforms.load;

import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.delta.DeltaFile;
import dev.ferry.transforms.delta.DeltaTableWriter;
import dev.ferry.transforms.metrics.TableMetrics;
import dev.ferry.transforms.read.KeyRange;
import dev.ferry.transforms.read.SqliteRangeReader;
import dev.ferry.transforms.steps.RowStep;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/** Reads one key range and writes its rows through the steps into data files, row by row. */
final class LoadRangeFn extends DoFn<KeyRange, DeltaFile> {
  private static final long serialVersionUID = 1L;

  private final SqliteRangeReader reader;
  private final List<RowStep> steps;
  private final DeltaTableWriter writer;
  private final TupleTag<DeltaFile> files;
  private final TupleTag<FailedRow> failed;
  private final Counter read;
  private final Distribution active;

  LoadRangeFn(
      SqliteRangeReader reader,
      List<RowStep> steps,
      DeltaTableWriter writer,
      TupleTag<DeltaFile> files,
      TupleTag<FailedRow> failed) {
    this.reader = reader;
    this.steps = steps;
    this.writer = writer;
    this.files = files;
    this.failed = failed;
    this.read = TableMetrics.read(reader.table().name());
    this.active = TableMetrics.activeMillis(reader.table().name());
  }

  @ProcessElement
  public void process(@Element KeyRange range, MultiOutputReceiver out) {
    String table = reader.table().name();
    active.update(System.currentTimeMillis());
    DeltaTableWriter.Session session = writer.start();
    List<String> problems = new ArrayList<>();
    try {
      reader.read(
          range,
          row -> {
            read.inc();
            Row current = row;
            for (RowStep step : steps) {
              Row next = step.apply(current, problems);
              if (!problems.isEmpty()) {
                out.get(failed)
                    .output(
                        FailedRow.of(table, step.stage(), String.join("; ", problems), current));
                problems.clear();
                return;
              }
              current = next;
            }
            session.write(current);
          },
          failure -> {
            read.inc();
            out.get(failed).output(failure);
          });
      for (DeltaFile file : session.finish()) {
        out.get(files).output(file);
      }
    } catch (RuntimeException e) {
      session.abort();
      throw e;
    }
    active.update(System.currentTimeMillis());
  }
}
