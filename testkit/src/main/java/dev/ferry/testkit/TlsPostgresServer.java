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
 * A PostgreSQL 17 server that takes TLS connections only: {@code ssl=on} with a {@link
 * SelfSignedCertificate}, and a {@code pg_hba.conf} that rejects every connection without
 * encryption ({@code hostnossl … reject}), so a client that logs in at all spoke TLS. Connections
 * are logged ({@code log_connections}), with the TLS protocol of each, in {@link #log()}. Unlike
 * {@link PostgresServer} it is not shared: a test starts one and closes it.
 *
 * <pre>{@code
 * try (TlsPostgresServer pg = TlsPostgresServer.start()) {
 *   TestDatabase db = pg.createDatabase("shop");   // its URL has sslmode=require
 *   // trust pg.certificate() for sslmode=verify-full
 * }
 * }</pre>
 */
public final class TlsPostgresServer implements AutoCloseable {

  private static final String USER = "postgres";

  private final Path root;
  private final int port = LocalServers.freePort();
  private final String password = LocalServers.newPassword();
  private final SelfSignedCertificate certificate;
  private final EmbeddedPostgres postgres;

  private TlsPostgresServer() throws IOException {
    root = LocalServers.createTempDirectory("ferry-pg-tls-");
    certificate = SelfSignedCertificate.create(root, "server");
    postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(root.resolve("data"))
            .setPort(port)
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("unix_socket_directories", "''")
            .setServerConfig("fsync", "off")
            .setServerConfig("ssl", "on")
            .setServerConfig("ssl_cert_file", certificate.certificate().toString())
            .setServerConfig("ssl_key_file", certificate.key().toString())
            .setServerConfig("log_connections", "on")
            .setConnectConfig("password", password)
            .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log(root).toFile()))
            .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log(root).toFile()))
            .start();
  }

  /** Starts a server on a free loopback port; {@link #close()} stops it and deletes its files. */
  public static TlsPostgresServer start() {
    try {
      TlsPostgresServer server = new TlsPostgresServer();
      server.requireTlsAndPasswords();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start PostgreSQL with TLS", e);
    }
  }

  /** URL of {@code database}, asking for TLS ({@code sslmode=require}), without credentials. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database + "?sslmode=require";
  }

  /** The server's certificate (PEM): what a client trusts for {@code sslmode=verify-full}. */
  public Path certificate() {
    return certificate.certificate();
  }

  /** What the server logged so far, a line per connection ({@code SSL enabled (protocol=…)}). */
  public String log() {
    try {
      return Files.readString(log(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates an empty database called {@code name} ({@code [a-z_][a-z0-9_]*}). */
  public TestDatabase createDatabase(String name) {
    LocalServers.checkDatabaseName(name);
    LocalServers.execute(
        jdbcUrl("postgres"), USER, password, "CREATE DATABASE \"" + name + "\" STRATEGY FILE_COPY");
    return new TestDatabase(jdbcUrl(name), USER, password, name);
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop PostgreSQL", e);
    } finally {
      LocalServers.deleteTree(root);
    }
  }

  /** initdb trusts local logins; from now on only TLS with a password gets in. */
  private void requireTlsAndPasswords() throws IOException {
    LocalServers.execute(
        jdbcUrl("postgres"), USER, "", "ALTER USER " + USER + " PASSWORD '" + password + "'");
    Files.writeString(
        root.resolve("data/pg_hba.conf"),
        "hostssl all all 127.0.0.1/32 scram-sha-256\n"
            + "hostssl all all ::1/128 scram-sha-256\n"
            + "hostnossl all all 0.0.0.0/0 reject\n"
            + "hostnossl all all ::/0 reject\n");
    LocalServers.execute(jdbcUrl("postgres"), USER, password, "SELECT pg_reload_conf()");
    String plain = jdbcUrl("postgres").replace("sslmode=require", "sslmode=disable");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Connection ignored = DriverManager.getConnection(plain, USER, password)) {
        Thread.sleep(20);
      } catch (SQLException expected) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("PostgreSQL still accepts connections without TLS");
  }

  private static Path log(Path root) {
    return root.resolve("log");
  }
}
