package dev.ferry.schemas.mysql;

import dev.ferry.schemas.sql.JdbcLogin;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * MySQL and MariaDB failures → one line a person can act on: what failed, at which server and as
 * which user, and what to do. Server error numbers decide first (they are the same on both
 * servers), then SQLState and the cause the driver wraps. The password never appears: not in the
 * text written here, and any occurrence in a driver message is masked.
 */
final class MysqlErrors {

  private MysqlErrors() {}

  static String describe(SQLException e, JdbcLogin login) {
    String at = "MySQL at " + login.location();
    String user = login.user().isEmpty() ? "(the driver's default user)" : "'" + login.user() + "'";
    String database = login.database();
    String message = serverMessage(e, login);
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    switch (e.getErrorCode()) {
      case 1045:
        return at
            + " refused the login of user "
            + user
            + " (wrong user name or password): check source.user and source.password";
      case 1044:
        return "user "
            + user
            + " may not use database '"
            + database
            + "' on "
            + at
            + ": grant it read access (GRANT SELECT, SHOW VIEW ON `"
            + database
            + "`.* TO ...)";
      case 1049:
        return "database '"
            + database
            + "' does not exist on "
            + at
            + ": check the database name in source.url";
      case 1146:
        return "a table is missing on "
            + at
            + " ("
            + message
            + "): it was dropped or renamed after the inventory was read; run the job again";
      case 1142, 1143, 1227:
        return "user "
            + user
            + " lacks a privilege on "
            + at
            + " ("
            + message
            + "): grant SELECT on the database to it";
      case 1130:
        return at
            + " does not accept connections from this machine for user "
            + user
            + " ("
            + message
            + "): create the user for this client's host";
      case 1040, 1203, 1226:
        return at
            + " has no connection left for user "
            + user
            + " ("
            + message
            + "): lower the job's parallelism or raise the server's connection limits";
      case 1969, 3024:
        return at
            + " stopped a read at its statement time limit ("
            + message
            + "): raise max_statement_time (MariaDB) or max_execution_time (MySQL) for user "
            + user
            + ", or read smaller ranges";
      case 1053, 1927, 2006, 2013:
        return lost(at, message);
      default:
        break;
    }
    if (state.equals("28000")) {
      return at
          + " refused the login of user "
          + user
          + " ("
          + message
          + "): check source.user and source.password";
    }
    if (state.startsWith("08")) {
      return connection(e, login, at, message);
    }
    return at
        + " failed for user "
        + user
        + ": "
        + message
        + " (SQLState "
        + (state.isEmpty() ? "none" : state)
        + ", error "
        + e.getErrorCode()
        + ")";
  }

  /** A connection that failed to open or broke: the cause the driver wraps tells which. */
  private static String connection(SQLException e, JdbcLogin login, String at, String message) {
    String host = host(login.location());
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException) {
        return "cannot reach "
            + at
            + ": host '"
            + host
            + "' is unknown; check the host name in source.url";
      }
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return "cannot reach "
            + at
            + ": nothing accepts connections there ("
            + message
            + "); check that the server runs and the host and port in source.url";
      }
      if (t instanceof SocketTimeoutException) {
        return "cannot reach "
            + at
            + ": no answer within "
            + JdbcLogin.CONNECT_TIMEOUT_SECONDS
            + " s; check the host, port and any firewall between";
      }
    }
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("ssl") || lower.contains("tls")) {
      return "cannot open a secure connection to "
          + at
          + " ("
          + message
          + "): if the server has no TLS, add sslMode=disable to source.url; if its certificate"
          + " is not trusted here, use sslMode=trust or serverSslCert=<file>";
    }
    if (lower.contains("could not connect")) {
      return "cannot reach " + at + " (" + message + "): check the host and port in source.url";
    }
    return lost(at, message);
  }

  private static String lost(String at, String message) {
    return "lost the connection to "
        + at
        + " ("
        + message
        + "): the server restarted or closed it (wait_timeout, net_write_timeout, a proxy);"
        + " run the job again";
  }

  /**
   * The driver's message on one line, without its {@code (conn=N)} prefix and with the login's
   * secrets masked should the driver echo them (it quotes a URL it cannot parse).
   */
  private static String serverMessage(SQLException e, JdbcLogin login) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    m = m.replaceFirst("^\\(conn=\\d+\\)\\s*", "").replaceAll("\\s+", " ").strip();
    return login.redact(m);
  }

  /** The host of {@code host:port/database}. */
  private static String host(String location) {
    String hostPort =
        location.contains("/") ? location.substring(0, location.indexOf('/')) : location;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      return close > 0 ? hostPort.substring(1, close) : hostPort;
    }
    int colon = hostPort.lastIndexOf(':');
    return colon >= 0 ? hostPort.substring(0, colon) : hostPort;
  }
}
