package dev.ferry.schemas.pgsource;

import dev.ferry.schemas.sql.JdbcLogin;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * One line for a PostgreSQL failure: what failed, on which server and as which user, and what to
 * do. Decided by SQLSTATE and by the network exception underneath, not by message text, which the
 * server translates. Never contains the password.
 */
final class PostgresErrors {

  private PostgresErrors() {}

  static String describe(SQLException e, JdbcLogin login) {
    return login.redact(oneLine(describe(e, login, login.location(), user(login))));
  }

  private static String describe(SQLException e, JdbcLogin login, String where, String user) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String server = serverMessage(e);
    Throwable network = networkCause(e);
    if (network instanceof UnknownHostException) {
      return "cannot connect to PostgreSQL "
          + where
          + ": unknown host "
          + network.getMessage()
          + "; check the host name in the job's URL";
    }
    if (network instanceof ConnectException || network instanceof NoRouteToHostException) {
      return "cannot connect to PostgreSQL "
          + where
          + ": connection refused; check that the server runs and listens on that host and port";
    }
    if (network instanceof SocketTimeoutException && state.startsWith("08")) {
      return "cannot connect to PostgreSQL "
          + where
          + ": no answer within "
          + JdbcLogin.CONNECT_TIMEOUT_SECONDS
          + " s; check the host, the port and any firewall between";
    }
    if (network instanceof SSLException) {
      if (certificateCause(network) != null) {
        return "cannot connect to PostgreSQL "
            + where
            + ": the server's certificate is not trusted ("
            + withoutClassNames(certificateCause(network).getMessage())
            + "); put the certificate of the CA that signed it in the file sslrootcert names, or"
            + " use sslmode=require to encrypt without checking it";
      }
      return "cannot connect to PostgreSQL "
          + where
          + ": the SSL handshake failed ("
          + withoutClassNames(network.getMessage())
          + "); check sslmode, sslrootcert and the server's certificate";
    }
    switch (state) {
      case "28P01":
        return "PostgreSQL "
            + where
            + " refused user "
            + user
            + ": password authentication failed; check the user and password";
      case "28000":
        return noAccess(e, where, user, server);
      case "3D000":
        return "PostgreSQL "
            + where
            + ": database \""
            + login.database()
            + "\" does not exist; check the database name in the job's URL";
      case "3F000":
        return "PostgreSQL " + where + ": " + server + "; check currentSchema in the job's URL";
      case "08004":
        return rejected(e, where, user, server);
      case "42501":
        return "PostgreSQL "
            + where
            + ": user "
            + user
            + " may not read this ("
            + server
            + "); grant it SELECT on the schema's tables, e.g. GRANT SELECT ON ALL TABLES IN"
            + " SCHEMA … TO "
            + user;
      case "57014":
        return "PostgreSQL "
            + where
            + " cancelled the read ("
            + server
            + "); if statement_timeout cut it short, raise it for user "
            + user
            + " (ALTER ROLE … SET statement_timeout = 0) or read in more, smaller ranges";
      case "53300":
        return "PostgreSQL "
            + where
            + " has no free connection slots ("
            + server
            + "); lower the job's parallelism or raise max_connections";
      case "57P01", "57P02", "57P03":
        return "PostgreSQL "
            + where
            + " is shutting down or not accepting connections ("
            + server
            + "); run the job again once it is back";
      case "22021":
        return "PostgreSQL "
            + where
            + " holds text that is not valid UTF-8 ("
            + server
            + "); if it is a SQL_ASCII database, add allowEncodingChanges=true to the URL"
            + " so ferry reads the raw bytes and rejects or repairs each bad value";
      case "42P01", "42703":
        return "PostgreSQL "
            + where
            + ": "
            + server
            + "; the schema changed since the inventory was read, run the job again";
      default:
        break;
    }
    if (state.startsWith("08")
        && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("hostnameverifier")) {
      // pgjdbc's own words (verify-full), translated but always naming its hostnameverifier.
      String hostPort = where.split("/", 2)[0];
      String host =
          hostPort.contains(":") ? hostPort.substring(0, hostPort.lastIndexOf(':')) : hostPort;
      return "cannot connect to PostgreSQL "
          + where
          + ": the server's certificate is not for host "
          + host
          + "; put a host name the certificate names in the URL, or use sslmode=verify-ca to"
          + " check who signed it but not the name";
    }
    if (state.startsWith("08")) {
      return "lost the connection to PostgreSQL "
          + where
          + " ("
          + server
          + "); check the network and the server's log, then run the job again";
    }
    return "PostgreSQL "
        + where
        + " as user "
        + user
        + " failed: "
        + server
        + " (SQLSTATE "
        + state
        + ")";
  }

  /** 28000: the server's pg_hba.conf has no line for this login, or the user does not exist. */
  private static String noAccess(SQLException e, String where, String user, String server) {
    String routine = routine(e);
    if (routine.equals("InitializeSessionUserId")) {
      return "PostgreSQL " + where + ": user " + user + " does not exist; check the user name";
    }
    String hint =
        server.toLowerCase(Locale.ROOT).contains("no encryption")
            ? "; if the server only accepts SSL connections add sslmode=require to the URL,"
                + " otherwise ask its administrator to allow this login in pg_hba.conf"
            : "; ask the server's administrator to allow this login in pg_hba.conf";
    return "PostgreSQL " + where + " does not let user " + user + " in (" + server + ")" + hint;
  }

  /** 08004: the driver or server rejected the connection before a login. */
  private static String rejected(SQLException e, String where, String user, String server) {
    String message = server.toLowerCase(Locale.ROOT);
    if (message.contains("ssl")) {
      // The driver's words end in a period ("The server does not support SSL."): drop it.
      return "cannot connect to PostgreSQL "
          + where
          + ": "
          + (server.endsWith(".") ? server.substring(0, server.length() - 1) : server)
          + "; remove sslmode from the URL or enable SSL on the server";
    }
    if (message.contains("password")) {
      return "PostgreSQL "
          + where
          + " asks user "
          + user
          + " for a password and none was given; set the password";
    }
    return "PostgreSQL " + where + " rejected the connection of user " + user + ": " + server;
  }

  private static String user(JdbcLogin login) {
    return login.user().isEmpty() ? "(the driver's default user)" : login.user();
  }

  /** The server's primary message without the Detail/Hint/Position lines pgjdbc appends. */
  private static String serverMessage(SQLException e) {
    if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
      ServerErrorMessage m = p.getServerErrorMessage();
      return m.getMessage() == null ? String.valueOf(e.getMessage()) : m.getMessage();
    }
    return String.valueOf(e.getMessage());
  }

  private static String routine(SQLException e) {
    if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
      String routine = p.getServerErrorMessage().getRoutine();
      return routine == null ? "" : routine;
    }
    return "";
  }

  private static Throwable networkCause(Throwable e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException
          || t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof SocketTimeoutException
          || t instanceof SSLException) {
        return t;
      }
    }
    return null;
  }

  /** The check that refused the server's certificate (verify-ca, verify-full), if that failed. */
  private static Throwable certificateCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException || t instanceof CertPathValidatorException) {
        return t;
      }
    }
    return null;
  }

  /**
   * JSSE messages quote the exceptions they wrap ({@code PKIX path validation failed:
   * java.security.cert.CertPathValidatorException: signature check failed}): keep the words.
   */
  private static String withoutClassNames(String message) {
    return String.valueOf(message)
        .replaceAll("(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ", "");
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
