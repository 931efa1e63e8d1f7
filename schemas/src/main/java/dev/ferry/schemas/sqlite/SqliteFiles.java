package dev.ferry.schemas.sqlite;

import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.sql.JdbcDrivers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Properties;

/**
 * Opens SQLite sources read-only, after checking the file is there and really is SQLite: the driver
 * would otherwise create an empty database at a mistyped path and report zero tables.
 */
public final class SqliteFiles {

  private static final String PREFIX = "jdbc:sqlite:";
  private static final byte[] HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private SqliteFiles() {}

  /** The database file of {@code url}: {@code jdbc:sqlite:PATH}, {@code sqlite:PATH} or a path. */
  public static Path path(String url) {
    String rest = url;
    if (rest.startsWith(PREFIX)) {
      rest = rest.substring(PREFIX.length());
    } else if (rest.startsWith("sqlite:")) {
      rest = rest.substring("sqlite:".length());
    }
    if (rest.startsWith("file:")) {
      rest = rest.substring("file:".length());
    }
    int query = rest.indexOf('?');
    if (query >= 0) {
      rest = rest.substring(0, query);
    }
    if (rest.isBlank() || rest.equals(":memory:")) {
      throw new SourceException(
          "SQLite url '" + url + "' names no file: use jdbc:sqlite:path/to/file.db");
    }
    return Path.of(rest);
  }

  /** The JDBC url for the file, after checking that it is an SQLite database. */
  public static String checkedJdbcUrl(String url) {
    Path file = path(url);
    if (!Files.exists(file)) {
      throw new SourceException(
          "SQLite file not found: " + file + " (check source.url; ferry never creates a source)");
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new SourceException("SQLite file is not a readable file: " + file);
    }
    byte[] head = new byte[HEADER.length];
    try (InputStream in = Files.newInputStream(file)) {
      int n = in.readNBytes(head, 0, head.length);
      if (n < HEADER.length || !Arrays.equals(head, HEADER)) {
        throw new SourceException(
            "not an SQLite database: "
                + file
                + " (the file does not start with the SQLite header)");
      }
    } catch (IOException e) {
      throw new SourceException("cannot read SQLite file " + file + ": " + e.getMessage(), e);
    }
    return PREFIX + file;
  }

  /** Connection properties that open the file read-only. */
  public static Properties readOnlyProperties() {
    Properties p = new Properties();
    p.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
    return p;
  }

  /** Opens {@code url} read-only. */
  public static Connection openReadOnly(String url) {
    String jdbc = checkedJdbcUrl(url);
    try {
      return JdbcDrivers.connect(jdbc, readOnlyProperties());
    } catch (SQLException e) {
      throw new SourceException("cannot open SQLite file " + path(url) + ": " + e.getMessage(), e);
    }
  }
}
