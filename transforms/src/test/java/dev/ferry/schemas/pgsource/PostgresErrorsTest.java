package dev.ferry.schemas.pgsource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.schemas.Secret;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.testkit.PostgresExtension;
import dev.ferry.testkit.PostgresServer;
import dev.ferry.testkit.TestDatabase;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Failures to connect or read, each as the one line {@code describe} gives, against a real
 * PostgreSQL 17 that asks for passwords. No line ever holds the password.
 */
@ExtendWith(PostgresExtension.class)
class PostgresErrorsTest {

  /** A password no message may contain. */
  private static final String MARKER = "pw-MARKER-7f3a9c";

  private static final PostgresSourceDialect PG = PostgresSourceDialect.INSTANCE;

  private static TestDatabase database;

  @BeforeAll
  static void load(TestDatabase db) {
    database = db;
    PostgresServer.shared()
        .execute(
            db.name(),
            "DROP ROLE IF EXISTS pgsource_reader",
            "CREATE ROLE pgsource_reader LOGIN PASSWORD '" + MARKER + "'",
            "CREATE TABLE secrets (id integer PRIMARY KEY)",
            "CREATE TABLE slow (id integer)",
            "INSERT INTO slow VALUES (1)");
  }

  /** The one line for what connecting as {@code login} throws. */
  private static String connecting(JdbcLogin login) {
    SQLException e =
        assertThrows(
            SQLException.class,
            () -> {
              try (Connection ignored = login.connect()) {
                // connecting is what fails
              }
            });
    return described(e, login);
  }

  private static String described(SQLException e, JdbcLogin login) {
    String line = PG.describe(e, login);
    assertFalse(line.contains(MARKER), line);
    assertFalse(line.contains("\n"), line);
    return line;
  }

  private static JdbcLogin login(String url, String user, String password) {
    return JdbcLogin.of(url, user, Secret.of(password));
  }

  @Test
  void wrongPassword() {
    JdbcLogin login = login(database.jdbcUrl(), "pgsource_reader", MARKER + "-wrong");
    assertEquals(
        "PostgreSQL "
            + login.location()
            + " refused user pgsource_reader: password authentication failed;"
            + " check the user and password",
        connecting(login));
  }

  @Test
  void missingPassword() {
    JdbcLogin login = login(database.jdbcUrl(), "pgsource_reader", "");
    assertEquals(
        "PostgreSQL "
            + login.location()
            + " asks user pgsource_reader for a password and none was given; set the password",
        connecting(login));
  }

  @Test
  void loginRefusedByPgHba() throws Exception {
    PostgresServer pg = PostgresServer.shared();
    pg.execute(
        database.name(),
        "DROP ROLE IF EXISTS pgsource_blocked",
        "CREATE ROLE pgsource_blocked LOGIN PASSWORD '" + MARKER + "'");
    Path hba;
    try (Connection c = database.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW hba_file")) {
      rs.next();
      hba = Path.of(rs.getString(1));
    }
    String original = Files.readString(hba);
    try {
      Files.writeString(hba, "host all pgsource_blocked all reject\n" + original);
      reloadAndWait(pg, true);
      JdbcLogin login = login(database.jdbcUrl(), "pgsource_blocked", MARKER);
      assertEquals(
          "PostgreSQL "
              + login.location()
              + " does not let user pgsource_blocked in (pg_hba.conf rejects connection for host"
              + " \"127.0.0.1\", user \"pgsource_blocked\", database \""
              + database.name()
              + "\", no encryption); if the server only accepts SSL connections add"
              + " sslmode=require to the URL, otherwise ask its administrator to allow this login"
              + " in pg_hba.conf",
          connecting(login));
    } finally {
      Files.writeString(hba, original);
      reloadAndWait(pg, false);
    }
  }

  /** Reloads the server's configuration and waits until the blocked login is (not) refused. */
  private static void reloadAndWait(PostgresServer pg, boolean blocked) throws Exception {
    pg.execute(database.name(), "SELECT pg_reload_conf()");
    JdbcLogin login = login(database.jdbcUrl(), "pgsource_blocked", MARKER);
    for (int attempt = 0; attempt < 200; attempt++) {
      boolean refused;
      try (Connection ignored = login.connect()) {
        refused = false;
      } catch (SQLException e) {
        refused = "28000".equals(e.getSQLState());
      }
      if (refused == blocked) {
        return;
      }
      Thread.sleep(25);
    }
    throw new AssertionError("pg_hba.conf reload did not take effect");
  }

  @Test
  void unknownDatabase() {
    String url = database.jdbcUrl().replace(database.name(), "no_such_db");
    JdbcLogin login = login(url, "pgsource_reader", MARKER);
    assertEquals(
        "PostgreSQL "
            + login.location()
            + ": database \"no_such_db\" does not exist; check the database name in the job's URL",
        connecting(login));
  }

  @Test
  void refusedPort() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    JdbcLogin login =
        login("jdbc:postgresql://127.0.0.1:" + port + "/shop", "pgsource_reader", MARKER);
    assertEquals(
        "cannot connect to PostgreSQL 127.0.0.1:"
            + port
            + "/shop: connection refused; check that the server runs and listens on that host"
            + " and port",
        connecting(login));
  }

  @Test
  void unknownHost() {
    JdbcLogin login =
        login("jdbc:postgresql://no-such-host.invalid:5432/shop", "pgsource_reader", MARKER);
    assertEquals(
        "cannot connect to PostgreSQL no-such-host.invalid:5432/shop: unknown host"
            + " no-such-host.invalid; check the host name in the job's URL",
        connecting(login));
  }

  @Test
  void sslRequiredButNotOffered() {
    JdbcLogin login = login(database.jdbcUrl() + "?sslmode=require", "pgsource_reader", MARKER);
    assertEquals(
        "cannot connect to PostgreSQL "
            + login.location()
            + ": The server does not support SSL; remove sslmode from the URL or enable"
            + " SSL on the server",
        connecting(login));
  }

  @Test
  void permissionDeniedOnATable() throws Exception {
    JdbcLogin login = login(database.jdbcUrl(), "pgsource_reader", MARKER);
    SQLException e;
    try (Connection c = login.connect();
        PreparedStatement s = c.prepareStatement("SELECT * FROM secrets")) {
      PG.prepareRead(c, s);
      e = assertThrows(SQLException.class, s::executeQuery);
    }
    assertEquals(
        "PostgreSQL "
            + login.location()
            + ": user pgsource_reader may not read this (permission denied for table secrets); grant it"
            + " SELECT on the schema's tables, e.g. GRANT SELECT ON ALL TABLES IN SCHEMA … TO"
            + " pgsource_reader",
        described(e, login));
  }

  @Test
  void statementTimeout() throws Exception {
    JdbcLogin login = login(database.jdbcUrl(), database.user(), database.password());
    SQLException e;
    try (Connection c = login.connect();
        Statement s = c.createStatement()) {
      PG.prepareRead(c, s);
      s.execute("SET statement_timeout = '50ms'");
      e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT pg_sleep(5) FROM slow"));
    }
    assertEquals(
        "PostgreSQL "
            + login.location()
            + " cancelled the read (canceling statement due to statement timeout); if"
            + " statement_timeout cut it short, raise it for user postgres (ALTER ROLE … SET"
            + " statement_timeout = 0) or read in more, smaller ranges",
        described(e, login));
  }

  @Test
  void passwordInAServerMessageIsMasked() {
    JdbcLogin login = login(database.jdbcUrl(), "pgsource_reader", MARKER);
    SQLException e = new SQLException("odd failure mentioning " + MARKER, "XX000");
    assertEquals(
        "PostgreSQL "
            + login.location()
            + " as user pgsource_reader failed: odd failure mentioning **** (SQLSTATE XX000)",
        described(e, login));
  }
}
