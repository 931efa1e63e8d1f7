package dev.ferry.schemas.mysql;

import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.inventory.Check;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.ForeignKey;
import dev.ferry.schemas.inventory.Index;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.SourceObject;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.mysql.MysqlDefaults.Default;
import dev.ferry.schemas.mysql.MysqlTypes.Mapping;
import dev.ferry.schemas.mysql.MysqlTypes.Stored;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the inventory of one MySQL or MariaDB database from {@code information_schema}: its base
 * tables with columns (in order, typed by {@link MysqlTypes}), primary keys, unique keys and
 * indexes, foreign keys, CHECK constraints and row estimates; and, listed but not copied, its
 * views, triggers, routines, events and sequences, plus what a table holds that the copy leaves
 * behind (generation expressions, FULLTEXT/SPATIAL indexes, foreign-key actions, foreign keys to
 * other databases).
 *
 * <pre>{@code
 * try (Connection c = login.connect()) {
 *   Inventory inventory = MysqlCatalog.read(c, login);
 * }
 * }</pre>
 *
 * <p>Works on MySQL 5.7 and 8 and MariaDB 10.2 and later: columns that only some versions have
 * ({@code CHECK_CONSTRAINTS.TABLE_NAME}, {@code TABLE_CONSTRAINTS.ENFORCED}, {@code
 * GENERATION_EXPRESSION}) are probed for first.
 */
public final class MysqlCatalog {

  /** A column as {@code information_schema.COLUMNS} describes it. */
  private record RawColumn(
      String name,
      String columnType,
      boolean nullable,
      String defaultValue,
      String extra,
      String generation) {

    boolean autoIncrement() {
      return extra.toLowerCase(Locale.ROOT).contains("auto_increment");
    }

    /**
     * {@code VIRTUAL}/{@code STORED}/{@code PERSISTENT GENERATED}, not {@code DEFAULT_GENERATED}.
     */
    boolean generated() {
      String e = extra.toUpperCase(Locale.ROOT);
      return e.contains("VIRTUAL") || e.contains("STORED") || e.contains("PERSISTENT");
    }
  }

  /** An index as {@code information_schema.STATISTICS} lists it, parts in order. */
  private record RawIndex(String name, boolean unique, String type, List<String> columns) {}

  /** One column of a foreign key and the column it references. */
  private record KeyPart(
      String column, String referencedSchema, String referencedTable, String referencedColumn) {}

  /** Everything read for one table before it becomes a {@link Table}. */
  private static final class TableParts {
    final String name;
    final long rowEstimate;
    final List<RawColumn> columns = new ArrayList<>();
    final Map<String, RawIndex> indexes = new LinkedHashMap<>();
    final Map<String, List<KeyPart>> foreignKeys = new LinkedHashMap<>();
    final List<Check> checks = new ArrayList<>();
    final Set<String> jsonColumns = new HashSet<>();

    TableParts(String name, long rowEstimate) {
      this.name = name;
      this.rowEstimate = rowEstimate;
    }
  }

  private final Connection connection;
  private final String schema;
  private final MysqlServer server;
  private final Map<String, TableParts> tables = new TreeMap<>();
  private final List<SourceObject> notCopied = new ArrayList<>();

  private MysqlCatalog(Connection connection, String schema, MysqlServer server) {
    this.connection = connection;
    this.schema = schema;
    this.server = server;
  }

  /**
   * Reads the inventory of the database {@code login}'s URL names, over {@code connection}.
   *
   * @throws SourceException when the URL names no database or the database does not exist
   */
  public static Inventory read(Connection connection, JdbcLogin login) throws SQLException {
    String schema = login.database();
    if (schema.isEmpty()) {
      throw new SourceException(
          "source.url "
              + login.displayUrl()
              + " names no database: add it after the port, as in jdbc:mysql://host:3306/shop");
    }
    MysqlServer server = MysqlServer.probe(connection);
    MysqlCatalog catalog = new MysqlCatalog(connection, schema, server);
    if (!catalog.exists()) {
      throw new SourceException(
          "database '"
              + schema
              + "' does not exist on "
              + server.product()
              + " at "
              + login.location()
              + " (or user '"
              + login.user()
              + "' may not see it): check the database name in source.url");
    }
    return catalog.read(login.displayUrl());
  }

  private Inventory read(String source) throws SQLException {
    readTables();
    readColumns();
    readIndexes();
    readChecks();
    readForeignKeys();
    readForeignKeyActions();
    notCopied.addAll(MysqlObjects.read(connection, schema));
    List<Table> built = new ArrayList<>();
    for (TableParts t : tables.values()) {
      built.add(build(t));
    }
    notCopied.sort(Comparator.comparing(SourceObject::kind).thenComparing(SourceObject::name));
    return new Inventory(source, "mysql", built, notCopied);
  }

  private boolean exists() throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
      s.setString(1, schema);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  private void readTables() throws SQLException {
    query(
        "SELECT TABLE_NAME, TABLE_TYPE, TABLE_ROWS FROM information_schema.TABLES"
            + " WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME",
        rs -> {
          String name = rs.getString(1);
          String type = rs.getString(2);
          long rows = rs.getLong(3);
          if (rs.wasNull()) {
            rows = -1;
          }
          switch (type) {
            // MariaDB's system-versioned tables: the copy takes the current rows
            case "BASE TABLE", "SYSTEM VERSIONED" -> tables.put(name, new TableParts(name, rows));
            case "SEQUENCE" -> notCopied.add(new SourceObject("sequence", name, null));
            default -> {
              // views are read from VIEWS, with their definitions
            }
          }
        });
  }

  private void readColumns() throws SQLException {
    String generation = server.hasGenerationExpression() ? "GENERATION_EXPRESSION" : "NULL";
    query(
        "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, "
            + generation
            + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?"
            + " ORDER BY TABLE_NAME, ORDINAL_POSITION",
        rs -> {
          TableParts t = tables.get(rs.getString(1));
          if (t != null) {
            t.columns.add(
                new RawColumn(
                    rs.getString(2),
                    rs.getString(3),
                    "YES".equals(rs.getString(4)),
                    rs.getString(5),
                    rs.getString(6) == null ? "" : rs.getString(6),
                    rs.getString(7)));
          }
        });
  }

  private void readIndexes() throws SQLException {
    query(
        "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, INDEX_TYPE"
            + " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?"
            + " ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
        rs -> {
          TableParts t = tables.get(rs.getString(1));
          if (t == null) {
            return;
          }
          String name = rs.getString(2);
          boolean unique = rs.getInt(3) == 0;
          String column = rs.getString(4);
          String type = rs.getString(5);
          t.indexes
              .computeIfAbsent(name, n -> new RawIndex(n, unique, type, new ArrayList<>()))
              .columns()
              // MySQL 8's functional key parts have no column
              .add(column == null ? "<expression>" : column);
        });
  }

  private void readChecks() throws SQLException {
    if (!server.hasCheckConstraints()) {
      return; // MySQL before 8.0.16 parses CHECK but neither keeps nor enforces it
    }
    String sql =
        server.checksNameTheirTable()
            ? "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE, 'YES'"
                + " FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?"
                + " ORDER BY TABLE_NAME, CONSTRAINT_NAME"
            : "SELECT tc.TABLE_NAME, cc.CONSTRAINT_NAME, cc.CHECK_CLAUSE, "
                + (server.hasEnforcedChecks() ? "tc.ENFORCED" : "'YES'")
                + " FROM information_schema.TABLE_CONSTRAINTS tc"
                + " JOIN information_schema.CHECK_CONSTRAINTS cc"
                + " ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA"
                + " AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME"
                + " WHERE tc.TABLE_SCHEMA = ? AND tc.CONSTRAINT_TYPE = 'CHECK'"
                + " ORDER BY tc.TABLE_NAME, cc.CONSTRAINT_NAME";
    query(
        sql,
        rs -> {
          TableParts t = tables.get(rs.getString(1));
          if (t == null) {
            return;
          }
          String name = rs.getString(2);
          String clause = rs.getString(3);
          String jsonColumn = jsonValidated(t, clause);
          if (jsonColumn != null) {
            // MariaDB's json type is longtext CHECK (json_valid(col)): jsonb implies the check
            t.jsonColumns.add(jsonColumn);
          } else if ("NO".equalsIgnoreCase(rs.getString(4))) {
            notCopied.add(new SourceObject("check (not enforced)", t.name + "." + name, clause));
          } else {
            t.checks.add(new Check(name, clause));
          }
        });
  }

  /** The text column {@code clause} checks to be JSON ({@code json_valid(`doc`)}), or null. */
  private static String jsonValidated(TableParts t, String clause) {
    String c = clause.strip();
    for (RawColumn column : t.columns) {
      String expected = "json_valid(" + MysqlDialect.INSTANCE.quote(column.name()) + ")";
      Mapping m = MysqlTypes.map(column.columnType());
      if (c.equalsIgnoreCase(expected)
          && m.stored() == Stored.TEXT
          && m.type().kind() == Kind.STRING) {
        return column.name();
      }
    }
    return null;
  }

  private void readForeignKeys() throws SQLException {
    query(
        "SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA,"
            + " REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME"
            + " FROM information_schema.KEY_COLUMN_USAGE"
            + " WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL"
            + " ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION",
        rs -> {
          TableParts t = tables.get(rs.getString(1));
          if (t != null) {
            t.foreignKeys
                .computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
                .add(
                    new KeyPart(
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
          }
        });
  }

  /** ON DELETE/UPDATE actions: the inventory's foreign keys do not carry them. */
  private void readForeignKeyActions() throws SQLException {
    query(
        "SELECT TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE"
            + " FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?",
        rs -> {
          List<String> actions = new ArrayList<>();
          if (!isPlain(rs.getString(4))) {
            actions.add("ON DELETE " + rs.getString(4));
          }
          if (!isPlain(rs.getString(3))) {
            actions.add("ON UPDATE " + rs.getString(3));
          }
          if (!actions.isEmpty() && tables.containsKey(rs.getString(1))) {
            notCopied.add(
                new SourceObject(
                    "foreign key action",
                    rs.getString(1) + "." + rs.getString(2),
                    String.join(" ", actions)));
          }
        });
  }

  private static boolean isPlain(String rule) {
    return rule == null || rule.equals("RESTRICT") || rule.equals("NO ACTION");
  }

  private Table build(TableParts t) {
    List<Column> columns = new ArrayList<>();
    for (RawColumn raw : t.columns) {
      columns.add(column(t, raw));
    }
    RawIndex primary = t.indexes.get("PRIMARY");
    List<String> primaryKey = primary == null ? List.of() : primary.columns();
    List<Index> indexes = new ArrayList<>();
    for (RawIndex i : t.indexes.values()) {
      if (i == primary) {
        continue;
      }
      if (i.type().equals("FULLTEXT") || i.type().equals("SPATIAL") || i.type().equals("VECTOR")) {
        // a btree over the same columns would not do what these do
        notCopied.add(
            new SourceObject(
                i.type().toLowerCase(Locale.ROOT) + " index",
                t.name + "." + i.name(),
                i.type() + " (" + String.join(", ", i.columns()) + ")"));
        continue;
      }
      indexes.add(new Index(i.name(), i.columns(), i.unique()));
    }
    indexes.sort(Comparator.comparing(Index::name));
    List<ForeignKey> foreignKeys = new ArrayList<>();
    for (Map.Entry<String, List<KeyPart>> fk : t.foreignKeys.entrySet()) {
      List<KeyPart> parts = fk.getValue();
      List<String> from = parts.stream().map(KeyPart::column).toList();
      List<String> to = parts.stream().map(KeyPart::referencedColumn).toList();
      KeyPart first = parts.get(0);
      if (schema.equals(first.referencedSchema())) {
        foreignKeys.add(new ForeignKey(fk.getKey(), from, first.referencedTable(), to));
      } else {
        // the referenced table is not copied with this database
        notCopied.add(
            new SourceObject(
                "foreign key to another database",
                t.name + "." + fk.getKey(),
                "("
                    + String.join(", ", from)
                    + ") REFERENCES "
                    + first.referencedSchema()
                    + "."
                    + first.referencedTable()
                    + " ("
                    + String.join(", ", to)
                    + ")"));
      }
    }
    return new Table(
        t.name,
        columns,
        primaryKey,
        foreignKeys,
        indexes,
        t.rowEstimate,
        splitKey(columns, primaryKey, indexes),
        t.checks);
  }

  private Column column(TableParts t, RawColumn raw) {
    Mapping m =
        t.jsonColumns.contains(raw.name()) ? MysqlTypes.JSON : MysqlTypes.map(raw.columnType());
    boolean nullable = raw.nullable();
    String defaultValue = null;
    if (raw.generated()) {
      notCopied.add(
          new SourceObject(
              "generated column",
              t.name + "." + raw.name(),
              "AS (" + raw.generation() + ") " + raw.extra()));
    } else {
      Default d =
          MysqlDefaults.normalize(
              raw.defaultValue(),
              m.stored(),
              m.type().kind() == Kind.BOOLEAN,
              raw.extra(),
              server.quotesDefaults());
      defaultValue = d.expression();
      // pgloader's rule: a zero-date default means the column holds zero dates, read as NULL
      nullable |= d.zeroDate();
    }
    return new Column(
        raw.name(),
        raw.columnType(),
        m.type(),
        nullable,
        defaultValue,
        raw.autoIncrement(),
        m.labels(),
        m.pgType());
  }

  /**
   * The integer column range reads split on: a one-column integer primary key, else the first
   * column of a composite primary key when it is an integer, else a one-column unique NOT NULL
   * integer key. Empty when there is none: the table is read by one reader.
   */
  static Optional<String> splitKey(
      List<Column> columns, List<String> primaryKey, List<Index> indexes) {
    if (!primaryKey.isEmpty() && isInteger(columns, primaryKey.get(0))) {
      return Optional.of(primaryKey.get(0));
    }
    return indexes.stream()
        .filter(i -> i.unique() && i.columns().size() == 1)
        .map(i -> i.columns().get(0))
        .filter(name -> isInteger(columns, name))
        .filter(name -> columns.stream().anyMatch(c -> c.name().equals(name) && !c.nullable()))
        .findFirst();
  }

  private static boolean isInteger(List<Column> columns, String name) {
    return columns.stream()
        .filter(c -> c.name().equals(name))
        .anyMatch(
            c -> {
              Stored stored = MysqlTypes.map(c.sourceType()).stored();
              Kind kind = c.type().kind();
              return stored == Stored.UNSIGNED_BIGINT
                  || (stored == Stored.INTEGER
                      && (kind == Kind.INT16 || kind == Kind.INT32 || kind == Kind.INT64));
            });
  }

  /** Runs {@code sql} with this schema as its one parameter, handing each row to {@code row}. */
  private void query(String sql, RowHandler row) throws SQLException {
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
  private interface RowHandler {
    void accept(ResultSet rs) throws SQLException;
  }
}
