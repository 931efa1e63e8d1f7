package dev.ferry.transforms.postgres;

import dev.ferry.schemas.types.ValueRejected;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.metrics.TableMetrics;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.values.Row;

/**
 * One worker's COPY buffer: rows are encoded as COPY text as they come and loaded in a batch when
 * the buffer reaches its row or byte limit, or when the caller flushes. Rows whose text PostgreSQL
 * cannot take are rejected before they are buffered. Metrics count after each commit. Shared by
 * {@link WritePostgres} and its fused-load sink.
 */
final class CopyBatcher implements AutoCloseable {

  private final TableTarget table;
  private final CopyText encoder;
  private final BatchLoader loader;
  private final int maxRows;
  private final long maxBytes;
  private final Counter written;
  private final Counter bytes;
  private final Distribution active;
  private List<EncodedRow> buffer = new ArrayList<>();
  private long bufferedBytes;

  CopyBatcher(
      PostgresTarget target,
      TableTarget table,
      NulBytes nulBytes,
      int maxRows,
      long maxBytes,
      RetryPolicy retries) {
    this.table = table;
    this.encoder = new CopyText(table.columns(), nulBytes);
    this.loader = new BatchLoader(target, table, retries);
    this.maxRows = maxRows;
    this.maxBytes = maxBytes;
    this.written = TableMetrics.written(table.source());
    this.bytes = TableMetrics.bytes(table.source());
    this.active = TableMetrics.activeMillis(table.source());
  }

  /**
   * Buffers {@code row}, loading the buffer when it is full.
   *
   * @return the batch loaded because the buffer filled, or null
   */
  WrittenBatch add(Row row, Consumer<FailedRow> failures) {
    byte[] line;
    try {
      line = encoder.encode(row);
    } catch (ValueRejected e) {
      failures.accept(FailedRow.of(table.source(), FailedRow.WRITE, e.getMessage(), row));
      return null;
    }
    EncodedRow encoded = new EncodedRow(row, line);
    buffer.add(encoded);
    loader.stream(encoded);
    bufferedBytes += line.length + 1;
    return buffer.size() >= maxRows || bufferedBytes >= maxBytes ? flush(failures) : null;
  }

  /** Loads what is buffered; null when nothing was. */
  WrittenBatch flush(Consumer<FailedRow> failures) {
    if (buffer.isEmpty()) {
      return null;
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
                failures.accept(FailedRow.of(table.source(), FailedRow.WRITE, reason, row.row()));
              }
            });
    discard();
    return batch;
  }

  /** Drops what is buffered and not loaded (and a COPY streaming it). */
  void discard() {
    buffer = new ArrayList<>();
    bufferedBytes = 0;
    loader.abortStream();
  }

  @Override
  public void close() {
    try {
      loader.close();
    } catch (SQLException e) {
      // closing a connection that already failed: nothing left to save
    }
  }
}
