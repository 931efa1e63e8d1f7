package dev.ferry.runners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one run left in a PostgreSQL schema, to compare runs on two runners: per table its row count
 * and an MD5 of its rows as text in sorted order (dead letters and the record of the run in {@code
 * ferry_runs} without their run id and times), and per table of the run's report its read, written
 * and rejected counts.
 *
 * <pre>{@code
 * assertEquals(PostgresSnapshot.of(direct, "crm", report1), PostgresSnapshot.of(flink, "crm", report2));
 * }</pre>
 */
record PostgresSnapshot(Map<String, String> rows, Map<String, String> counts) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEAD_LETTERS = "ferry_dead_letters";
  private static final String RUNS = "ferry_runs";

  static PostgresSnapshot of(TestDatabase db, String schema, Path report) throws Exception {
    return new PostgresSnapshot(rows(db, schema), reportCounts(report));
  }

  /** Per table of {@code schema}: {@code count md5}. */
  static Map<String, String> rows(TestDatabase db, String schema) throws SQLException {
    return rows(db, schema, false);
  }

  /**
   * Per table of {@code schema}: {@code count md5} of its distinct rows, which a table holding some
   * rows twice shares with the same table holding each once.
   */
  static Map<String, String> distinctRows(TestDatabase db, String schema) throws SQLException {
    return rows(db, schema, true);
  }

  /** The tables of {@code schema} without a primary key. */
  static List<String> keyless(TestDatabase db, String schema) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = db.connect();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT table_name FROM information_schema.tables t WHERE table_schema = ? AND"
                    + " table_type = 'BASE TABLE' AND NOT EXISTS (SELECT 1 FROM"
                    + " information_schema.table_constraints k WHERE k.table_schema ="
                    + " t.table_schema AND k.table_name = t.table_name AND k.constraint_type ="
                    + " 'PRIMARY KEY') ORDER BY 1")) {
      q.setString(1, schema);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
    }
    return tables;
  }

  private static Map<String, String> rows(TestDatabase db, String schema, boolean distinct)
      throws SQLException {
    Map<String, String> rows = new TreeMap<>();
    try (Connection c = db.connect()) {
      List<String> tables = new ArrayList<>();
      try (PreparedStatement q =
          c.prepareStatement(
              "SELECT table_name FROM information_schema.tables"
                  + " WHERE table_schema = ? AND table_type = 'BASE TABLE'")) {
        q.setString(1, schema);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            tables.add(rs.getString(1));
          }
        }
      }
      try (Statement s = c.createStatement()) {
        for (String table : tables) {
          String text =
              switch (table) {
                case DEAD_LETTERS -> "(t.table_name, t.stage, t.reason, t.row_values)::text";
                // a run's record, without its id and times
                case RUNS ->
                    "(t.mode, ARRAY(SELECT unnest(t.created_tables) ORDER BY 1),"
                        + " t.finished_at IS NOT NULL,"
                        + " t.superseded_by IS NULL)::text";
                default -> "t::text";
              };
          try (ResultSet rs =
              s.executeQuery(
                  "SELECT count(*), md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) FROM"
                      + " (SELECT "
                      + (distinct ? "DISTINCT " : "")
                      + text
                      + " AS r FROM "
                      + quote(schema)
                      + "."
                      + quote(table)
                      + " t) d")) {
            rs.next();
            rows.put(table, rs.getLong(1) + " " + rs.getString(2));
          }
        }
      }
    }
    return rows;
  }

  /** Per table of a {@code --report} file: {@code read written rejected}. */
  static Map<String, String> reportCounts(Path report) throws IOException {
    Map<String, String> counts = new TreeMap<>();
    for (JsonNode t : JSON.readTree(report.toFile()).path("tables")) {
      counts.put(
          t.path("table").asText(),
          t.path("read").asLong()
              + " "
              + t.path("written").asLong()
              + " "
              + t.path("rejected").asLong());
    }
    return counts;
  }

  private static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
