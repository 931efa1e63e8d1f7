package dev.ferry.schemas.pgsource;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.ColumnReader;
import dev.ferry.schemas.sql.JdbcDialect;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.sql.ReadEvents;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.schemas.types.ValueRejected;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a table the way a range read does: a fresh connection set up by {@code prepareRead}, the
 * dialect's select expressions, one reader per column. A rejected value reads as {@link Rejected}.
 */
final class Rows {

  private static final JdbcDialect PG = PostgresSourceDialect.INSTANCE;

  /** A value the reader rejected, with the dead-letter reason. */
  record Rejected(String reason) {}

  private Rows() {}

  /** Every row of {@code table} ordered by its first column: column name → value. */
  static List<Map<String, Object>> read(JdbcLogin login, Table table, ReadOptions options)
      throws SQLException {
    List<Column> columns = table.columns();
    String sql =
        "SELECT "
            + columns.stream().map(PG::selectExpression).collect(Collectors.joining(", "))
            + " FROM "
            + PG.quote(table.name())
            + " ORDER BY 1";
    List<ColumnReader> readers = columns.stream().map(c -> PG.reader(c, options)).toList();
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection c = login.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      PG.prepareRead(c, s);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 0; i < columns.size(); i++) {
            Object value;
            try {
              value = readers.get(i).read(rs, i + 1, ReadEvents.IGNORE);
            } catch (ValueRejected e) {
              value = new Rejected(e.getMessage());
            }
            row.put(columns.get(i).name(), value);
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }
}
