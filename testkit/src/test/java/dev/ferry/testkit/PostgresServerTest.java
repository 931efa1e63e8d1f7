package dev.ferry.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresServerTest {

  private static PostgresServer server;

  @BeforeAll
  static void startServer() {
    long started = System.nanoTime();
    server = PostgresServer.shared();
    System.out.printf(
        "PostgreSQL: shared() returned in %d ms (the first start if this class ran first;"
            + " the server logs its own start time)%n",
        LocalServers.millisSince(started));
  }

  @Test
  void createsATableAndReadsItBack() throws SQLException {
    TestDatabase db = server.createDatabase("pg_read_back");
    server.execute(
        db.name(),
        "CREATE TABLE orders (id int PRIMARY KEY, note text)",
        "INSERT INTO orders VALUES (1, 'one'), (2, 'two')");

    assertEquals(List.of("1:one", "2:two"), rows(db, "SELECT id, note FROM orders ORDER BY id"));
    assertEquals(
        List.of("PostgreSQL 17"), rows(db, "SELECT substring(version() from '^\\S+ \\d+')"));
  }

  @Test
  void createDatabaseStartsEmpty() throws SQLException {
    TestDatabase first = server.createDatabase("pg_fresh");
    server.execute(first.name(), "CREATE TABLE leftover (id int)");

    TestDatabase second = server.createDatabase("pg_fresh");

    assertEquals(
        List.of("0"), rows(second, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
  }

  @Test
  void refusesAWrongPassword() {
    TestDatabase db = server.createDatabase("pg_wrong_password");

    SQLException e =
        assertThrows(
            SQLException.class,
            () -> DriverManager.getConnection(db.jdbcUrl(), db.user(), "not-the-password"));

    assertEquals("28P01", e.getSQLState(), e.getMessage()); // invalid_password
  }

  @Test
  void keepsDataAcrossStopAndStart() throws SQLException {
    TestDatabase db = server.createDatabase("pg_restart");
    server.execute(db.name(), "CREATE TABLE kept (id int)", "INSERT INTO kept VALUES (42)");

    server.stop();
    try {
      assertThrows(SQLException.class, db::connect);
    } finally {
      server.start();
    }

    assertEquals(List.of("42"), rows(db, "SELECT id FROM kept"));
  }

  @Test
  void rejectsNamesThatNeedQuoting() {
    assertThrows(IllegalArgumentException.class, () -> server.createDatabase("Orders"));
    assertThrows(IllegalArgumentException.class, () -> server.createDatabase("a\"; DROP"));
  }

  /** Each row as its columns joined by ':'. */
  static List<String> rows(TestDatabase db, String query) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i > 1 ? ":" : "").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }
}
