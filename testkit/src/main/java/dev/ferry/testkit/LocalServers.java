package dev.ferry.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** What {@link PostgresServer} and {@link MariaDbServer} do the same way. */
final class LocalServers {

  /** Lower case so that no client has to quote it; 63 is PostgreSQL's identifier limit. */
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private LocalServers() {}

  /**
   * A loopback port nobody listens on right now. Another process could take it before the server
   * binds it; on a test machine that race is rare enough to accept.
   */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** A random password, so that a test can only log in by asking the server object. */
  static String newPassword() {
    byte[] bytes = new byte[12];
    new SecureRandom().nextBytes(bytes);
    return "ferry-" + HexFormat.of().formatHex(bytes);
  }

  static String checkDatabaseName(String name) {
    if (name == null || !DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "database name must match " + DATABASE_NAME.pattern() + ", got: " + name);
    }
    return name;
  }

  /** Runs each statement in autocommit mode, in order, on one connection. */
  static void execute(String jdbcUrl, String user, String password, String... sql) {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
        Statement statement = connection.createStatement()) {
      for (String s : sql) {
        statement.execute(s);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("failed on " + jdbcUrl + ": " + e.getMessage(), e);
    }
  }

  static Path createTempDirectory(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Best effort: runs in shutdown hooks, where there is nobody left to report to, and where a
   * library's own hook may be deleting some of the same files.
   */
  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      System.err.println("could not delete " + root + ": " + e);
    }
  }

  static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
