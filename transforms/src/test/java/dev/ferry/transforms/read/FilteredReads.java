package dev.ferry.transforms.read;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.JdbcDialect;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.schemas.sql.RowFilter;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.transforms.deadletter.FailedRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.values.Row;

/** Reads a filtered table two ways: through the reader, and by the server's pushed SQL alone. */
final class FilteredReads {

  private FilteredReads() {}

  /** The ids of the rows {@code reader} reads over all its ranges, sorted. */
  static List<Integer> readIds(RangeReader reader, List<FailedRow> failures) {
    List<Row> rows = new ArrayList<>();
    reader.ranges(2).forEach(range -> reader.read(range, rows::add, failures::add));
    return rows.stream().map(r -> ((Number) r.getValue("id")).intValue()).sorted().toList();
  }

  /**
   * The ids of the rows the server keeps with the pushed-down part of {@code filter} only (no Java
   * filter), sorted; fails when no bound was pushed down.
   */
  static List<Integer> pushedIds(
      JdbcLogin login, JdbcDialect dialect, Table table, RowFilter filter, ReadOptions options)
      throws Exception {
    FilterClause clause = FilterClause.of(dialect, Optional.of(filter), options);
    assertFalse(clause.conditions().isEmpty(), "nothing pushed down for " + filter);
    String sql =
        "SELECT id FROM "
            + dialect.quote(table.name())
            + " WHERE "
            + String.join(" AND ", clause.conditions())
            + " ORDER BY id";
    List<Integer> ids = new ArrayList<>();
    try (Connection c = login.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      dialect.prepareRead(c, s);
      clause.bind(s, 1);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getInt(1));
        }
      }
    }
    return ids;
  }

  /** {@code table} with {@code column} cast to {@code type}, as a job's {@code casts} does. */
  static Table cast(Table table, String column, ColumnType type) {
    List<Column> columns = new ArrayList<>();
    for (Column c : table.columns()) {
      columns.add(c.name().equals(column) ? c.withType(type) : c);
    }
    return table.withColumns(columns);
  }
}
