package dev.ferry.transforms.read;

import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.ColumnReader;
import dev.ferry.schemas.sql.JdbcDialect;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.sql.ReadEvents;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.schemas.sql.RowFilter;
import dev.ferry.schemas.types.ValueRejected;
import dev.ferry.transforms.deadletter.FailedRow;
import dev.ferry.transforms.metrics.TableMetrics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Reads key ranges of a MySQL/MariaDB or PostgreSQL table over JDBC: one streaming query per range,
 * each column converted by its dialect's {@link ColumnReader} from the inventory (never from driver
 * metadata, so casts and the type mapping decide what a value becomes).
 *
 * <pre>{@code
 * RangeReader reader = JdbcRangeReader.of(login, new MysqlDialect(), table, ReadOptions.DEFAULT);
 * p.apply(ReadTable.from(reader));
 * }</pre>
 *
 * <p>Ranges split the table's integer split key between its minimum and maximum, which both servers
 * answer from the key's index; the catalog's row estimate decides how many ranges. A row with a
 * value that does not fit its column goes to failures with every column's stored text.
 *
 * <p>A {@link #withFilter row filter} is pushed into every query, the min/max of planning too, as
 * far as the dialect compares exactly ({@link JdbcDialect#filterParameter}), and applied to each
 * converted row as well: rows outside it are not read. A row that fails to convert goes to failures
 * whether or not it would pass the filter.
 *
 * <p>A reader keeps its connection between reads, each read in a transaction of its own, until
 * {@link #close}: a worker reading a thousand ranges logs in once, not a thousand times (a SCRAM
 * login costs both sides a few milliseconds of hashing, and the server a new process). A kept
 * connection is checked before it is used again and replaced if the server dropped it.
 */
public final class JdbcRangeReader implements RangeReader {
  private static final long serialVersionUID = 1L;

  private final JdbcLogin login;
  private final JdbcDialect dialect;
  private final Table table;
  private final ReadOptions options;
  private final RowFilter filter;

  /** Attempts to connect before a range read gives up: a restarting server gets ~15 seconds. */
  private static final int CONNECT_ATTEMPTS = 5;

  /** How long a kept connection may take to answer before it is replaced. */
  private static final int VALID_SECONDS = 5;

  /** The connection kept since the last read, if any: each worker's copy keeps its own. */
  private transient Connection kept;

  private JdbcRangeReader(
      JdbcLogin login, JdbcDialect dialect, Table table, ReadOptions options, RowFilter filter) {
    this.login = login;
    this.dialect = dialect;
    this.table = table;
    this.options = options;
    this.filter = filter;
  }

  public static JdbcRangeReader of(
      JdbcLogin login, JdbcDialect dialect, Table table, ReadOptions options) {
    return new JdbcRangeReader(login, dialect, table, options, null);
  }

  /**
   * The same reader keeping only the rows {@code filter} keeps.
   *
   * @throws IllegalArgumentException when the filter's column is not one of this table's columns
   */
  public JdbcRangeReader withFilter(RowFilter filter) {
    filter.columnIndex(table);
    return new JdbcRangeReader(login, dialect, table, options, filter);
  }

  @Override
  public Optional<RowFilter> filter() {
    return Optional.ofNullable(filter);
  }

  @Override
  public Table table() {
    return table;
  }

  @Override
  public String describe() {
    return login.displayUrl();
  }

  @Override
  public List<KeyRange> ranges(long rowsPerSplit) {
    if (table.splitKey().isEmpty()) {
      return List.of(KeyRange.whole());
    }
    String key = dialect.quote(table.splitKey().get());
    FilterClause pushed = FilterClause.of(dialect, filter(), options);
    String sql =
        "SELECT min("
            + key
            + "), max("
            + key
            + ") FROM "
            + dialect.quote(table.name())
            + where(pushed.conditions());
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      dialect.prepareRead(c, s); // the read's session (UTC), which pushed-down bounds assume
      pushed.bind(s, 1);
      java.math.BigDecimal low;
      java.math.BigDecimal high;
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        low = rs.getBigDecimal(1);
        high = rs.getBigDecimal(2);
      }
      if (low == null) {
        return List.of(); // empty table, or no row in the filter: nothing to read
      }
      if (!fitsLong(low) || !fitsLong(high)) {
        // e.g. a bigint unsigned key above 2^63 - 1: ranges are longs, so one reader reads it all
        return List.of(KeyRange.whole());
      }
      long min = low.longValueExact();
      long max = high.longValueExact();
      long rows = table.rowEstimate() > 0 ? table.rowEstimate() : max - min + 1;
      return KeyRange.split(min, max, rows, rowsPerSplit);
    } catch (SQLException e) {
      throw new SourceException(
          "cannot plan the read of table " + table.name() + ": " + dialect.describe(e, login), e);
    }
  }

  @Override
  public void read(KeyRange range, Consumer<Row> rows, Consumer<FailedRow> failures) {
    List<Column> columns = table.columns();
    ColumnReader[] readers = new ColumnReader[columns.size()];
    for (int i = 0; i < readers.length; i++) {
      readers[i] = dialect.reader(columns.get(i), options);
    }
    Counter zeroDates = TableMetrics.zeroDates(table.name());
    ReadEvents events = column -> zeroDates.inc();
    FilterClause pushed = FilterClause.of(dialect, filter(), options);
    Connection c = null;
    boolean done = false;
    try {
      c = take();
      read(c, range, pushed, readers, events, rows, failures);
      done = true;
    } catch (SQLException e) {
      throw new SourceException(
          "cannot read table " + table.name() + ": " + dialect.describe(e, login), e);
    } finally {
      if (done) {
        keep(c);
      } else {
        closeQuietly(c); // its state is unknown: the next read logs in again
      }
    }
  }

  /** One range on {@code c}, in a transaction of its own, ended without a commit. */
  private void read(
      Connection c,
      KeyRange range,
      FilterClause pushed,
      ColumnReader[] readers,
      ReadEvents events,
      Consumer<Row> rows,
      Consumer<FailedRow> failures)
      throws SQLException {
    Schema rowSchema = rowSchema();
    List<Column> columns = table.columns();
    int filtered = filter == null ? -1 : filter.columnIndex(table);
    try (PreparedStatement s =
        c.prepareStatement(
            query(range, pushed), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
      dialect.prepareRead(c, s);
      int next = pushed.bind(s, 1);
      if (!range.wholeTable()) {
        s.setLong(next, range.from());
        s.setLong(next + 1, range.to());
      }
      try (ResultSet rs = s.executeQuery()) {
        Object[] values = new Object[readers.length];
        while (rs.next()) {
          List<String> problems = null;
          for (int i = 0; i < readers.length; i++) {
            try {
              values[i] = readers[i].read(rs, i + 1, events);
            } catch (ValueRejected e) {
              if (problems == null) {
                problems = new ArrayList<>();
              }
              problems.add(columns.get(i).name() + ": " + e.getMessage());
            }
          }
          if (problems == null) {
            if (filtered >= 0 && !filter.keeps(values[filtered])) {
              continue; // outside the filter: not read
            }
            rows.accept(Row.withSchema(rowSchema).attachValues(Arrays.asList(values.clone())));
          } else {
            failures.accept(
                FailedRow.of(
                    table.name(), FailedRow.READ, String.join("; ", problems), stored(rs)));
          }
        }
      }
      if (!c.getAutoCommit()) {
        c.rollback(); // read-only: end the snapshot without a commit
      }
    }
  }

  /** The kept connection if it still answers, else a new one. */
  private Connection take() throws SQLException {
    Connection c;
    synchronized (this) {
      c = kept;
      kept = null;
    }
    if (c != null) {
      try {
        if (c.isValid(VALID_SECONDS)) {
          return c;
        }
      } catch (SQLException e) {
        // dropped: log in again below
      }
      closeQuietly(c);
    }
    return connect();
  }

  /** Keeps {@code c} for the next read; a second one, from a read on another thread, is closed. */
  private void keep(Connection c) {
    Connection extra = c;
    synchronized (this) {
      if (kept == null) {
        kept = c;
        extra = null;
      }
    }
    closeQuietly(extra);
  }

  /** Closes the kept connection; a later read logs in again. */
  @Override
  public void close() {
    Connection c;
    synchronized (this) {
      c = kept;
      kept = null;
    }
    closeQuietly(c);
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      // already gone: nothing to release
    }
  }

  private static boolean fitsLong(java.math.BigDecimal v) {
    return v.compareTo(java.math.BigDecimal.valueOf(Long.MIN_VALUE)) >= 0
        && v.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
  }

  /**
   * A new connection, retried with backoff (1, 2, 4, 8 s) while the server is unreachable or
   * restarting (SQLState class 08, or 57P03 "the database system is starting up"). Login and
   * permission failures are not retried: they will not pass by waiting.
   */
  private Connection connect() throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        return login.connect();
      } catch (SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        boolean passing = state.startsWith("08") || state.equals("57P03");
        if (!passing || attempt >= CONNECT_ATTEMPTS) {
          throw e;
        }
        try {
          Thread.sleep(1000L << (attempt - 1));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** The row as the server stores it, as text, for the dead letter. */
  private Map<String, Object> stored(ResultSet rs) throws SQLException {
    Map<String, Object> original = new LinkedHashMap<>();
    List<Column> columns = table.columns();
    for (int i = 0; i < columns.size(); i++) {
      Object value;
      try {
        value = rs.getString(i + 1);
      } catch (SQLException e) {
        value = rs.getBytes(i + 1);
      }
      original.put(columns.get(i).name(), value);
    }
    return original;
  }

  private String query(KeyRange range, FilterClause pushed) {
    String select =
        "SELECT "
            + table.columns().stream()
                .map(dialect::selectExpression)
                .collect(Collectors.joining(", "))
            + " FROM "
            + dialect.quote(table.name());
    List<String> conditions = new ArrayList<>(pushed.conditions());
    if (!range.wholeTable()) {
      conditions.add(dialect.quote(table.splitKey().orElseThrow()) + " BETWEEN ? AND ?");
    }
    return select + where(conditions);
  }

  private static String where(List<String> conditions) {
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }
}
