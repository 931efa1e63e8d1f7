package dev.ferry.schemas.sqlite;

import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.ForeignKey;
import dev.ferry.schemas.inventory.Index;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.SourceObject;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.schemas.types.ColumnType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads an SQLite database's inventory from its own catalog ({@code sqlite_master} and the table
 * PRAGMAs): tables with declared types, NOT NULL, defaults, primary keys (composite too), foreign
 * keys and indexes; views and triggers are listed as not copied; {@code sqlite_*} tables are
 * skipped.
 */
public final class SqliteCatalog {

  private static final Pattern WITHOUT_ROWID =
      Pattern.compile("(?is).*\\bWITHOUT\\s+ROWID\\b.*");

  private SqliteCatalog() {}

  /** Opens {@code url} read-only and reads its inventory. */
  public static Inventory read(String url) {
    try (Connection c = SqliteFiles.openReadOnly(url)) {
      return read(c, SqliteFiles.path(url).toString());
    } catch (SQLException e) {
      throw new SourceException(
          "cannot read the catalog of SQLite file " + SqliteFiles.path(url) + ": " + e.getMessage(),
          e);
    }
  }

  static Inventory read(Connection c, String displayName) throws SQLException {
    List<Table> tables = new ArrayList<>();
    List<SourceObject> notCopied = new ArrayList<>();
    Map<String, String> tableSql = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT type, name, sql FROM sqlite_master"
                    + " WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name")) {
      while (rs.next()) {
        String type = rs.getString(1);
        String name = rs.getString(2);
        String sql = rs.getString(3);
        switch (type) {
          case "table" -> tableSql.put(name, sql == null ? "" : sql);
          case "view", "trigger" -> notCopied.add(new SourceObject(type, name, sql));
          default -> {
            // indexes are read per table below
          }
        }
      }
    }
    for (Map.Entry<String, String> t : tableSql.entrySet()) {
      if (t.getValue().toUpperCase(Locale.ROOT).startsWith("CREATE VIRTUAL TABLE")) {
        notCopied.add(new SourceObject("virtual table", t.getKey(), t.getValue()));
        continue;
      }
      tables.add(table(c, t.getKey(), WITHOUT_ROWID.matcher(t.getValue()).matches()));
    }
    return new Inventory(displayName, "sqlite", tables, notCopied);
  }

  private static Table table(Connection c, String name, boolean withoutRowid) throws SQLException {
    List<Column> columns = new ArrayList<>();
    Map<Integer, String> pk = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA table_info(" + Identifiers.quote(name) + ")")) {
      while (rs.next()) {
        String column = rs.getString("name");
        String declared = rs.getString("type");
        int pkIndex = rs.getInt("pk");
        boolean notNull = rs.getInt("notnull") != 0 || (withoutRowid && pkIndex > 0);
        columns.add(
            new Column(
                column,
                declared == null ? "" : declared,
                SqliteTypes.map(declared),
                !notNull,
                rs.getString("dflt_value")));
        if (pkIndex > 0) {
          pk.put(pkIndex, column);
        }
      }
    }
    List<String> primaryKey = List.copyOf(pk.values());
    long rows;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + Identifiers.quote(name))) {
      rows = rs.next() ? rs.getLong(1) : -1;
    }
    return new Table(
        name,
        columns,
        primaryKey,
        foreignKeys(c, name),
        indexes(c, name),
        rows,
        splitKey(columns, primaryKey, withoutRowid));
  }

  /**
   * Reads split on the rowid (or the INTEGER PRIMARY KEY that aliases it); a WITHOUT ROWID table
   * splits on a single integer primary key, or is read by one reader.
   */
  private static Optional<String> splitKey(
      List<Column> columns, List<String> primaryKey, boolean withoutRowid) {
    if (primaryKey.size() == 1) {
      Column key =
          columns.stream().filter(col -> col.name().equals(primaryKey.get(0))).findFirst().get();
      boolean integer = key.type().kind() == ColumnType.Kind.INT64;
      if (integer && (withoutRowid || key.sourceType().equalsIgnoreCase("INTEGER"))) {
        return Optional.of(key.name());
      }
    }
    if (withoutRowid) {
      return Optional.empty();
    }
    for (String alias : List.of("rowid", "_rowid_", "oid")) {
      if (columns.stream().noneMatch(col -> col.name().equalsIgnoreCase(alias))) {
        return Optional.of(alias);
      }
    }
    return Optional.empty();
  }

  private static List<ForeignKey> foreignKeys(Connection c, String table) throws SQLException {
    Map<Integer, List<String[]>> byId = new LinkedHashMap<>();
    Map<Integer, String> target = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("PRAGMA foreign_key_list(" + Identifiers.quote(table) + ")")) {
      while (rs.next()) {
        int id = rs.getInt("id");
        target.put(id, rs.getString("table"));
        byId.computeIfAbsent(id, k -> new ArrayList<>())
            .add(new String[] {rs.getString("from"), rs.getString("to")});
      }
    }
    List<ForeignKey> keys = new ArrayList<>();
    for (Map.Entry<Integer, List<String[]>> e : byId.entrySet()) {
      List<String> from = e.getValue().stream().map(p -> p[0]).toList();
      String referenced = target.get(e.getKey());
      List<String> to =
          e.getValue().stream().anyMatch(p -> p[1] == null)
              ? primaryKeyOf(c, referenced)
              : e.getValue().stream().map(p -> p[1]).toList();
      keys.add(new ForeignKey(table + "_fk" + (e.getKey() + 1), from, referenced, to));
    }
    return keys;
  }

  private static List<String> primaryKeyOf(Connection c, String table) throws SQLException {
    Map<Integer, String> pk = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA table_info(" + Identifiers.quote(table) + ")")) {
      while (rs.next()) {
        if (rs.getInt("pk") > 0) {
          pk.put(rs.getInt("pk"), rs.getString("name"));
        }
      }
    }
    return List.copyOf(pk.values());
  }

  private static List<Index> indexes(Connection c, String table) throws SQLException {
    List<String[]> listed = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA index_list(" + Identifiers.quote(table) + ")")) {
      while (rs.next()) {
        if (!"pk".equals(rs.getString("origin"))) {
          listed.add(new String[] {rs.getString("name"), rs.getString("unique")});
        }
      }
    }
    List<Index> indexes = new ArrayList<>();
    for (String[] idx : listed) {
      List<String> columns = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("PRAGMA index_info(" + Identifiers.quote(idx[0]) + ")")) {
        while (rs.next()) {
          String column = rs.getString("name");
          columns.add(column == null ? "<expression>" : column);
        }
      }
      indexes.add(new Index(idx[0], columns, "1".equals(idx[1])));
    }
    indexes.sort((a, b) -> a.name().compareTo(b.name()));
    return indexes;
  }
}
