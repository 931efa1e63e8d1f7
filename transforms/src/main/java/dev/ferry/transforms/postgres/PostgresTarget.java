package dev.ferry.transforms.postgres;

import dev.ferry.schemas.Secret;
import dev.ferry.schemas.sql.JdbcDrivers;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * The PostgreSQL server and login {@link WritePostgres} writes through.
 *
 * <pre>{@code
 * PostgresTarget.of("jdbc:postgresql://db:5432/shop", "loader", System.getenv("PG_PASSWORD"));
 * }</pre>
 *
 * <p>The password is a {@link Secret}: {@code toString()}, display data and every message built
 * from this record show {@link #displayUrl()} (the URL without its query parameters, which may
 * carry credentials too) and the user, never the password.
 *
 * @param url a {@code jdbc:postgresql://host[:port]/database} URL
 * @param user the login
 * @param password the login's password, empty for none
 */
public record PostgresTarget(String url, String user, Secret password) implements Serializable {

  private static final String PREFIX = "jdbc:postgresql:";

  public PostgresTarget {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (!url.startsWith(PREFIX)) {
      throw new IllegalArgumentException(
          "not a PostgreSQL JDBC URL: "
              + withoutParameters(url)
              + " (expected jdbc:postgresql://host:port/database)");
    }
  }

  public static PostgresTarget of(String url, String user, String password) {
    return new PostgresTarget(url, user, Secret.of(password));
  }

  /** The URL without query parameters: safe to print. */
  public String displayUrl() {
    return withoutParameters(url);
  }

  /** {@code host:port/database}, the short name messages use for the server. */
  public String location() {
    String rest = displayUrl().substring(PREFIX.length());
    return rest.startsWith("//") ? rest.substring(2) : rest;
  }

  /** A new connection as {@link #user()}; the caller closes it. */
  public Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (!password.isEmpty()) {
      properties.setProperty("password", password.reveal());
    }
    properties.setProperty("ApplicationName", "ferry");
    return JdbcDrivers.connect(url, properties);
  }

  @Override
  public String toString() {
    return "PostgresTarget[" + displayUrl() + " as " + user + "]";
  }

  private static String withoutParameters(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }
}
