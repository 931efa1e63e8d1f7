package dev.ferry.transforms.read;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sqlite.SqliteValues;
import dev.ferry.schemas.types.Utf8;
import dev.ferry.schemas.types.ValueRejected;
import dev.ferry.transforms.deadletter.FailedRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Maps one SQLite result row to a typed row, or to a {@link FailedRow} naming every value that does
 * not fit its column. Rows are mapped from the inventory, not from driver metadata (the driver
 * reports TEXT columns with precision 0, which breaks {@code JdbcIO.readRows}).
 */
final class SqliteRowMapper {

  private final Table table;
  private final Schema rowSchema;
  private final String zoneId;
  private final Utf8.Policy utf8;
  private transient ZoneId zone;

  SqliteRowMapper(Table table, Schema rowSchema, ZoneId zone, Utf8.Policy utf8) {
    this.table = table;
    this.rowSchema = rowSchema;
    this.zoneId = zone.getId();
    this.utf8 = utf8;
  }

  /** Maps the current row of {@code rs} to exactly one of the two consumers. */
  void map(ResultSet rs, Consumer<Row> rows, Consumer<FailedRow> failures) throws SQLException {
    if (zone == null) {
      zone = ZoneId.of(zoneId);
    }
    List<Column> columns = table.columns();
    Object[] values = new Object[columns.size()];
    Object[] stored = new Object[columns.size()];
    List<String> problems = null;
    for (int i = 0; i < columns.size(); i++) {
      Object raw = rs.getObject(i + 1);
      stored[i] = raw;
      try {
        if (raw instanceof String s && s.indexOf('\uFFFD') >= 0) {
          // The driver decoded with replacement characters: look at the stored bytes.
          byte[] bytes = rs.getBytes(i + 1);
          stored[i] = bytes;
          raw = Utf8.decode(bytes, utf8);
        }
        values[i] = SqliteValues.convert(raw, columns.get(i).type(), zone, utf8);
      } catch (ValueRejected e) {
        if (problems == null) {
          problems = new ArrayList<>();
        }
        problems.add(columns.get(i).name() + ": " + e.getMessage());
      }
    }
    if (problems == null) {
      rows.accept(Row.withSchema(rowSchema).attachValues(Arrays.asList(values)));
      return;
    }
    Map<String, Object> original = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      original.put(columns.get(i).name(), stored[i]);
    }
    failures.accept(
        FailedRow.of(table.name(), FailedRow.READ, String.join("; ", problems), original));
  }
}
