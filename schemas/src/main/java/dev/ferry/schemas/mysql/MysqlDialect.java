package dev.ferry.schemas.mysql;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.sql.ColumnReader;
import dev.ferry.schemas.sql.FilterBounds;
import dev.ferry.schemas.sql.JdbcDialect;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * MySQL 5.7/8 and MariaDB 10.2+ as a source, over the MariaDB driver.
 *
 * <pre>{@code
 * JdbcDialect mysql = MysqlDialect.INSTANCE;
 * try (Connection c = login.connect()) {
 *   Inventory inventory = mysql.inventory(c, login);
 * }
 * // per range: prepareRead, then SELECT selectExpression(...) and reader(...) for each column
 * }</pre>
 *
 * <p>A read session is set to UTC ({@code timestamp} values arrive as UTC wall clocks), UTF-8
 * results ({@code SET NAMES utf8mb4}; the driver also closes a connection switched to any other
 * character set), read-only transactions, and a generous {@code net_write_timeout}, since a
 * streamed result set waits on its consumer. Every SELECT is its own consistent InnoDB snapshot;
 * ranges read on separate connections are not one snapshot together.
 */
public final class MysqlDialect implements JdbcDialect {
  private static final long serialVersionUID = 1L;

  /** The dialect; it holds no state. */
  public static final MysqlDialect INSTANCE = new MysqlDialect();

  /**
   * Rows the driver fetches per round trip. Any positive fetch size makes the MariaDB driver stream
   * the result set instead of loading it whole.
   */
  public static final int FETCH_ROWS = 1_000;

  /** Seconds the server waits for a streaming reader to take more rows (default 60). */
  static final int NET_WRITE_TIMEOUT_SECONDS = 3_600;

  public MysqlDialect() {}

  @Override
  public String name() {
    return "mysql";
  }

  @Override
  public Inventory inventory(Connection connection, JdbcLogin login) throws SQLException {
    return MysqlCatalog.read(connection, login);
  }

  /** Backtick quoting: {@code Order `Details`} → {@code `Order ``Details```}. */
  @Override
  public String quote(String identifier) {
    if (identifier.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "identifier contains a NUL character: " + identifier.replace('\0', '?'));
    }
    return '`' + identifier.replace("`", "``") + '`';
  }

  /**
   * The column's quoted name, except for two types the server's text form would lose: a {@code
   * float} is widened to double (its text has six digits, the float up to nine), and geometry is
   * selected as WKT, prefixed {@code SRID=n;} when its SRID is not 0 (PostGIS's EWKT), or as WKB
   * when the column is cast to bytes.
   */
  @Override
  public String selectExpression(Column column) {
    String name = quote(column.name());
    return switch (MysqlTypes.map(column.sourceType()).stored()) {
      case FLOAT -> "(" + name + " * 1E0)";
      case GEOMETRY ->
          column.type().kind() == Kind.BYTES
              ? "ST_AsBinary(" + name + ")"
              : "IF(ST_SRID("
                  + name
                  + ") = 0, ST_AsText("
                  + name
                  + "), CONCAT('SRID=', ST_SRID("
                  + name
                  + "), ';', ST_AsText("
                  + name
                  + ")))";
      default -> name;
    };
  }

  @Override
  public void prepareRead(Connection connection, Statement statement) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("SET NAMES utf8mb4");
      s.execute("SET time_zone = '+00:00', net_write_timeout = " + NET_WRITE_TIMEOUT_SECONDS);
      s.execute("SET SESSION TRANSACTION READ ONLY");
    }
    statement.setFetchSize(FETCH_ROWS);
  }

  @Override
  public ColumnReader reader(Column column, ReadOptions options) {
    return MysqlReaders.of(column, options);
  }

  /**
   * Dates and date-times are bound as text, which the server converts to the column's type before
   * comparing (with all six fractional digits). A {@code datetime} read as an instant compares with
   * the earliest wall clock read at or after the bound in the job's zone; a {@code timestamp} with
   * the bound's UTC wall clock, the read session's zone. Integers and decimals compare as numbers;
   * text (collations) and casts to other kinds are left to Java.
   */
  @Override
  public Optional<Object> filterParameter(Column column, Object bound, ReadOptions options) {
    Kind kind = column.type().kind();
    return Optional.ofNullable(
        switch (MysqlTypes.map(column.sourceType()).stored()) {
          case DATE -> kind == Kind.DATE ? ((LocalDate) bound).toString() : null;
          case DATETIME ->
              switch (kind) {
                case TIMESTAMP ->
                    text(FilterBounds.earliestWallClock((Instant) bound, options.zone()));
                case TIMESTAMP_LOCAL -> text(FilterBounds.ceilMicros((LocalDateTime) bound));
                default -> null;
              };
          case TIMESTAMP ->
              kind == Kind.TIMESTAMP
                  ? text(FilterBounds.earliestWallClock((Instant) bound, ZoneOffset.UTC))
                  : null;
          case INTEGER ->
              kind == Kind.INT16 || kind == Kind.INT32 || kind == Kind.INT64 ? bound : null;
          case DECIMAL -> kind == Kind.DECIMAL ? bound : null;
          default -> null;
        });
  }

  private static final DateTimeFormatter DATETIME_TEXT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

  private static String text(LocalDateTime wallClock) {
    return DATETIME_TEXT.format(wallClock);
  }

  @Override
  public String describe(SQLException e, JdbcLogin login) {
    return MysqlErrors.describe(e, login);
  }
}
