package dev.ferry.transforms.postgres;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * One connection that loads parts of batches, each in exactly one transaction: the part is all in
 * the table after {@link #load} returns, and none of it is when it throws. Writes that span tables
 * (a document's rows) build their transaction from {@link #begin}, {@link #copy}, {@link #update},
 * {@link #ordinals} and {@link #commit}, and {@link #rollback} on any error.
 */
final class PostgresSession implements AutoCloseable {

  /** Bytes handed to the driver at a time: big enough for few calls, small enough to stream. */
  private static final int CHUNK = 64 * 1024;

  /** Instants carry {@code +00}; this pins down local date-times written to timestamptz too. */
  private static final String SET_ZONE = "SET LOCAL TIME ZONE 'UTC'";

  private final Connection connection;
  private final CopyManager copies;
  private final byte[] chunk = new byte[CHUNK];

  private CopyIn stream;
  private CopyLines streamLines;

  /** A key the batch copies is already in the table. */
  private static final String UNIQUE_VIOLATION = "23505";

  private PostgresSession(Connection connection) throws SQLException {
    this.connection = connection;
    this.copies = connection.unwrap(PGConnection.class).getCopyAPI();
  }

  static PostgresSession open(PostgresTarget target) throws SQLException {
    Connection connection = target.connect();
    try {
      connection.setAutoCommit(false);
      return new PostgresSession(connection);
    } catch (SQLException | RuntimeException e) {
      closeAfter(connection, e);
      throw e;
    }
  }

  /**
   * COPYs {@code part} (into the table, or into staging and merges it, as {@code sql} says) and
   * commits; on any error, rolls back and throws. A COPY error's line number is the failing row's
   * index + 1. {@code tryDirect} false skips the plain COPY that already failed.
   */
  Loaded load(MergeSql sql, List<EncodedRow> part, boolean tryDirect) throws SQLException {
    if (tryDirect && sql.optimistic()) {
      CopyIn copy = null;
      try (Statement statement = connection.createStatement()) {
        statement.execute(SET_ZONE);
        copy = copies.copyIn(sql.directCopy());
        long bytes = send(copy, lines(part), false);
        long copied = copy.endCopy();
        connection.commit();
        return new Loaded(part.size(), copied, bytes);
      } catch (SQLException e) {
        abort(copy, e);
        if (!UNIQUE_VIOLATION.equals(e.getSQLState()) || connection.isClosed()) {
          throw e;
        }
        // some key is already in the table: merge this part instead
      } catch (RuntimeException e) {
        abort(copy, e);
        throw e;
      }
    }
    CopyIn copy = null;
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql.staged() ? SET_ZONE + "; " + sql.createStaging() : SET_ZONE);
      copy = copies.copyIn(sql.copy());
      long bytes = send(copy, lines(part), sql.staged());
      long copied = copy.endCopy();
      long changed = sql.staged() ? statement.executeUpdate(sql.merge()) : copied;
      connection.commit();
      return new Loaded(part.size(), changed, bytes);
    } catch (SQLException | RuntimeException e) {
      abort(copy, e);
      throw e;
    }
  }

  /**
   * Opens a plain COPY into the table that rows are streamed into as they are encoded ({@link
   * #streamRow}), so the server parses one batch while the next rows are read; {@link
   * #finishStream} commits it. Only for tables where {@link MergeSql#optimistic()} holds.
   */
  void startStream(MergeSql sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(SET_ZONE);
      stream = copies.copyIn(sql.directCopy());
      streamLines = new CopyLines(stream, chunk);
    } catch (SQLException | RuntimeException e) {
      abort(stream, e);
      stream = null;
      throw e;
    }
  }

  /** Adds one encoded row to the open stream. */
  void streamRow(byte[] line) throws SQLException {
    streamLines.add(line);
  }

  /** Ends the stream's COPY and commits it: {@code rows} rows are in the table. */
  Loaded finishStream(int rows) throws SQLException {
    long bytes = streamLines.flush();
    long copied = stream.endCopy();
    connection.commit();
    stream = null;
    return new Loaded(rows, copied, bytes);
  }

  /** Cancels the stream and rolls it back; the connection stays usable when it can. */
  void abortStream(Exception cause) {
    abort(stream, cause);
    stream = null;
  }

  /** Whether {@code schema.table} is a table. Ends the transaction it reads in. */
  boolean tableExists(String schema, String table) throws SQLException {
    String sqlText =
        "SELECT 1 FROM pg_catalog.pg_class t"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace"
            + " WHERE n.nspname = ? AND t.relname = ? AND t.relkind IN ('r', 'p')";
    try (java.sql.PreparedStatement s = connection.prepareStatement(sqlText)) {
      s.setString(1, schema);
      s.setString(2, table);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    } finally {
      connection.rollback();
    }
  }

  /**
   * Whether {@code schema.table} has a unique index (a primary key or unique constraint counts) on
   * exactly {@code columns}, which {@code ON CONFLICT} needs and a plain COPY would not notice
   * missing. Ends the transaction it reads in.
   */
  boolean hasUniqueKey(String schema, String table, List<String> columns) throws SQLException {
    String sqlText =
        "SELECT 1 FROM pg_catalog.pg_index i"
            + " JOIN pg_catalog.pg_class t ON t.oid = i.indrelid"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace"
            + " WHERE n.nspname = ? AND t.relname = ? AND i.indisunique"
            + " AND i.indpred IS NULL AND i.indexprs IS NULL"
            + " AND (SELECT array_agg(a.attname::text ORDER BY a.attname::text)"
            + " FROM pg_catalog.pg_attribute a"
            + " WHERE a.attrelid = t.oid AND a.attnum = ANY (i.indkey::int2[]))"
            + " = (SELECT array_agg(c ORDER BY c) FROM unnest(?::text[]) c)";
    try (java.sql.PreparedStatement s = connection.prepareStatement(sqlText)) {
      s.setString(1, schema);
      s.setString(2, table);
      s.setArray(3, connection.createArrayOf("text", columns.toArray()));
      try (java.sql.ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    } finally {
      connection.rollback();
    }
  }

  boolean streaming() {
    return stream != null;
  }

  /**
   * Starts a transaction that spans several statements: pins the time zone as {@link #load} does.
   */
  void begin() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(SET_ZONE);
    }
  }

  /**
   * Runs one COPY in the open transaction: {@code lines} in order, each followed by its index when
   * {@code withOrdinal} (a staging table's ordinal). A COPY error's line number is the failing
   * line's index + 1. Leaves commit or rollback to the caller.
   *
   * @return the lines, the rows the server copied, the bytes sent
   */
  Loaded copy(String copySql, List<byte[]> lines, boolean withOrdinal) throws SQLException {
    CopyIn copy = null;
    try {
      copy = copies.copyIn(copySql);
      long bytes = send(copy, lines, withOrdinal);
      return new Loaded(lines.size(), copy.endCopy(), bytes);
    } catch (SQLException | RuntimeException e) {
      cancel(copy, e);
      throw e;
    }
  }

  /** Runs one statement in the open transaction; returns the rows it changed. */
  long update(String sqlText) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      return statement.executeLargeUpdate(sqlText);
    }
  }

  /** Runs a query (or {@code … RETURNING}) in the open transaction; its first column as ints. */
  List<Integer> ordinals(String sqlText) throws SQLException {
    List<Integer> values = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sqlText)) {
      while (rs.next()) {
        values.add(rs.getInt(1));
      }
    }
    return values;
  }

  void commit() throws SQLException {
    connection.commit();
  }

  /** Rolls the open transaction back after {@code cause}; closes the connection if it cannot. */
  void rollback(Exception cause) {
    abort(null, cause);
  }

  /** The COPY text of each row, as {@link #send} takes it. */
  private static List<byte[]> lines(List<EncodedRow> part) {
    return new AbstractList<>() {
      @Override
      public byte[] get(int i) {
        return part.get(i).line();
      }

      @Override
      public int size() {
        return part.size();
      }
    };
  }

  private long send(CopyIn copy, List<byte[]> part, boolean withOrdinal) throws SQLException {
    CopyLines lines = new CopyLines(copy, chunk);
    for (int i = 0; i < part.size(); i++) {
      byte[] line = part.get(i);
      if (withOrdinal) {
        lines.add(line, ("\t" + i).getBytes(StandardCharsets.US_ASCII));
      } else {
        lines.add(line);
      }
    }
    return lines.flush();
  }

  /** Leaves the connection ready for the next transaction, or closed if it cannot be. */
  private void abort(CopyIn copy, Exception cause) {
    try {
      if (copy != null && copy.isActive()) {
        copy.cancelCopy();
      }
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
      closeAfter(connection, cause);
    }
  }

  /** Ends a COPY that failed, so the connection can roll back; a second failure closes it. */
  private void cancel(CopyIn copy, Exception cause) {
    try {
      if (copy != null && copy.isActive()) {
        copy.cancelCopy();
      }
    } catch (SQLException e) {
      cause.addSuppressed(e);
      closeAfter(connection, cause);
    }
  }

  /** True once the connection was closed, by {@link #close()} or after a failed rollback. */
  boolean isClosed() throws SQLException {
    return connection.isClosed();
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }

  /** Closes a connection that already failed; a second failure is kept with the first. */
  static void closeAfter(Connection connection, Exception cause) {
    try {
      connection.close();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
