package dev.ferry.transforms.postgres;

import dev.ferry.schemas.SourceException;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalInt;

/**
 * Loads batches of one table's rows through a {@link RetryingSession}, isolating bad rows with
 * {@link SplitOnDataError}: when a COPY fails, the server names the line, which is the row. A
 * single row that still fails is handed back with PostgreSQL's error; all other rows load, with
 * O(n·log n) bytes re-sent at most. Passing failures are retried and setup failures stop the write
 * as {@link RetryingSession} says.
 */
final class BatchLoader implements AutoCloseable {

  /** Where a batch's results go as they happen. */
  interface Sink {
    /** One transaction committed; called after the commit. */
    void committed(Loaded loaded);

    /** A row the server refused on its own, with PostgreSQL's error. */
    void failed(EncodedRow row, String reason);
  }

  private final TableTarget table;
  private final MergeSql sql;
  private final RetryingSession sessions;
  private boolean streamBroken;

  BatchLoader(PostgresTarget target, TableTarget table, RetryPolicy retries) {
    this.table = table;
    this.sql = MergeSql.of(table);
    this.sessions =
        new RetryingSession(
            target,
            table.keyColumns().isEmpty() ? List.of() : List.of(table),
            retries,
            () -> table);
  }

  /**
   * Streams one row of the batch being built straight into a plain COPY, when the table allows it
   * ({@link MergeSql#optimistic()}): the server parses while the caller reads on. Any failure just
   * stops the streaming; {@link #load} then loads the batch the careful way.
   */
  void stream(EncodedRow row) {
    if (!sql.optimistic() || streamBroken) {
      return;
    }
    try {
      PostgresSession session = sessions.current();
      if (session == null || !session.streaming()) {
        session = sessions.session();
        session.startStream(sql);
      }
      session.streamRow(row.line());
    } catch (SourceException e) {
      throw e; // a setup error (no unique key): every batch would fail the same way
    } catch (SQLException | RuntimeException e) {
      breakStream(e);
    }
  }

  /** Cancels a stream of rows that will not be loaded (the bundle is retried or dropped). */
  void abortStream() {
    PostgresSession session = sessions.current();
    if (session != null && session.streaming()) {
      session.abortStream(new IllegalStateException("batch discarded"));
    }
    streamBroken = false;
  }

  private void breakStream(Exception cause) {
    streamBroken = true;
    PostgresSession session = sessions.current();
    if (session != null) {
      session.abortStream(cause);
    }
  }

  /** Loads {@code batch}, isolating bad rows; returns what it did. */
  WrittenBatch load(List<EncodedRow> batch, Sink sink) {
    PostgresSession session = sessions.current();
    boolean streamed = session != null && session.streaming() && !streamBroken;
    boolean tryDirect = !streamBroken;
    streamBroken = false;
    if (streamed) {
      try {
        Loaded loaded = session.finishStream(batch.size());
        sink.committed(loaded);
        return new WrittenBatch(
            table.source(), loaded.rows(), loaded.changed(), 0, loaded.bytes(), 1);
      } catch (SQLException | RuntimeException e) {
        session.abortStream(e);
        // a key already present, a bad row or a lost connection: the careful way below
        tryDirect = false;
      }
    }
    return loadCarefully(batch, sink, tryDirect);
  }

  private WrittenBatch loadCarefully(List<EncodedRow> batch, Sink sink, boolean tryDirect) {
    Totals totals = new Totals();
    long transactions =
        SplitOnDataError.load(
            batch,
            part -> {
              Loaded loaded = sessions.run(s -> s.load(sql, part, tryDirect));
              totals.rows += loaded.rows();
              totals.changed += loaded.changed();
              totals.bytes += loaded.bytes();
              sink.committed(loaded);
            },
            BatchLoader::badRow,
            (row, e) -> {
              sink.failed(row, SqlErrors.reason(e));
              totals.rejected++;
            });
    return new WrittenBatch(
        table.source(), totals.rows, totals.changed, totals.rejected, totals.bytes, transactions);
  }

  /** What the parts of one batch did, summed as they commit. */
  private static final class Totals {
    long rows;
    long changed;
    long bytes;
    long rejected;
  }

  /** A COPY's line is the row's index + 1. */
  private static OptionalInt badRow(SQLException e, List<EncodedRow> part) {
    OptionalInt line = SqlErrors.copyLine(e);
    return line.isPresent() ? OptionalInt.of(line.getAsInt() - 1) : OptionalInt.empty();
  }

  @Override
  public void close() throws SQLException {
    sessions.close();
  }
}
