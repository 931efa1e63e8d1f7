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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads an SQLite database's inventory from its own catalog ({@code sqlite_master} and the table
 * PRAGMAs): tables with declared types, NOT NULL, defaults, primary keys (composite too), foreign
 * keys and indexes; views, triggers, virtual tables and their shadow tables are listed as not
 * copied; {@code sqlite_*} tables are skipped.
 */
public final class SqliteCatalog {

  /** What {@code PRAGMA table_list} says of a table. */
  private record TableKind(String type, boolean withoutRowid, boolean strict) {}

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
    Map<String, TableKind> kinds = kinds(c);
    for (Map.Entry<String, String> t : tableSql.entrySet()) {
      TableKind kind = kinds.getOrDefault(t.getKey(), new TableKind("table", false, false));
      switch (kind.type()) {
        case "virtual" ->
            notCopied.add(new SourceObject("virtual table", t.getKey(), t.getValue()));
        // the storage of a virtual table (FTS5's _data, _idx, ...): rebuilt with it, not data
        case "shadow" -> notCopied.add(new SourceObject("shadow table", t.getKey(), t.getValue()));
        default -> tables.add(table(c, t.getKey(), kind));
      }
    }
    return new Inventory(displayName, "sqlite", tables, notCopied);
  }

  /**
   * The type (table, virtual, shadow) and options of every table, from SQLite itself rather than
   * from matching its SQL text, where "WITHOUT ROWID" may sit in a comment or a default.
   */
  private static Map<String, TableKind> kinds(Connection c) throws SQLException {
    Map<String, TableKind> kinds = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA main.table_list")) {
      while (rs.next()) {
        kinds.put(
            rs.getString("name"),
            new TableKind(rs.getString("type"), rs.getInt("wr") != 0, rs.getInt("strict") != 0));
      }
    }
    return kinds;
  }

  private static Table table(Connection c, String name, TableKind kind) throws SQLException {
    boolean withoutRowid = kind.withoutRowid();
    Map<Integer, String> pk = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA table_info(" + Identifiers.quote(name) + ")")) {
      while (rs.next()) {
        if (rs.getInt("pk") > 0) {
          pk.put(rs.getInt("pk"), rs.getString("name"));
        }
      }
    }
    List<String> primaryKey = List.copyOf(pk.values());
    // A rowid table's single INTEGER PRIMARY KEY is the rowid itself (never NULL, always an
    // integer) unless it has an index of its own: "INTEGER PRIMARY KEY DESC" is one such quirk.
    Optional<String> rowidAlias =
        !withoutRowid && primaryKey.size() == 1 && !hasPrimaryKeyIndex(c, name)
            ? Optional.of(primaryKey.get(0))
            : Optional.empty();
    List<Column> columns = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA table_info(" + Identifiers.quote(name) + ")")) {
      while (rs.next()) {
        String column = rs.getString("name");
        String declared = rs.getString("type");
        boolean inKey = rs.getInt("pk") > 0;
        boolean notNull =
            rs.getInt("notnull") != 0
                || (withoutRowid && inKey)
                || rowidAlias.filter(column::equals).isPresent();
        columns.add(
            new Column(
                column,
                declared == null ? "" : declared,
                SqliteTypes.map(declared),
                !notNull,
                rs.getString("dflt_value")));
      }
    }
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
        splitKey(c, name, columns, primaryKey, rowidAlias, kind));
  }

  private static boolean hasPrimaryKeyIndex(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA index_list(" + Identifiers.quote(table) + ")")) {
      while (rs.next()) {
        if ("pk".equals(rs.getString("origin"))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Reads split on the rowid (or the INTEGER PRIMARY KEY that aliases it). A WITHOUT ROWID table
   * splits on a single integer primary key only when every key is an integer (a STRICT table, or
   * none other stored): SQLite keeps 'abc' in an INTEGER key, and a range read would skip it.
   * Otherwise the table is read by one reader.
   */
  private static Optional<String> splitKey(
      Connection c,
      String table,
      List<Column> columns,
      List<String> primaryKey,
      Optional<String> rowidAlias,
      TableKind kind)
      throws SQLException {
    if (rowidAlias.isPresent()) {
      return rowidAlias;
    }
    if (kind.withoutRowid()) {
      if (primaryKey.size() != 1) {
        return Optional.empty();
      }
      String key = primaryKey.get(0);
      boolean integer =
          columns.stream()
              .anyMatch(
                  col -> col.name().equals(key) && col.type().kind() == ColumnType.Kind.INT64);
      return integer && (kind.strict() || onlyIntegers(c, table, key))
          ? Optional.of(key)
          : Optional.empty();
    }
    for (String alias : List.of("rowid", "_rowid_", "oid")) {
      if (columns.stream().noneMatch(col -> col.name().equalsIgnoreCase(alias))) {
        return Optional.of(alias);
      }
    }
    return Optional.empty();
  }

  private static boolean onlyIntegers(Connection c, String table, String column)
      throws SQLException {
    String sql =
        "SELECT count(*) FROM "
            + Identifiers.quote(table)
            + " WHERE typeof("
            + Identifiers.quote(column)
            + ") <> 'integer'";
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() && rs.getLong(1) == 0;
    }
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
