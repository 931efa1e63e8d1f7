package dev.ferry.runners;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sqlite.SqliteValues;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.Utf8;
import dev.ferry.schemas.types.ValueRejected;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.Normalizer;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the bronze layer should hold for one SQLite table, computed without ferry's pipeline: the
 * stored values read with sqlite-jdbc and converted with {@link SqliteValues} (UTC, reject invalid
 * UTF-8), minus the rows known to be rejected, with the quickstart's text clean-up (trim, NFC,
 * empty to NULL) applied here, independently of ferry's own.
 */
final class SourceRows {

  private SourceRows() {}

  /**
   * @param keyColumns the columns identifying a row
   * @param rejected the key values (as Longs, in {@code keyColumns} order) of rows not expected
   */
  static List<Map<String, Object>> expected(
      Path db, Table table, List<String> keyColumns, Set<List<Long>> rejected) throws SQLException {
    String select =
        "SELECT "
            + table.columns().stream()
                .map(c -> "\"" + c.name() + "\"")
                .collect(Collectors.joining(", "))
            + " FROM \""
            + table.name()
            + "\"";
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(select)) {
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < table.columns().size(); i++) {
          row.put(table.columns().get(i).name(), rs.getObject(i + 1));
        }
        List<Long> key = keyColumns.stream().map(k -> ((Number) row.get(k)).longValue()).toList();
        if (rejected.contains(key)) {
          continue;
        }
        for (Column col : table.columns()) {
          row.put(col.name(), convert(table, col, row.get(col.name())));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static Object convert(Table table, Column col, Object stored) {
    try {
      Object v = SqliteValues.convert(stored, col.type(), ZoneOffset.UTC, Utf8.Policy.REJECT);
      return col.type().kind() == ColumnType.Kind.STRING && v != null ? clean((String) v) : v;
    } catch (ValueRejected e) {
      throw new AssertionError(
          table.name() + "." + col.name() + " " + stored + " is not a known bad row: " + e, e);
    }
  }

  /** trim → NFC → empty_to_null, as quickstart.yaml asks for every text column. */
  static String clean(String text) {
    String t = Normalizer.normalize(text.strip(), Normalizer.Form.NFC);
    return t.isEmpty() ? null : t;
  }
}
