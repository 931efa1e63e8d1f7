package dev.ferry.schemas.pgsource;

import dev.ferry.schemas.SourceException;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Index;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.SourceObject;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.pgsource.PostgresKeys.Relation;
import dev.ferry.schemas.pgsource.PostgresKeys.TableKeys;
import dev.ferry.schemas.pgsource.PostgresSourceTypes.Mapping;
import dev.ferry.schemas.sql.JdbcLogin;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the inventory of one PostgreSQL schema from {@code pg_catalog}.
 *
 * <p><b>Which schema.</b> The first schema named by the URL's {@code currentSchema} parameter
 * ({@code jdbc:postgresql://db/shop?currentSchema=sales}), else {@code public}. Tables are named
 * unqualified; reads set {@code search_path} to the same schema, so those names resolve there.
 *
 * <p><b>Tables.</b> Ordinary and partitioned tables; a partitioned table is read whole, its
 * partitions are listed as not copied. Columns come in {@code attnum} order with {@code
 * format_type} as source type, NOT NULL, defaults, and the mapping of {@link PostgresSourceTypes}
 * and {@link PostgresUserTypes}. Identity columns and {@code serial} columns (a {@code nextval}
 * default on a sequence the column owns) are auto-incremented. A generated column ({@code GENERATED
 * ALWAYS AS (…) STORED}) is read and created as a plain column holding the source's values; its
 * expression is listed as not copied. The row estimate is {@code reltuples} (summed over the leaf
 * partitions of a partitioned table), -1 when the table was never analyzed.
 *
 * <p><b>Split key.</b> The single integer primary key column; else the first integer column of a
 * composite primary key; else the alphabetically first single-column unique index on a NOT NULL
 * integer column; else none.
 *
 * <p>The catalog is read in one read-only REPEATABLE READ transaction, so it is one consistent
 * picture, which is rolled back before the connection is handed back as it came.
 */
public final class PostgresCatalog {

  private static final String DEFAULT_SCHEMA = "public";
  private static final Set<Kind> INTEGERS = EnumSet.of(Kind.INT16, Kind.INT32, Kind.INT64);

  /** One row of the columns query. */
  private record RawColumn(
      long table,
      int attnum,
      String name,
      String formatted,
      boolean notNull,
      String defaultValue,
      String identity,
      String generated,
      long typeOid,
      long elementOid,
      boolean ownsSequence,
      boolean userDefinedType) {}

  private PostgresCatalog() {}

  /**
   * The schema {@code login} copies: the first name in the URL's {@code currentSchema} parameter
   * (unquoted when written {@code "My Schema"}, as pgjdbc's search_path needs such a name), else
   * {@code public}.
   */
  public static String schema(JdbcLogin login) {
    return schema(login.url());
  }

  /** {@link #schema(JdbcLogin)} for a URL. */
  public static String schema(String url) {
    int query = url.indexOf('?');
    if (query < 0) {
      return DEFAULT_SCHEMA;
    }
    for (String parameter : url.substring(query + 1).split("&")) {
      int eq = parameter.indexOf('=');
      if (eq > 0 && parameter.substring(0, eq).equals("currentSchema")) {
        String value = URLDecoder.decode(parameter.substring(eq + 1), StandardCharsets.UTF_8);
        String first = value.split(",")[0].strip();
        if (first.length() > 1 && first.startsWith("\"") && first.endsWith("\"")) {
          // quoted as search_path needs it for a name with capitals or spaces
          first = first.substring(1, first.length() - 1).replace("\"\"", "\"");
        }
        if (!first.isEmpty()) {
          return first;
        }
      }
    }
    return DEFAULT_SCHEMA;
  }

  /** Reads the inventory of {@code login}'s schema over {@code c}. */
  public static Inventory read(Connection c, JdbcLogin login) throws SQLException {
    String schema = schema(login);
    boolean autoCommit = c.getAutoCommit();
    int isolation = c.getTransactionIsolation();
    boolean readOnly = c.isReadOnly();
    c.setAutoCommit(false);
    Inventory inventory;
    try {
      c.setReadOnly(true);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      inventory = read(c, login.displayUrl(), schema, login.location());
    } catch (SQLException | RuntimeException e) {
      try {
        restore(c, autoCommit, isolation, readOnly);
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    restore(c, autoCommit, isolation, readOnly);
    return inventory;
  }

  private static void restore(Connection c, boolean autoCommit, int isolation, boolean readOnly)
      throws SQLException {
    c.rollback();
    c.setTransactionIsolation(isolation);
    c.setReadOnly(readOnly);
    c.setAutoCommit(autoCommit);
  }

  private static Inventory read(Connection c, String source, String schema, String location)
      throws SQLException {
    long schemaOid = schemaOid(c, schema, location);
    // format_type names types of the copied schema unqualified and all others qualified.
    try (PreparedStatement s =
        c.prepareStatement("SELECT set_config('search_path', quote_ident(?), true)")) {
      s.setString(1, schema);
      s.execute();
    }
    Map<Long, Relation> relations = new LinkedHashMap<>();
    Map<Long, Long> estimates = new LinkedHashMap<>();
    readTables(c, schemaOid, relations, estimates);
    List<RawColumn> raw = readColumns(c, schemaOid);
    for (RawColumn col : raw) {
      Relation table = relations.get(col.table());
      if (table != null) {
        table.columns().put(col.attnum(), col.name());
      }
    }
    PostgresUserTypes userTypes = PostgresUserTypes.read(c);
    PostgresKeys keys = PostgresKeys.read(c, schemaOid, relations);
    List<SourceObject> notCopied = new ArrayList<>();
    Map<Long, List<Column>> columns = new LinkedHashMap<>();
    for (RawColumn col : raw) {
      Relation table = relations.get(col.table());
      if (table == null) {
        continue;
      }
      columns.computeIfAbsent(col.table(), k -> new ArrayList<>()).add(column(col, userTypes));
      note(table, col, notCopied);
    }
    List<Table> tables = new ArrayList<>();
    for (Relation relation : relations.values()) {
      List<Column> tableColumns = columns.getOrDefault(relation.oid(), List.of());
      TableKeys tableKeys = keys.of(relation.oid());
      tables.add(
          new Table(
              relation.name(),
              tableColumns,
              tableKeys.primaryKey(),
              tableKeys.foreignKeys(),
              tableKeys.indexes(),
              estimates.get(relation.oid()),
              splitKey(tableColumns, tableKeys),
              tableKeys.checks()));
    }
    notCopied.addAll(keys.notCopied());
    notCopied.addAll(PostgresObjects.read(c, schemaOid));
    return new Inventory(source, "postgres", tables, notCopied, userTypes.used());
  }

  private static long schemaOid(Connection c, String schema, String location) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT oid FROM pg_namespace WHERE nspname = ?")) {
      s.setString(1, schema);
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next()) {
          return rs.getLong(1);
        }
      }
    }
    throw new SourceException(
        "schema \""
            + schema
            + "\" does not exist in PostgreSQL database "
            + location
            + ": name an existing schema with ?currentSchema=NAME in the source URL");
  }

  private static void readTables(
      Connection c, long schemaOid, Map<Long, Relation> relations, Map<Long, Long> estimates)
      throws SQLException {
    // reltuples is -1 for a table never vacuumed or analyzed (PostgreSQL 14+).
    String sql =
        "SELECT c.oid, c.relname, CASE WHEN c.relkind = 'r' THEN"
            + "   CASE WHEN c.reltuples < 0 THEN -1 ELSE c.reltuples::bigint END"
            + " ELSE COALESCE((SELECT sum(l.reltuples)::bigint FROM pg_partition_tree(c.oid) t"
            + "   JOIN pg_class l ON l.oid = t.relid WHERE t.isleaf AND l.reltuples >= 0), -1)"
            + " END"
            + " FROM pg_class c WHERE c.relnamespace = ? AND c.relkind IN ('r', 'p')"
            + " AND NOT c.relispartition ORDER BY c.relname";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, schemaOid);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          relations.put(
              rs.getLong(1), new Relation(rs.getLong(1), rs.getString(2), new LinkedHashMap<>()));
          estimates.put(rs.getLong(1), rs.getLong(3));
        }
      }
    }
  }

  private static List<RawColumn> readColumns(Connection c, long schemaOid) throws SQLException {
    String sql =
        "SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod),"
            + " a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,"
            + " a.atttypid, CASE WHEN t.typlen = -1 THEN t.typelem ELSE 0 END,"
            + " EXISTS (SELECT 1 FROM pg_depend dep JOIN pg_class s ON s.oid = dep.objid"
            + "   WHERE dep.classid = 'pg_class'::regclass AND s.relkind = 'S'"
            + "   AND dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum"
            + "   AND dep.deptype IN ('a', 'i')),"
            // a composite, range or multirange type of the database's own, not an extension's
            + " u.typtype IN ('c', 'r', 'm') AND u.typnamespace NOT IN"
            + "   ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)"
            + "   AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_type'::regclass"
            + "   AND e.objid = u.oid AND e.deptype = 'e')"
            + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
            + " JOIN pg_type t ON t.oid = a.atttypid"
            + " JOIN pg_type u ON u.oid = CASE WHEN t.typlen = -1 AND t.typelem <> 0"
            + "   THEN t.typelem ELSE t.oid END"
            + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
            + " WHERE c.relnamespace = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
            + " AND a.attnum > 0 AND NOT a.attisdropped"
            + " ORDER BY a.attrelid, a.attnum";
    List<RawColumn> columns = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, schemaOid);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          columns.add(
              new RawColumn(
                  rs.getLong(1),
                  rs.getInt(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getBoolean(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getLong(9),
                  rs.getLong(10),
                  rs.getBoolean(11),
                  rs.getBoolean(12)));
        }
      }
    }
    return columns;
  }

  /** What a column brings that is not copied: a generation expression, a type to create. */
  private static void note(Relation table, RawColumn col, List<SourceObject> notCopied) {
    if (col.generated().equals("s")) {
      notCopied.add(
          new SourceObject(
              "generated column",
              table.name() + "." + col.name(),
              "GENERATED ALWAYS AS ("
                  + col.defaultValue()
                  + ") STORED: its values are copied into a plain column"));
    }
    String typeName = col.formatted().replace("[]", "");
    if (col.userDefinedType()
        && notCopied.stream()
            .noneMatch(o -> o.kind().equals("type") && o.name().equals(typeName))) {
      notCopied.add(
          new SourceObject(
              "type",
              typeName,
              "used by "
                  + table.name()
                  + "."
                  + col.name()
                  + ": create it in the target before the load; its values travel as text"));
    }
  }

  private static Column column(RawColumn col, PostgresUserTypes userTypes) {
    Mapping mapping;
    if (userTypes.isUserType(col.typeOid())) {
      mapping = userTypes.use(col.typeOid());
    } else if (userTypes.isUserType(col.elementOid())) {
      mapping = new Mapping(ColumnType.string(0), userTypes.use(col.elementOid()).pgType() + "[]");
    } else {
      mapping = PostgresSourceTypes.map(col.formatted());
    }
    boolean generated = col.generated().equals("s");
    String defaultValue = generated ? null : col.defaultValue();
    boolean serial =
        col.ownsSequence() && defaultValue != null && defaultValue.startsWith("nextval(");
    boolean identity = !col.identity().isEmpty();
    return new Column(
        col.name(),
        col.formatted(),
        mapping.type(),
        !col.notNull(),
        defaultValue,
        identity || serial,
        userTypes.enumLabels(col.typeOid()),
        mapping.pgType());
  }

  private static Optional<String> splitKey(List<Column> columns, TableKeys keys) {
    for (String key : keys.primaryKey()) {
      if (isInteger(columns, key, false)) {
        return Optional.of(key);
      }
    }
    return keys.indexes().stream()
        .filter(i -> i.unique() && i.columns().size() == 1)
        .map(Index::columns)
        .map(c -> c.get(0))
        .filter(name -> isInteger(columns, name, true))
        .findFirst();
  }

  private static boolean isInteger(List<Column> columns, String name, boolean notNull) {
    return columns.stream()
        .anyMatch(
            c ->
                c.name().equals(name)
                    && INTEGERS.contains(c.type().kind())
                    && !(notNull && c.nullable()));
  }
}
