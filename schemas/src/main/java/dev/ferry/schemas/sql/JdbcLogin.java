package dev.ferry.schemas.sql;

import dev.ferry.schemas.Secret;
import java.io.Serializable;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * A JDBC server and login: the one place a source or target connection is opened, and the one place
 * its URL is made safe to print.
 *
 * <pre>{@code
 * JdbcLogin login = JdbcLogin.of("jdbc:mysql://db:3306/shop", "app", Secret.of(password));
 * try (Connection c = login.connect()) { ... }
 * }</pre>
 *
 * <p>{@code jdbc:mysql:} URLs are opened with the MariaDB driver (it speaks to MySQL 5.7+ and
 * MariaDB alike), so one driver serves both. Connections time out after {@link
 * #CONNECT_TIMEOUT_SECONDS} so an unknown host fails in seconds, not minutes. The password is a
 * {@link Secret}; {@link #displayUrl()} drops query parameters and any {@code user:password@} part,
 * either of which may carry credentials.
 *
 * @param url {@code jdbc:mysql://…}, {@code jdbc:mariadb://…} or {@code jdbc:postgresql://…}
 * @param user the login, or empty to let the URL or driver decide
 */
public record JdbcLogin(String url, String user, Secret password) implements Serializable {

  /** How long opening a connection may take before it fails. */
  public static final int CONNECT_TIMEOUT_SECONDS = 15;

  public JdbcLogin {
    Objects.requireNonNull(url, "url");
    user = user == null ? "" : user;
    password = password == null ? Secret.of("") : password;
  }

  public static JdbcLogin of(String url, String user, Secret password) {
    return new JdbcLogin(url, user, password);
  }

  /** {@code mysql} for MySQL and MariaDB URLs, {@code postgres}, or {@code sqlite}. */
  public String dialect() {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:mysql:") || lower.startsWith("jdbc:mariadb:")) {
      return "mysql";
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return "postgres";
    }
    if (lower.startsWith("jdbc:sqlite:")) {
      return "sqlite";
    }
    throw new IllegalArgumentException(
        "unsupported JDBC URL "
            + displayUrl()
            + ": expected jdbc:mysql://, jdbc:mariadb://, jdbc:postgresql:// or jdbc:sqlite:");
  }

  /**
   * Whether the URL carries {@code user:password@} before its host. Drivers do not read it (pgjdbc
   * takes it for a host name and prints it back in errors), so jobs and commands refuse it.
   */
  public static boolean hasCredentials(String url) {
    int hosts = url.indexOf("//");
    if (hosts < 0) {
      return false;
    }
    int end = url.length();
    for (char c : new char[] {'/', '?'}) {
      int at = url.indexOf(c, hosts + 2);
      if (at >= 0) {
        end = Math.min(end, at);
      }
    }
    return url.substring(hosts + 2, end).contains("@");
  }

  /**
   * The first port in the URL's hosts that is not one (1 to 65535), else empty. Drivers fail on one
   * with their own words: pgjdbc quotes the whole URL, the MariaDB driver throws an {@code
   * IllegalArgumentException}; a job file check can name the key instead.
   */
  public static Optional<String> badPort(String url) {
    String location = of(url, null, null).location();
    for (String host : location.split("/", 2)[0].split(",")) {
      int colon = host.lastIndexOf(':');
      if (colon < 0 || host.endsWith("]")) {
        continue;
      }
      String port = host.substring(colon + 1);
      if (!port.matches("\\d{1,5}")
          || Integer.parseInt(port) < 1
          || Integer.parseInt(port) > 65535) {
        return Optional.of(port);
      }
    }
    return Optional.empty();
  }

  /** The URL without query parameters or credentials: safe to print. */
  public String displayUrl() {
    String shown = url;
    int query = shown.indexOf('?');
    if (query >= 0) {
      shown = shown.substring(0, query);
    }
    int at = shown.lastIndexOf('@');
    int hosts = shown.indexOf("//");
    if (at >= 0 && hosts >= 0 && at > hosts) {
      shown = shown.substring(0, hosts + 2) + shown.substring(at + 1);
    }
    return shown;
  }

  /** {@code text} (a driver's message) with this login's secrets masked: see the static form. */
  public String redact(String text) {
    return redact(text, url, password);
  }

  /**
   * {@code text} with the secrets of a login masked: the URL's query (drivers quote the whole URL
   * when they cannot parse it, and {@code password=} may be in it), each {@code *password*=} value
   * in it should a driver quote one alone, and {@code password}.
   */
  public static String redact(String text, String url, Secret password) {
    if (text == null) {
      return null;
    }
    String out = text;
    int query = url.indexOf('?');
    if (query >= 0) {
      out = out.replace(url.substring(query), "");
      for (String parameter : url.substring(query + 1).split("&")) {
        int eq = parameter.indexOf('=');
        String value = eq < 0 ? "" : parameter.substring(eq + 1);
        if (eq > 0 && parameter.substring(0, eq).toLowerCase(Locale.ROOT).contains("password")) {
          out = mask(mask(out, value), decoded(value));
        }
      }
    }
    return mask(out, password.reveal());
  }

  private static String decoded(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notEncoded) {
      return value;
    }
  }

  private static String mask(String text, String secret) {
    return secret.isEmpty() ? text : text.replace(secret, "****");
  }

  /** {@code host:port/database} as messages name the server, e.g. {@code db:3306/shop}. */
  public String location() {
    String shown = displayUrl();
    int hosts = shown.indexOf("//");
    return hosts >= 0 ? shown.substring(hosts + 2) : shown;
  }

  /** The database named in the URL's path, or "" when it names none. */
  public String database() {
    String rest = location();
    int slash = rest.indexOf('/');
    return slash < 0 ? "" : rest.substring(slash + 1);
  }

  /** A new connection; the caller closes it. */
  public Connection connect() throws SQLException {
    Properties properties = new Properties();
    if (!user.isEmpty()) {
      properties.setProperty("user", user);
    }
    if (!password.isEmpty()) {
      properties.setProperty("password", password.reveal());
    }
    String driverUrl = url;
    switch (dialect()) {
      case "mysql" -> {
        driverUrl = "jdbc:mariadb:" + url.substring(url.indexOf(':', 5) + 1);
        properties.putIfAbsent("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS * 1000));
      }
      case "postgres" -> {
        properties.putIfAbsent("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        properties.putIfAbsent("ApplicationName", "ferry");
      }
      default -> {}
    }
    return JdbcDrivers.connect(driverUrl, properties);
  }

  @Override
  public String toString() {
    return "JdbcLogin[" + displayUrl() + (user.isEmpty() ? "" : " as " + user) + "]";
  }
}
