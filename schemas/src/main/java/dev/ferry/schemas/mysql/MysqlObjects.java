package dev.ferry.schemas.mysql;

import dev.ferry.schemas.inventory.SourceObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a MySQL/MariaDB schema holds that ferry lists but does not copy: views, triggers (with their
 * timing, event and table), procedures and functions, and scheduled events.
 */
final class MysqlObjects {

  private MysqlObjects() {}

  /** The schema's views, triggers, routines and events, with their definitions. */
  static List<SourceObject> read(Connection connection, String schema) throws SQLException {
    List<SourceObject> notCopied = new ArrayList<>();
    readViews(connection, schema, notCopied);
    readTriggers(connection, schema, notCopied);
    readRoutines(connection, schema, notCopied);
    readEvents(connection, schema, notCopied);
    return notCopied;
  }

  private static void readViews(Connection connection, String schema, List<SourceObject> notCopied)
      throws SQLException {
    query(
        connection,
        schema,
        "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS"
            + " WHERE TABLE_SCHEMA = ?",
        rs -> notCopied.add(new SourceObject("view", rs.getString(1), rs.getString(2))));
  }

  private static void readTriggers(
      Connection connection, String schema, List<SourceObject> notCopied) throws SQLException {
    query(
        connection,
        schema,
        "SELECT TRIGGER_NAME, ACTION_TIMING, EVENT_MANIPULATION, EVENT_OBJECT_TABLE,"
            + " ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?",
        rs ->
            notCopied.add(
                new SourceObject(
                    "trigger",
                    rs.getString(1),
                    rs.getString(2)
                        + " "
                        + rs.getString(3)
                        + " ON "
                        + MysqlDialect.INSTANCE.quote(rs.getString(4))
                        + " FOR EACH ROW "
                        + rs.getString(5))));
  }

  private static void readRoutines(
      Connection connection, String schema, List<SourceObject> notCopied) throws SQLException {
    query(
        connection,
        schema,
        "SELECT ROUTINE_NAME, ROUTINE_TYPE, ROUTINE_DEFINITION FROM information_schema.ROUTINES"
            + " WHERE ROUTINE_SCHEMA = ?",
        rs ->
            notCopied.add(
                new SourceObject(
                    rs.getString(2).toLowerCase(Locale.ROOT), rs.getString(1), rs.getString(3))));
  }

  private static void readEvents(Connection connection, String schema, List<SourceObject> notCopied)
      throws SQLException {
    query(
        connection,
        schema,
        "SELECT EVENT_NAME, EVENT_DEFINITION FROM information_schema.EVENTS"
            + " WHERE EVENT_SCHEMA = ?",
        rs -> notCopied.add(new SourceObject("event", rs.getString(1), rs.getString(2))));
  }

  private static void query(Connection connection, String schema, String sql, Row row)
      throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      s.setString(1, schema);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          row.accept(rs);
        }
      }
    }
  }

  @FunctionalInterface
  private interface Row {
    void accept(ResultSet rs) throws SQLException;
  }
}
