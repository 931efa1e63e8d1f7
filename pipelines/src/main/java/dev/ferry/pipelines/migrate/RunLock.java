package dev.ferry.pipelines.migrate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A PostgreSQL session advisory lock on (schema, job), held by a run from {@link
 * TargetSchema#prepare} to its end on a connection of its own. The server releases it when that
 * connection ends, so a killed run never leaves it behind. Only redoing the tables of an unfinished
 * run needs it: without it a second run of a job could drop the tables the first is still loading.
 */
final class RunLock implements AutoCloseable {

  private final Connection connection;

  private RunLock(Connection connection) {
    this.connection = connection;
  }

  /** Tries to take the lock; {@link #held()} says whether it did. Never waits. */
  static RunLock tryAcquire(MigratePlan plan) throws SQLException {
    Connection c = plan.target().connect();
    try (PreparedStatement s =
        c.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?), hashtext(?))")) {
      s.setString(1, "ferry run into schema " + plan.schema());
      s.setString(2, plan.job().job().name());
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next() && rs.getBoolean(1)) {
          return new RunLock(c);
        }
      }
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    c.close();
    return new RunLock(null);
  }

  boolean held() {
    return connection != null;
  }

  /** Releases the lock (by ending its session); a connection already lost released it before. */
  @Override
  public void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // The server dropped the session, and the lock with it.
      }
    }
  }
}
