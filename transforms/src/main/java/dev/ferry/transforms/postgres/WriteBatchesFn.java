package dev.ferry.transforms.postgres;

import dev.ferry.schemas.types.ValueRejected;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.metrics.TableMetrics;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.Row;

/**
 * Buffers a bundle's rows as COPY text and loads them in batches: when the buffer reaches its row
 * or byte limit, and when the bundle finishes. Rows whose text PostgreSQL cannot take are rejected
 * before they are buffered. Metrics count after each commit.
 */
final class WriteBatchesFn extends DoFn<Row, WrittenBatch> {

  private final PostgresTarget target;
  private final TableTarget table;
  private final NulBytes nulBytes;
  private final int maxRows;
  private final long maxBytes;
  private final RetryPolicy retries;

  private transient CopyText encoder;
  private transient BatchLoader loader;
  private transient List<EncodedRow> buffer;
  private transient long bufferedBytes;
  private transient Counter written;
  private transient Counter bytes;
  private transient Distribution active;

  WriteBatchesFn(
      PostgresTarget target,
      TableTarget table,
      NulBytes nulBytes,
      int maxRows,
      long maxBytes,
      RetryPolicy retries) {
    this.target = target;
    this.table = table;
    this.nulBytes = nulBytes;
    this.maxRows = maxRows;
    this.maxBytes = maxBytes;
    this.retries = retries;
  }

  /** Where a flush sends its results: the element's receiver, or the bundle's end. */
  private interface Emitter {
    void written(WrittenBatch batch);

    void failed(FailedRow row);
  }

  @Setup
  public void setup() {
    encoder = new CopyText(table.columns(), nulBytes);
    loader = new BatchLoader(target, table, retries);
    written = TableMetrics.written(table.table());
    bytes = TableMetrics.bytes(table.table());
    active = TableMetrics.activeMillis(table.table());
  }

  @StartBundle
  public void startBundle() {
    buffer = new ArrayList<>();
    bufferedBytes = 0;
  }

  @ProcessElement
  public void processElement(@Element Row row, MultiOutputReceiver out) {
    byte[] line;
    try {
      line = encoder.encode(row);
    } catch (ValueRejected e) {
      out.get(WritePostgres.FAILED)
          .output(FailedRow.of(table.table(), FailedRow.WRITE, e.getMessage(), row));
      return;
    }
    buffer.add(new EncodedRow(row, line));
    bufferedBytes += line.length + 1;
    if (buffer.size() >= maxRows || bufferedBytes >= maxBytes) {
      flush(
          new Emitter() {
            @Override
            public void written(WrittenBatch batch) {
              out.get(WritePostgres.WRITTEN).output(batch);
            }

            @Override
            public void failed(FailedRow failed) {
              out.get(WritePostgres.FAILED).output(failed);
            }
          });
    }
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) {
    flush(
        new Emitter() {
          @Override
          public void written(WrittenBatch batch) {
            context.output(
                WritePostgres.WRITTEN,
                batch,
                GlobalWindow.INSTANCE.maxTimestamp(),
                GlobalWindow.INSTANCE);
          }

          @Override
          public void failed(FailedRow failed) {
            context.output(
                WritePostgres.FAILED,
                failed,
                GlobalWindow.INSTANCE.maxTimestamp(),
                GlobalWindow.INSTANCE);
          }
        });
  }

  private void flush(Emitter emitter) {
    if (buffer.isEmpty()) {
      return;
    }
    WrittenBatch batch =
        loader.load(
            buffer,
            new BatchLoader.Sink() {
              @Override
              public void committed(Loaded loaded) {
                written.inc(loaded.rows());
                bytes.inc(loaded.bytes());
                active.update(System.currentTimeMillis());
              }

              @Override
              public void failed(EncodedRow row, String reason) {
                emitter.failed(FailedRow.of(table.table(), FailedRow.WRITE, reason, row.row()));
              }
            });
    emitter.written(batch);
    buffer = new ArrayList<>();
    bufferedBytes = 0;
  }

  @Teardown
  public void teardown() throws SQLException {
    if (loader != null) {
      loader.close();
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    WritePostgres.describe(target, table, builder);
  }
}
