package dev.ferry.schemas.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ServerAddress;
import dev.ferry.schemas.Secret;
import dev.ferry.schemas.sql.JdbcLogin;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.bson.UuidRepresentation;

/**
 * A MongoDB server, database and login: the one place a MongoDB connection string is built, and the
 * one place it is made safe to print.
 *
 * <pre>{@code
 * MongoLogin login = MongoLogin.of("mongodb://db:27017/crm", "app", Secret.of(password));
 * try (MongoClient c = MongoClients.create(login.settings(MongoLogin.CONNECT_TIMEOUT))) { ... }
 * }</pre>
 *
 * <p>The URL names the database ({@code mongodb://host:port/db} or {@code mongodb+srv://host/db})
 * and carries no credentials: the user and the password come from the job (the password from the
 * environment) and go into the connection string only in {@link #revealUri()}, for the driver.
 * {@link #displayUrl()} drops the query, whose options may carry credentials too ({@code
 * authMechanismProperties}).
 *
 * @param url {@code mongodb://…} or {@code mongodb+srv://…}, with a database, without credentials
 * @param user the login, or empty to connect without one
 */
public record MongoLogin(String url, String user, Secret password) implements Serializable {

  /** How long finding a reachable server may take before a catalog or probe call fails. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  public MongoLogin {
    Objects.requireNonNull(url, "url");
    user = user == null ? "" : user;
    password = password == null ? Secret.of("") : password;
  }

  /**
   * Checks {@code url} and returns the login.
   *
   * @throws IllegalArgumentException naming the URL (without credentials) when it is not a MongoDB
   *     URL, carries {@code user:password@}, names no database or does not parse
   */
  public static MongoLogin of(String url, String user, Secret password) {
    MongoLogin login = new MongoLogin(url, user, password);
    if (!isMongoUrl(url)) {
      throw new IllegalArgumentException(
          "'" + login.displayUrl() + "' is not a MongoDB URL (mongodb://… or mongodb+srv://…)");
    }
    if (JdbcLogin.hasCredentials(url)) {
      throw new IllegalArgumentException(
          login.displayUrl()
              + " has credentials in the URL (user:password@host); give the user as the login"
              + " and the password in the environment instead");
    }
    ConnectionString parsed;
    try {
      parsed = new ConnectionString(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + login.displayUrl() + "' is not a valid MongoDB URL: " + e.getMessage(), e);
    }
    if (parsed.getDatabase() == null || parsed.getDatabase().isEmpty()) {
      throw new IllegalArgumentException(
          login.displayUrl()
              + " names no database: write it after the host, e.g. mongodb://host:27017/crm");
    }
    return login;
  }

  /** Whether {@code url} is a {@code mongodb://} or {@code mongodb+srv://} URL. */
  public static boolean isMongoUrl(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    return lower.startsWith("mongodb://") || lower.startsWith("mongodb+srv://");
  }

  /** The URL without query options or credentials: safe to print. */
  public String displayUrl() {
    return JdbcLogin.of(url, null, null).displayUrl();
  }

  /** The hosts as messages name the server, e.g. {@code db1:27017,db2:27017}. */
  public String hosts() {
    return new ConnectionString(url)
        .getHosts().stream()
            .map(h -> new ServerAddress(h).toString())
            .collect(Collectors.joining(","));
  }

  /** The database the URL names. */
  public String database() {
    return new ConnectionString(url).getDatabase();
  }

  /**
   * How the driver maps binary subtypes 3 and 4 to {@code java.util.UUID} for this URL ({@code
   * uuidRepresentation=…}; unspecified leaves them as binary). Whoever turns decoded documents back
   * into BSON must use the same, or UUIDs change subtype.
   */
  public UuidRepresentation uuidRepresentation() {
    UuidRepresentation r = new ConnectionString(url).getUuidRepresentation();
    return r == null ? UuidRepresentation.UNSPECIFIED : r;
  }

  /**
   * The connection string with the user and password in it, for the driver and for Beam's
   * MongoDbIO, which takes nothing else. It holds the secret: never print it or put it in a
   * message.
   */
  public String revealUri() {
    if (user.isEmpty()) {
      return url;
    }
    int hosts = url.indexOf("//") + 2;
    String credentials =
        encode(user) + (password.isEmpty() ? "" : ":" + encode(password.reveal())) + "@";
    return url.substring(0, hosts) + credentials + url.substring(hosts);
  }

  /**
   * Driver settings for short calls (catalog, probes): the URL's options, the login, and a server
   * selection timeout of {@code timeout} unless the URL sets {@code serverSelectionTimeoutMS}.
   */
  public MongoClientSettings settings(Duration timeout) {
    ConnectionString connection;
    try {
      connection = new ConnectionString(revealUri());
    } catch (IllegalArgumentException e) {
      // The driver's message may quote the user information; say only where it went wrong.
      throw new IllegalArgumentException(
          "the user and password do not fit a connection string for " + displayUrl());
    }
    MongoClientSettings.Builder b = MongoClientSettings.builder().applyConnectionString(connection);
    if (!url.toLowerCase(Locale.ROOT).contains("serverselectiontimeoutms=")) {
      b.applyToClusterSettings(
          c -> c.serverSelectionTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }
    if (connection.getApplicationName() == null) {
      b.applicationName("ferry");
    }
    return b.build();
  }

  /** Percent-encoding as the driver decodes user information: a space is %20, not '+'. */
  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return "MongoLogin[" + displayUrl() + (user.isEmpty() ? "" : " as " + user) + "]";
  }
}
