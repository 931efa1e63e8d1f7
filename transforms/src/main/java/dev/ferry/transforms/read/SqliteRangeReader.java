package dev.ferry.transforms.read;

import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.schemas.sql.RowFilter;
import dev.ferry.schemas.sqlite.SqliteFiles;
import dev.ferry.schemas.types.Utf8;
import dev.ferry.transforms.deadletter.FailedRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Reads one key range of an SQLite table row by row, handing each typed row or failure to the
 * caller as it comes. The file is opened read-only for each range.
 *
 * <p>A row filter is applied in Java only, to the converted row: SQLite stores dates and times as
 * text in many formats (or as numbers), which SQL comparisons would order wrongly.
 */
public final class SqliteRangeReader implements RangeReader {
  private static final long serialVersionUID = 1L;

  private final String url;
  private final Table table;
  private final String zoneId;
  private final Utf8.Policy invalidUtf8;
  private final RowFilter filter;

  SqliteRangeReader(
      String url, Table table, String zoneId, Utf8.Policy invalidUtf8, RowFilter filter) {
    this.url = url;
    this.table = table;
    this.zoneId = zoneId;
    this.invalidUtf8 = invalidUtf8;
    this.filter = filter;
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
    return SqliteFiles.path(url).toString();
  }

  @Override
  public List<KeyRange> ranges(long rowsPerSplit) {
    if (table.splitKey().isEmpty()) {
      return List.of(KeyRange.whole());
    }
    String key = Identifiers.quote(table.splitKey().get());
    String sql =
        "SELECT min("
            + key
            + "), max("
            + key
            + "), count(*) FROM "
            + Identifiers.quote(table.name());
    try (Connection c = SqliteFiles.openReadOnly(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      if (rs.getObject(1) == null) {
        return List.of(); // empty table: nothing to read
      }
      return KeyRange.split(rs.getLong(1), rs.getLong(2), rs.getLong(3), rowsPerSplit);
    } catch (SQLException e) {
      throw new SourceException(
          "cannot plan the read of table " + table.name() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void read(KeyRange range, Consumer<Row> rows, Consumer<FailedRow> failures) {
    Schema rowSchema = rowSchema();
    SqliteRowMapper mapper = new SqliteRowMapper(table, rowSchema, ZoneId.of(zoneId), invalidUtf8);
    Consumer<Row> kept = rows;
    if (filter != null) {
      int column = filter.columnIndex(table);
      kept =
          row -> {
            if (filter.keeps(row.getValue(column))) {
              rows.accept(row);
            }
          };
    }
    try (Connection c = SqliteFiles.openReadOnly(url);
        PreparedStatement s = c.prepareStatement(query(table))) {
      if (!range.wholeTable()) {
        s.setLong(1, range.from());
        s.setLong(2, range.to());
      }
      s.setFetchSize(10_000);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          mapper.map(rs, kept, failures);
        }
      }
    } catch (SQLException e) {
      throw new SourceException(
          "cannot read table "
              + table.name()
              + " of "
              + SqliteFiles.path(url)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The range query: every column in inventory order, bounded by the split key when there is one.
   */
  private static String query(Table table) {
    String columns =
        table.columns().stream()
            .map(Column::name)
            .map(Identifiers::quote)
            .collect(Collectors.joining(", "));
    String select = "SELECT " + columns + " FROM " + Identifiers.quote(table.name());
    return table
        .splitKey()
        .map(key -> select + " WHERE " + Identifiers.quote(key) + " BETWEEN ? AND ?")
        .orElse(select);
  }
}
