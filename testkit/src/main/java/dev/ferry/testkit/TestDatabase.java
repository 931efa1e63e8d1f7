package dev.ferry.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * One empty database on a test server, with what a client needs to reach it. Handed to tests by
 * {@link PostgresExtension} and {@link MariaDbExtension}, or returned by {@code createDatabase}.
 *
 * @param jdbcUrl URL of the database, without credentials
 * @param user a user that owns the database
 * @param password that user's password
 * @param name the database's name
 */
public record TestDatabase(String jdbcUrl, String user, String password, String name) {

  /** A new connection with this database's credentials; the caller closes it. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  /** Leaves the password out, so it never shows up in test names or logs. */
  @Override
  public String toString() {
    return "TestDatabase[" + name + " at " + jdbcUrl + " as " + user + "]";
  }
}
