package dev.ferry.transforms.read;

import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.schemas.sqlite.SqliteFiles;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.beam.sdk.transforms.DoFn;

/** Finds a table's split-key bounds at run time and emits the key ranges to read. */
final class PlanKeyRanges extends DoFn<String, KeyRange> {
  private static final long serialVersionUID = 1L;

  private final String url;
  private final Table table;
  private final long rowsPerSplit;

  PlanKeyRanges(String url, Table table, long rowsPerSplit) {
    this.url = url;
    this.table = table;
    this.rowsPerSplit = rowsPerSplit;
  }

  @ProcessElement
  public void process(OutputReceiver<KeyRange> out) {
    if (table.splitKey().isEmpty()) {
      out.output(KeyRange.whole());
      return;
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
        return; // empty table: nothing to read
      }
      for (KeyRange range :
          KeyRange.split(rs.getLong(1), rs.getLong(2), rs.getLong(3), rowsPerSplit)) {
        out.output(range);
      }
    } catch (SQLException e) {
      throw new SourceException(
          "cannot plan the read of table " + table.name() + ": " + e.getMessage(), e);
    }
  }
}
