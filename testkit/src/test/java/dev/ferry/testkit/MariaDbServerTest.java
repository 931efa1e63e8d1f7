package dev.ferry.testkit;

import static dev.ferry.testkit.PostgresServerTest.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MariaDbServerTest {

  private static MariaDbServer server;

  @BeforeAll
  static void startServer() {
    long started = System.nanoTime();
    server = MariaDbServer.shared();
    System.out.printf(
        "MariaDB: shared() returned in %d ms (the first start if this class ran first;"
            + " the server logs its own start time)%n",
        LocalServers.millisSince(started));
  }

  @Test
  void createsATableAndReadsItBack() throws SQLException {
    TestDatabase db = server.createDatabase("maria_read_back");
    server.execute(
        db.name(),
        "CREATE TABLE orders (id int PRIMARY KEY, note varchar(10))",
        "INSERT INTO orders VALUES (1, 'one'), (2, 'two')");

    assertEquals(List.of("1:one", "2:two"), rows(db, "SELECT id, note FROM orders ORDER BY id"));
    assertTrue(rows(db, "SELECT version()").get(0).startsWith("11.4."));
  }

  @Test
  void createDatabaseStartsEmpty() throws SQLException {
    TestDatabase first = server.createDatabase("maria_fresh");
    server.execute(first.name(), "CREATE TABLE leftover (id int)");

    TestDatabase second = server.createDatabase("maria_fresh");

    assertEquals(
        List.of("0"),
        rows(
            second,
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'maria_fresh'"));
  }

  @Test
  void refusesAWrongPassword() {
    TestDatabase db = server.createDatabase("maria_wrong_password");

    SQLException e =
        assertThrows(
            SQLException.class,
            () -> DriverManager.getConnection(db.jdbcUrl(), db.user(), "not-the-password"));

    assertEquals(1045, e.getErrorCode(), e.getMessage()); // ER_ACCESS_DENIED_ERROR
    assertEquals("28000", e.getSQLState(), e.getMessage());
  }

  @Test
  void keepsDataAcrossStopAndStart() throws SQLException {
    TestDatabase db = server.createDatabase("maria_restart");
    server.execute(db.name(), "CREATE TABLE kept (id int)", "INSERT INTO kept VALUES (42)");

    server.stop();
    try {
      assertThrows(SQLException.class, db::connect);
    } finally {
      server.start();
    }

    assertEquals(List.of("42"), rows(db, "SELECT id FROM kept"));
  }
}
