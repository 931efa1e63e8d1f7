package dev.ferry.schemas.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.Secret;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.testkit.MariaDbExtension;
import dev.ferry.testkit.MariaDbServer;
import dev.ferry.testkit.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Failures against a real server, described in one line that names the server and user and says
 * what to do, and never the password: every login here uses a unique password marker that the
 * description must not contain.
 */
@ExtendWith(MariaDbExtension.class)
class MysqlErrorsTest {

  private static final MysqlDialect MYSQL = MysqlDialect.INSTANCE;
  private static final String MARKER = "pw-marker-" + UUID.randomUUID();

  private static String describeFailure(JdbcLogin login) {
    SQLException e = assertThrows(SQLException.class, () -> login.connect().close());
    String text = MYSQL.describe(e, login);
    assertFalse(text.contains(MARKER), text);
    assertFalse(text.contains("\n"), text);
    return text;
  }

  private static JdbcLogin login(TestDatabase db, String password) {
    return JdbcLogin.of(db.jdbcUrl(), db.user(), Secret.of(password));
  }

  @Test
  void wrongPassword(TestDatabase db) {
    JdbcLogin login = login(db, MARKER);
    assertEquals(
        "MySQL at "
            + login.location()
            + " refused the login of user 'ferry' (wrong user name or password):"
            + " check source.user and source.password",
        describeFailure(login));
  }

  @Test
  void unknownDatabase(TestDatabase db) {
    JdbcLogin login =
        JdbcLogin.of(
            db.jdbcUrl().replace("/" + db.name() + "?", "/no_such_db?"),
            db.user(),
            Secret.of(db.password()));
    assertEquals(
        "database 'no_such_db' does not exist on MySQL at "
            + login.location()
            + ": check the database name in source.url",
        describeFailure(login));
  }

  @Test
  void refusedPort(TestDatabase db) throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    JdbcLogin login =
        JdbcLogin.of(
            "jdbc:mysql://127.0.0.1:" + port + "/" + db.name() + "?sslMode=disable",
            db.user(),
            Secret.of(MARKER));
    String text = describeFailure(login);
    assertTrue(
        text.startsWith(
            "cannot reach MySQL at 127.0.0.1:" + port + "/" + db.name() + ": nothing accepts"),
        text);
    assertTrue(text.endsWith("check that the server runs and the host and port in source.url"));
  }

  @Test
  void unknownHost(TestDatabase db) {
    JdbcLogin login =
        JdbcLogin.of(
            "jdbc:mysql://no-such-host.invalid:3306/shop?sslMode=disable",
            "app",
            Secret.of(MARKER));
    assertEquals(
        "cannot reach MySQL at no-such-host.invalid:3306/shop: host 'no-such-host.invalid' is"
            + " unknown; check the host name in source.url",
        describeFailure(login));
  }

  @Test
  void accessDeniedToTheDatabase(TestDatabase db) {
    MariaDbServer.shared()
        .execute(
            "",
            "DROP USER IF EXISTS 'ferry_limited'@'%'",
            "CREATE USER 'ferry_limited'@'%' IDENTIFIED BY '" + MARKER + "'");
    JdbcLogin login = JdbcLogin.of(db.jdbcUrl(), "ferry_limited", Secret.of(MARKER));
    assertEquals(
        "user 'ferry_limited' may not use database '"
            + db.name()
            + "' on MySQL at "
            + login.location()
            + ": grant it read access (GRANT SELECT, SHOW VIEW ON `"
            + db.name()
            + "`.* TO ...)",
        describeFailure(login));
  }

  @Test
  void missingTable(TestDatabase db) throws SQLException {
    JdbcLogin login = login(db, db.password());
    try (Connection c = login.connect();
        Statement s = c.createStatement()) {
      SQLException e =
          assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM `gone`"));
      assertEquals(
          "a table is missing on MySQL at "
              + login.location()
              + " (Table '"
              + db.name()
              + ".gone' doesn't exist): it was dropped or renamed after the inventory was read;"
              + " run the job again",
          MYSQL.describe(e, login));
    }
  }

  @Test
  void lostConnection(TestDatabase db) throws SQLException {
    JdbcLogin login = login(db, db.password());
    try (Connection c = login.connect();
        Statement s = c.createStatement()) {
      long id;
      try (ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
        rs.next();
        id = rs.getLong(1);
      }
      MariaDbServer.shared().execute("", "KILL CONNECTION " + id);
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1"));
      String text = MYSQL.describe(e, login);
      assertTrue(
          text.startsWith("lost the connection to MySQL at " + login.location() + " ("), text);
      assertTrue(
          text.endsWith(
              "): the server restarted or closed it (wait_timeout, net_write_timeout, a proxy);"
                  + " run the job again"),
          text);
    }
  }

  @Test
  void masksThePasswordIfADriverMessageEverCarriesIt(TestDatabase db) {
    JdbcLogin login = login(db, MARKER);
    SQLException e =
        new SQLNonTransientConnectionException("bad url password=" + MARKER, "08000", 0);
    String text = MYSQL.describe(e, login);
    assertFalse(text.contains(MARKER), text);
    assertTrue(text.contains("password=****"), text);
  }

  @Test
  void tlsProblemsSayHowToConnect(TestDatabase db) {
    JdbcLogin login = login(db, MARKER);
    SQLException e =
        new SQLNonTransientConnectionException(
            "(conn=3) TLS/SSL error: SSL is required, but the server does not support it",
            "08000",
            0);
    assertEquals(
        "cannot open a secure connection to MySQL at "
            + login.location()
            + " (TLS/SSL error: SSL is required, but the server does not support it): if the"
            + " server has no TLS, add sslMode=disable to source.url; if its certificate is not"
            + " trusted here, use sslMode=trust or serverSslCert=<file>",
        MYSQL.describe(e, login));
  }

  @Test
  void otherErrorsKeepTheServersWordsAndCodes(TestDatabase db) {
    JdbcLogin login = login(db, MARKER);
    SQLException e = new SQLException("(conn=9) Deadlock found", "40001", 1213);
    assertEquals(
        "MySQL at "
            + login.location()
            + " failed for user 'ferry': Deadlock found (SQLState 40001, error 1213)",
        MYSQL.describe(e, login));
  }
}
