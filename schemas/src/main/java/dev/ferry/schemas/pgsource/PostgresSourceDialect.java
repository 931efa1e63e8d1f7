package dev.ferry.schemas.pgsource;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.sql.ColumnReader;
import dev.ferry.schemas.sql.FilterBounds;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.schemas.sql.JdbcDialect;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;

/**
 * PostgreSQL as a source: the catalog of one schema ({@link PostgresCatalog}), standard identifier
 * quoting, streaming reads and one-line failures.
 *
 * <pre>{@code
 * JdbcDialect pg = PostgresSourceDialect.INSTANCE;
 * try (Connection c = login.connect()) {
 *   Inventory inventory = pg.inventory(c, login);
 * }
 * }</pre>
 *
 * <p>A read streams: {@link #prepareRead} turns autocommit off (pgjdbc ignores the fetch size in
 * autocommit mode and would load a whole table) and fetches {@value #FETCH_SIZE} rows at a time, in
 * a read-only REPEATABLE READ transaction with the session in UTC, so {@code timestamptz} values
 * print with {@code +00}.
 */
public final class PostgresSourceDialect implements JdbcDialect {
  private static final long serialVersionUID = 1L;

  public static final PostgresSourceDialect INSTANCE = new PostgresSourceDialect();

  /** Rows per round trip of a streaming read. */
  public static final int FETCH_SIZE = 10_000;

  public PostgresSourceDialect() {}

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public Inventory inventory(Connection connection, JdbcLogin login) throws SQLException {
    return PostgresCatalog.read(connection, login);
  }

  @Override
  public String quote(String identifier) {
    return Identifiers.quote(identifier);
  }

  /**
   * The quoted column; {@code money} through {@code numeric}, whose text does not depend on the
   * server's {@code lc_monetary}.
   */
  @Override
  public String selectExpression(Column column) {
    String quoted = quote(column.name());
    if (PostgresSourceTypes.isMoney(column.sourceType())) {
      return quoted + "::numeric" + (column.sourceType().endsWith("[]") ? "[]" : "");
    }
    return quoted;
  }

  /**
   * Sets {@code connection} up for one streaming read. Also keeps {@code statement} in the text
   * protocol (no server-side prepare, so no binary results): readers parse the server's own text.
   * In a {@code SQL_ASCII} database, with {@code allowEncodingChanges=true} in the URL, the session
   * sends text as raw bytes for the readers to check (see {@link TextReader}).
   */
  @Override
  public void prepareRead(Connection connection, Statement statement) throws SQLException {
    String url = connection.getMetaData().getURL();
    connection.setAutoCommit(false);
    connection.setReadOnly(true);
    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    try (PreparedStatement session =
        connection.prepareStatement(
            "SELECT set_config('TimeZone', 'UTC', false),"
                + " set_config('IntervalStyle', 'postgres', false),"
                + " set_config('bytea_output', 'hex', false),"
                + " set_config('search_path', quote_ident(?), false)")) {
      session.setString(1, PostgresCatalog.schema(url));
      session.execute();
    }
    if (rawText(connection, url)) {
      try (Statement encoding = connection.createStatement()) {
        encoding.execute("SET client_encoding TO 'SQL_ASCII'");
      }
    }
    statement.setFetchSize(FETCH_SIZE);
    statement.unwrap(PGStatement.class).setPrepareThreshold(0);
  }

  /**
   * Whether to read a {@code SQL_ASCII} database's text as raw bytes: the server checks what it
   * sends against the client encoding, so UTF-8 sessions fail on the first invalid byte. pgjdbc
   * allows the switch only with {@code allowEncodingChanges=true} in the URL.
   */
  private static boolean rawText(Connection connection, String url) throws SQLException {
    String server = connection.unwrap(PGConnection.class).getParameterStatus("server_encoding");
    return "SQL_ASCII".equalsIgnoreCase(server)
        && url.matches("(?i).*[?&]allowEncodingChanges=true(&.*)?");
  }

  @Override
  public ColumnReader reader(Column column, ReadOptions options) {
    return PostgresReaders.of(column, options);
  }

  /**
   * Bound as the column's own type: a {@code date}, a {@code timestamptz} instant, a {@code
   * timestamp} wall clock (for a column read as an instant in the job's zone, the earliest wall
   * clock read at or after the bound), integers and numerics as numbers. Date-times are rounded up
   * to the server's microseconds first. Text (collations), types carried as text (enums, domains,
   * arrays) and other casts are left to Java.
   */
  @Override
  public Optional<Object> filterParameter(Column column, Object bound, ReadOptions options) {
    Kind kind = column.type().kind();
    Kind stored = PostgresSourceTypes.map(column.sourceType()).type().kind();
    boolean integer = kind == Kind.INT16 || kind == Kind.INT32 || kind == Kind.INT64;
    boolean storedInteger = stored == Kind.INT16 || stored == Kind.INT32 || stored == Kind.INT64;
    Object parameter =
        switch (stored) {
          case DATE -> kind == Kind.DATE ? bound : null;
          case TIMESTAMP ->
              kind == Kind.TIMESTAMP
                  ? FilterBounds.earliestWallClock((Instant) bound, ZoneOffset.UTC)
                      .atOffset(ZoneOffset.UTC)
                  : null;
          case TIMESTAMP_LOCAL ->
              switch (kind) {
                case TIMESTAMP -> FilterBounds.earliestWallClock((Instant) bound, options.zone());
                case TIMESTAMP_LOCAL -> FilterBounds.ceilMicros((LocalDateTime) bound);
                default -> null;
              };
          case DECIMAL -> kind == Kind.DECIMAL ? bound : null;
          default -> integer && storedInteger ? bound : null;
        };
    return Optional.ofNullable(parameter);
  }

  @Override
  public String describe(SQLException e, JdbcLogin login) {
    return PostgresErrors.describe(e, login);
  }
}
