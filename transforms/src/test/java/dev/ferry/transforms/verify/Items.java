package dev.ferry.transforms.verify;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The same 40 rows of every kind verify must compare, written into SQLite as SQLite stores them
 * (text dates, 0/1 booleans, numeric affinity) and into PostgreSQL as its own types, so the two
 * only agree after ferry's type mapping. Some values are NULL, some empty.
 */
final class Items {

  static final int ROWS = 40;

  private static final DateTimeFormatter SQLITE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private Items() {}

  static void createSqlite(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE "
              + table
              + " (id INTEGER PRIMARY KEY, qty INT, big BIGINT, price DECIMAL(10,2), name TEXT,"
              + " at DATETIME, day DATE, flag BOOLEAN, data BLOB)");
    }
    try (PreparedStatement insert =
        c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 1; i <= ROWS; i++) {
        insert.setLong(1, i);
        insert.setObject(2, qty(i));
        insert.setObject(3, big(i));
        insert.setObject(4, price(i) == null ? null : price(i).toPlainString());
        insert.setObject(5, name(i));
        insert.setObject(6, at(i) == null ? null : SQLITE_TIME.format(at(i)));
        insert.setObject(7, day(i) == null ? null : day(i).toString());
        insert.setObject(8, flag(i) == null ? null : flag(i) ? 1 : 0);
        insert.setObject(9, data(i));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  static void createPostgres(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE "
              + table
              + " (id integer PRIMARY KEY, qty integer, big bigint, price numeric(10,2), name text,"
              + " at timestamptz, day date, flag boolean, data bytea)");
    }
    try (PreparedStatement insert =
        c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 1; i <= ROWS; i++) {
        insert.setInt(1, i);
        insert.setObject(2, qty(i), java.sql.Types.INTEGER);
        insert.setObject(3, big(i), java.sql.Types.BIGINT);
        insert.setObject(4, price(i), java.sql.Types.NUMERIC);
        insert.setObject(5, name(i), java.sql.Types.VARCHAR);
        insert.setObject(6, at(i) == null ? null : OffsetDateTime.ofInstant(at(i), ZoneOffset.UTC));
        insert.setObject(7, day(i));
        insert.setObject(8, flag(i), java.sql.Types.BOOLEAN);
        insert.setBytes(9, data(i));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  static Integer qty(int i) {
    return i % 7 == 0 ? null : i * 3;
  }

  static Long big(int i) {
    return i * 10_000_000_007L;
  }

  /** Written with two decimals; SQLite keeps {@code 1.5} of {@code 1.50}. */
  static BigDecimal price(int i) {
    return i % 5 == 0 ? null : new BigDecimal(i + ".50");
  }

  static String name(int i) {
    if (i % 11 == 0) {
      return null;
    }
    return i % 6 == 0 ? "" : "Zürich 東京 🚢 " + i;
  }

  static Instant at(int i) {
    return i % 8 == 0
        ? null
        : Instant.parse("2026-11-20T10:00:00.000001Z").plusSeconds(i * 3607L).plusNanos(i * 1000L);
  }

  static LocalDate day(int i) {
    return i % 9 == 0 ? null : LocalDate.of(2026, 1, 1).plusDays(i * 13L);
  }

  static Boolean flag(int i) {
    return i % 13 == 0 ? null : i % 2 == 0;
  }

  static byte[] data(int i) {
    if (i % 10 == 0) {
      return new byte[0];
    }
    return i % 9 == 1 ? null : new byte[] {(byte) i, (byte) 0xff, 0};
  }
}
