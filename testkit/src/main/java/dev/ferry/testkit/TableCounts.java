package dev.ferry.testkit;

import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.schemas.sql.JdbcLogin;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The row count of every table of one schema, by name, for {@link DemoServers} to show what a demo
 * job wrote without a {@code psql} on the machine. Exact counts ({@code count(*)}), not estimates.
 */
final class TableCounts {

  private TableCounts() {}

  /**
   * Table name → rows, in name order; empty when the schema has no tables or does not exist.
   *
   * @throws SourceException one line naming the server and the user when the query fails
   */
  static Map<String, Long> of(JdbcLogin login, String schema) {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection connection = login.connect()) {
      for (String table : tables(connection, schema)) {
        try (Statement s = connection.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "SELECT count(*) FROM "
                        + Identifiers.quote(schema)
                        + "."
                        + Identifiers.quote(table))) {
          rs.next();
          counts.put(table, rs.getLong(1));
        }
      }
    } catch (SQLException e) {
      String line = "cannot count the rows in " + schema + " on " + login.location();
      line += (login.user().isEmpty() ? "" : " as " + login.user()) + ": " + e.getMessage();
      String password = login.password().reveal();
      line = password.isEmpty() ? line : line.replace(password, "****");
      throw new SourceException(line.lines().findFirst().orElse(line), e);
    }
    return counts;
  }

  /** {@code schema.table rows} lines with the counts aligned, e.g. for a terminal. */
  static List<String> format(String schema, Map<String, Long> counts) {
    int width = counts.keySet().stream().mapToInt(String::length).max().orElse(0);
    List<String> lines = new ArrayList<>();
    counts.forEach(
        (table, rows) ->
            lines.add(
                String.format(Locale.ROOT, "%s.%-" + width + "s %,12d", schema, table, rows)));
    return lines;
  }

  private static List<String> tables(Connection connection, String schema) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name")) {
      s.setString(1, schema);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
    }
    return tables;
  }
}
