package dev.ferry.transforms.postgres;

import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.sql.JdbcLogin;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;

/**
 * One {@link PostgresSession} kept open across transactions, and the one way every PostgreSQL write
 * reacts to a failed transaction ({@link SqlErrors.Kind}):
 *
 * <ul>
 *   <li>a data error is handed back as it is, for the caller to isolate the bad rows;
 *   <li>a passing failure (connection lost, server restarting, deadlock) closes the connection and
 *       runs the same transaction again on a new one, after a backoff ({@link RetryPolicy});
 *   <li>a setup failure (login, missing table or column, no unique key for {@code ON CONFLICT}) and
 *       exhausted retries stop the write with one line naming table, server and user — never the
 *       password.
 * </ul>
 *
 * <p>The key tables' unique constraints are checked once, on the first connection: a plain COPY
 * into the table would not notice one missing, and every batch would then fail the same way. A
 * missing table is reported as missing, not as a missing constraint.
 */
final class RetryingSession implements AutoCloseable {

  /** One transaction: commits, or rolls back and throws. Run again as a whole on a retry. */
  interface Transaction<T> {
    T run(PostgresSession session) throws SQLException;
  }

  private final PostgresTarget target;
  private final List<TableTarget> keyed;
  private final RetryPolicy retries;
  private final Supplier<TableTarget> working;
  private PostgresSession session;
  private boolean keysChecked;

  /**
   * @param keyed tables whose key columns must be a primary key or unique constraint
   * @param working the table a failure is reported for: the one being written when it happened
   */
  RetryingSession(
      PostgresTarget target,
      List<TableTarget> keyed,
      RetryPolicy retries,
      Supplier<TableTarget> working) {
    this.target = target;
    this.keyed = List.copyOf(keyed);
    this.retries = retries;
    this.working = working;
  }

  /**
   * Runs {@code transaction}, again on passing failures.
   *
   * @throws SQLException only for data errors, which the caller isolates
   * @throws SourceException for setup errors and when retries are exhausted
   */
  <T> T run(Transaction<T> transaction) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      SQLException failure;
      try {
        return transaction.run(session());
      } catch (SQLException e) {
        failure = e;
      }
      SqlErrors.Kind kind = SqlErrors.kind(failure);
      if (kind == SqlErrors.Kind.DATA && session != null) {
        throw failure;
      }
      closeAfter(failure);
      if (kind != SqlErrors.Kind.TRANSIENT) {
        throw fail(working.get(), "", failure);
      }
      if (attempt > retries.maxRetries()) {
        throw fail(
            working.get(),
            " after " + attempt + (attempt == 1 ? " attempt" : " attempts"),
            failure);
      }
      pause(attempt, failure);
    }
  }

  /** The open session, or a new one; a failure to open leaves no session. */
  PostgresSession session() throws SQLException {
    if (session != null && session.isClosed()) {
      session = null;
    }
    if (session == null) {
      PostgresSession opened = PostgresSession.open(target);
      if (!keysChecked) {
        checkKeys(opened);
        keysChecked = true;
      }
      session = opened;
    }
    return session;
  }

  /** The open session without connecting: null when there is none. */
  PostgresSession current() {
    return session;
  }

  private void checkKeys(PostgresSession opened) throws SQLException {
    for (TableTarget table : keyed) {
      boolean exists;
      boolean unique;
      try {
        exists = opened.tableExists(table.schema(), table.table());
        unique = exists && opened.hasUniqueKey(table.schema(), table.table(), table.keyColumns());
      } catch (SQLException e) {
        opened.close();
        throw e;
      }
      if (!exists) {
        opened.close();
        throw fail(
            table,
            "",
            new SQLException("relation \"" + table.displayName() + "\" does not exist", "42P01"));
      }
      if (!unique) {
        opened.close();
        throw fail(
            table,
            "",
            new SQLException(
                "there is no unique or exclusion constraint matching the ON CONFLICT"
                    + " specification",
                "42P10"));
      }
    }
  }

  private void pause(int attempt, SQLException cause) {
    try {
      Thread.sleep(retries.backoff(attempt).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail(working.get(), " (interrupted while waiting to retry)", cause);
    }
  }

  /** The one line a write stops with: table, server, user, PostgreSQL's error and a hint. */
  SourceException fail(TableTarget table, String when, SQLException e) {
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

  /** Defence in depth: no server message should echo a secret, but never print one. */
  private String masked(String message) {
    return JdbcLogin.redact(message, target.url(), target.password());
  }

  /** Closes the session after {@code cause}; the next transaction opens a new one. */
  void closeAfter(Exception cause) {
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
