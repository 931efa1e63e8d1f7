package dev.ferry.transforms.postgres;

import dev.ferry.schemas.SourceException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;

/**
 * Loads batches through one {@link PostgresSession}, isolating bad rows the way pgloader does: a
 * batch that fails with a data error is rolled back and split. When the error is a COPY's, the
 * server names the line: that row is rejected, the rows before it are retried as one part and the
 * rows after it in two halves. When it names no row (a constraint the merge checks), the batch is
 * retried in two halves. A single row that still fails is handed back with PostgreSQL's error; all
 * other rows load.
 *
 * <p>The work is bounded: every failed transaction rejects a row or halves a part, so a batch of n
 * rows with k bad ones costs about k·log2(n) transactions at most, and never more than about 2n
 * even when every row is bad, with O(n·log n) bytes re-sent. Passing failures (connection lost,
 * restart, deadlock) retry the same transaction with backoff on a new connection; setup failures
 * (login, missing table or constraint) and exhausted retries stop the write with one line naming
 * table, server and user — never the password.
 */
final class BatchLoader implements AutoCloseable {

  /** Where a batch's results go as they happen. */
  interface Sink {
    /** One transaction committed; called after the commit. */
    void committed(Loaded loaded);

    /** A row the server refused on its own, with PostgreSQL's error. */
    void failed(EncodedRow row, String reason);
  }

  private final PostgresTarget target;
  private final TableTarget table;
  private final MergeSql sql;
  private final RetryPolicy retries;
  private PostgresSession session;
  private boolean streamBroken;
  private boolean keyChecked;

  BatchLoader(PostgresTarget target, TableTarget table, RetryPolicy retries) {
    this.target = target;
    this.table = table;
    this.sql = MergeSql.of(table);
    this.retries = retries;
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
      if (session == null || !session.streaming()) {
        session().startStream();
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
    if (session != null && session.streaming()) {
      session.abortStream(new IllegalStateException("batch discarded"));
    }
    streamBroken = false;
  }

  private void breakStream(Exception cause) {
    streamBroken = true;
    if (session != null) {
      session.abortStream(cause);
    }
  }

  /** Loads {@code batch}, isolating bad rows; returns what it did. */
  WrittenBatch load(List<EncodedRow> batch, Sink sink) {
    boolean streamed = session != null && session.streaming() && !streamBroken;
    boolean tryDirect = !streamBroken;
    streamBroken = false;
    if (streamed) {
      try {
        Loaded loaded = session.finishStream(batch.size());
        sink.committed(loaded);
        return new WrittenBatch(
            table.table(), loaded.rows(), loaded.changed(), 0, loaded.bytes(), 1);
      } catch (SQLException | RuntimeException e) {
        session.abortStream(e);
        // a key already present, a bad row or a lost connection: the careful way below
        tryDirect = false;
      }
    }
    return loadCarefully(batch, sink, tryDirect);
  }

  private WrittenBatch loadCarefully(List<EncodedRow> batch, Sink sink, boolean tryDirect) {
    Deque<List<EncodedRow>> pending = new ArrayDeque<>();
    pending.push(batch);
    long rows = 0;
    long changed = 0;
    long rejected = 0;
    long bytes = 0;
    long transactions = 0;
    while (!pending.isEmpty()) {
      List<EncodedRow> part = pending.pop();
      transactions++;
      try {
        Loaded loaded = loadWithRetries(part, tryDirect);
        rows += loaded.rows();
        changed += loaded.changed();
        bytes += loaded.bytes();
        sink.committed(loaded);
      } catch (SQLException e) {
        OptionalInt line = SqlErrors.copyLine(e);
        if (line.isPresent() && line.getAsInt() >= 1 && line.getAsInt() <= part.size()) {
          int bad = line.getAsInt() - 1;
          // The rows after the bad one were never checked: halve them, in case errors are dense.
          List<EncodedRow> after = part.subList(bad + 1, part.size());
          pushHalves(pending, after);
          // The rows before it passed the COPY: they most likely commit at once.
          if (bad > 0) {
            pending.push(part.subList(0, bad));
          }
          sink.failed(part.get(bad), SqlErrors.reason(e));
          rejected++;
        } else if (part.size() == 1) {
          sink.failed(part.get(0), SqlErrors.reason(e));
          rejected++;
        } else {
          pushHalves(pending, part);
        }
      }
    }
    return new WrittenBatch(table.source(), rows, changed, rejected, bytes, transactions);
  }

  /** Queues {@code rows} as two parts, the first half to be loaded first. */
  private static void pushHalves(Deque<List<EncodedRow>> pending, List<EncodedRow> rows) {
    int half = rows.size() / 2;
    if (half < rows.size()) {
      pending.push(rows.subList(half, rows.size()));
    }
    if (half > 0) {
      pending.push(rows.subList(0, half));
    }
  }

  /**
   * One transaction, retried on passing failures.
   *
   * @throws SQLException only for data errors, which the caller isolates
   * @throws SourceException for setup errors and when retries are exhausted
   */
  private Loaded loadWithRetries(List<EncodedRow> part, boolean tryDirect) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      SQLException failure;
      try {
        return session().load(part, tryDirect);
      } catch (SQLException e) {
        failure = e;
      }
      SqlErrors.Kind kind = SqlErrors.kind(failure);
      if (kind == SqlErrors.Kind.DATA && session != null) {
        throw failure;
      }
      closeAfter(failure);
      if (kind != SqlErrors.Kind.TRANSIENT) {
        throw fail("", failure);
      }
      if (attempt > retries.maxRetries()) {
        throw fail(" after " + attempt + (attempt == 1 ? " attempt" : " attempts"), failure);
      }
      pause(attempt, failure);
    }
  }

  /** The open session, or a new one; a failure to open leaves {@link #session} null. */
  private PostgresSession session() throws SQLException {
    if (session != null && session.isClosed()) {
      session = null;
    }
    if (session == null) {
      PostgresSession opened = PostgresSession.open(target, sql);
      if (!keyChecked && !table.keyColumns().isEmpty()) {
        boolean unique;
        try {
          unique = opened.hasUniqueKey(table.schema(), table.table(), table.keyColumns());
        } catch (SQLException e) {
          opened.close();
          throw e;
        }
        if (!unique) {
          opened.close();
          throw fail(
              "",
              new SQLException(
                  "there is no unique or exclusion constraint matching the ON CONFLICT"
                      + " specification",
                  "42P10"));
        }
        keyChecked = true;
      }
      session = opened;
    }
    return session;
  }

  private void pause(int attempt, SQLException cause) {
    try {
      Thread.sleep(retries.backoff(attempt).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail(" (interrupted while waiting to retry)", cause);
    }
  }

  private SourceException fail(String when, SQLException e) {
    String message =
        "cannot write PostgreSQL table "
            + table.displayName()
            + " at "
            + target.location()
            + " as "
            + target.user()
            + when
            + ": "
            + SqlErrors.message(e)
            + SqlErrors.hint(e);
    return new SourceException(masked(message), e);
  }

  /** Defence in depth: no server message should echo the password, but never print it. */
  private String masked(String message) {
    String password = target.password().reveal();
    return password.length() < 4
        ? message
        : message.replace(password, target.password().toString());
  }

  private void closeAfter(Exception cause) {
    if (session != null) {
      try {
        session.close();
      } catch (SQLException e) {
        cause.addSuppressed(e);
      }
      session = null;
    }
  }

  @Override
  public void close() throws SQLException {
    if (session != null) {
      try {
        session.close();
      } finally {
        session = null;
      }
    }
  }
}
