package dev.ferry.schemas.postgres;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Index;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.inventory.UserType;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * PostgreSQL DDL for copying inventory tables into one schema, in the order pgloader's {@code
 * create} mode runs it: schema, the source's enums and domains, and tables first, with columns,
 * types, defaults and NOT NULL but no keys; then, once the rows are in, primary keys, unique and
 * other indexes, foreign keys, checks and sequences. Every name goes through {@link PostgresNames}
 * and is quoted.
 *
 * <pre>{@code
 * PostgresDdl ddl = PostgresDdl.of("shop", inventory, inventory.tables(), EnumStyle.CHECK);
 * DdlPlan plan = ddl.plan();
 * plan.beforeLoad().forEach(sql::execute);
 * // load rows into ddl.table("orders") with columns ddl.columns("orders"), waves of ddl.loadOrder()
 * plan.afterLoad().forEach(sql::execute); // each alone: report the ones that fail
 * }</pre>
 *
 * <p>{@code CREATE TABLE} fails on a table that exists, so {@code create} never writes into
 * someone's table; types are created only when missing, so they survive runs in {@code append} and
 * {@code upsert} modes. What cannot be translated is left out and said in {@link #notes()}:
 * defaults other than literals and the current time, expression indexes, foreign keys to tables not
 * copied or to columns without a primary key or unique index, checks that are not simple.
 *
 * <p>For the other modes: {@link #truncateAll()} empties the tables for {@code replace}, {@link
 * #conflictKey} names the key of an {@code upsert}, and {@link #loadOrder()} orders loads into
 * tables whose foreign keys already hold.
 */
public final class PostgresDdl {

  private final String dialect;
  private final Map<String, Table> tables = new LinkedHashMap<>();
  private final TargetNames names;
  private final ColumnDefinitions columns;
  private final List<String> notes;
  private final List<String> createTypes = new ArrayList<>();
  private final List<String> createTables = new ArrayList<>();
  private final List<String> primaryKeys = new ArrayList<>();
  private final List<String> uniqueAndIndexes = new ArrayList<>();
  private final List<String> foreignKeys = new ArrayList<>();
  private final List<String> checks = new ArrayList<>();

  /** Unique column sets per table that PostgreSQL will have, which foreign keys may reference. */
  private final Map<String, List<Set<String>>> uniqueKeys = new LinkedHashMap<>();

  /** Per table, the unique indexes PostgreSQL will have: source name → source columns. */
  private final Map<String, Map<String, List<String>>> uniqueIndexes = new HashMap<>();

  /** Per table, the tables its planned foreign keys reference. */
  private final Map<String, Set<String>> parents;

  private PostgresDdl(
      String schema, Inventory inventory, List<Table> tableList, EnumStyle enumStyle) {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(inventory, "inventory");
    Objects.requireNonNull(enumStyle, "enumStyle");
    for (Table t : tableList) {
      if (tables.putIfAbsent(t.name(), t) != null) {
        throw new IllegalArgumentException("table " + t.name() + " is listed twice");
      }
    }
    dialect = inventory.dialect();
    UserTypes userTypes = new UserTypes(inventory.types(), tableList);
    names = new TargetNames(schema, tableList, userTypes.usedNames(), dialect, enumStyle);
    notes = new ArrayList<>(names.notes());
    columns = new ColumnDefinitions(names, dialect, enumStyle, userTypes.usedNames(), notes);

    List<String> types = new ArrayList<>();
    for (UserType u : userTypes.used()) {
      types.add(UserTypes.create(u, names.type(u.name()), columns::userType));
    }
    for (Table t : tableList) {
      for (Column c : t.columns()) {
        if (enumStyle.use(c) == EnumStyle.Use.TYPE) {
          types.add(UserTypes.createEnum(names.enumType(t.name(), c.name()), c.enumValues()));
        }
      }
    }
    String createSchema = "CREATE SCHEMA IF NOT EXISTS " + names.schema();
    if (!types.isEmpty()) {
      createTypes.add(createSchema);
      createTypes.addAll(types);
    }
    createTables.add(createSchema);
    for (Table t : tableList) {
      createTables.add(createTable(t));
      uniqueKeys.put(t.name(), new ArrayList<>());
      uniqueIndexes.put(t.name(), new LinkedHashMap<>());
      if (!t.primaryKey().isEmpty()) {
        primaryKeys.add(primaryKey(t));
        uniqueKeys.get(t.name()).add(Set.copyOf(t.primaryKey()));
      }
    }
    for (Table t : tableList) {
      t.indexes().forEach(i -> index(t, i).ifPresent(uniqueAndIndexes::add));
    }
    ForeignKeys planned = new ForeignKeys(tables, names, columns, uniqueKeys, notes);
    for (Table t : tableList) {
      t.foreignKeys().forEach(fk -> planned.statement(t, fk).ifPresent(foreignKeys::add));
    }
    parents = planned.parents();
    CheckConstraints checkConstraints =
        new CheckConstraints(names, dialect, columns::userType, notes);
    for (Table t : tableList) {
      checks.addAll(checkConstraints.statements(t));
      for (Column c : AutoIncrement.castAway(t)) {
        notes.add(
            "no sequence for "
                + where(t, c.name())
                + ", which the source fills itself: it is cast to "
                + c.type());
      }
    }
  }

  /**
   * The DDL for {@code tables} of {@code inventory} (its dialect and types; the tables may carry
   * casts) in the schema {@code schema}, created if missing.
   */
  public static PostgresDdl of(
      String schema, Inventory inventory, List<Table> tables, EnumStyle enumStyle) {
    return new PostgresDdl(schema, inventory, tables, enumStyle);
  }

  /**
   * The DDL for {@code tables} read from SQLite in the schema {@code schema}, created if missing.
   */
  public static PostgresDdl of(String schema, List<Table> tables) {
    return of(schema, new Inventory("", "sqlite", tables, List.of()), tables, EnumStyle.CHECK);
  }

  /**
   * {@code CREATE SCHEMA IF NOT EXISTS}, then a {@code DO} block per enum and domain the tables use
   * that creates it unless the target has a type of that name; empty when the tables use none.
   */
  public List<String> createTypes() {
    return List.copyOf(createTypes);
  }

  /** {@code CREATE SCHEMA IF NOT EXISTS}, then one {@code CREATE TABLE} per table, in order. */
  public List<String> createTables() {
    return List.copyOf(createTables);
  }

  /** {@code ALTER TABLE … ADD CONSTRAINT … PRIMARY KEY}, to run after the load. */
  public List<String> primaryKeys() {
    return List.copyOf(primaryKeys);
  }

  /** Unique indexes (the source's unique constraints too) and plain indexes, after the keys. */
  public List<String> uniqueAndIndexes() {
    return List.copyOf(uniqueAndIndexes);
  }

  /** Foreign keys, after all tables are loaded and indexed: cycles and self references hold. */
  public List<String> foreignKeys() {
    return List.copyOf(foreignKeys);
  }

  /** {@code ALTER TABLE … ADD CONSTRAINT … CHECK (…)}, one per check copied, after the load. */
  public List<String> checks() {
    return List.copyOf(checks);
  }

  /**
   * For each column of {@code table} that the source fills itself, create a sequence owned by the
   * column, make it the column's default, and set it past the loaded maximum. Run after {@code
   * table} is loaded, and again after more rows are appended; empty for other tables.
   */
  public List<String> sequences(String table) {
    Table t = tableNamed(table);
    List<String> statements = new ArrayList<>();
    for (Column c : AutoIncrement.columns(t, dialect)) {
      String sequence = names.sequence(table, c.name());
      String target = names.table(table);
      String col = names.column(table, c.name());
      statements.add(
          "CREATE SEQUENCE IF NOT EXISTS "
              + sequence
              + " AS "
              + AutoIncrement.sequenceType(c)
              + " OWNED BY "
              + target
              + "."
              + col);
      statements.add(
          "ALTER TABLE "
              + target
              + " ALTER COLUMN "
              + col
              + " SET DEFAULT nextval("
              + Identifiers.literal(sequence)
              + ")");
      // Never below 1, the sequence's minimum, even when every loaded key is zero or negative;
      // setval takes a bigint, which a numeric key is not.
      String next = "greatest(coalesce(max(" + col + "), 0) + 1, 1)";
      if (c.type().kind() == Kind.DECIMAL) {
        next = next + "::bigint";
      }
      statements.add(
          "SELECT setval("
              + Identifiers.literal(sequence)
              + ", (SELECT "
              + next
              + " FROM "
              + target
              + "), false)");
    }
    return statements;
  }

  /**
   * For each column that the source fills itself, a statement that moves the sequence behind the
   * target column past the column's maximum, unless it is there already: run after a load into
   * tables that exist ({@code append}, {@code upsert}, {@code replace}), which may bring keys
   * beyond where the sequence stands. The sequence is the one PostgreSQL knows for the column
   * ({@code pg_get_serial_sequence}: owned or identity), so tables made by other means than {@link
   * #sequences} are served too; a column without one, or an empty table, is left alone.
   */
  public List<String> advanceSequences() {
    List<String> statements = new ArrayList<>();
    for (Table t : tables.values()) {
      List<String> targetColumns = names.columns(t.name());
      for (Column c : AutoIncrement.columns(t, dialect)) {
        String column = targetColumns.get(t.columns().indexOf(c));
        String max =
            "max("
                + Identifiers.quote(column)
                + ")"
                + (c.type().kind() == Kind.DECIMAL ? "::bigint" : "");
        // pg_sequence_last_value is NULL until the sequence is used (or set as used), and
        // greatest() skips NULLs: an unused sequence is moved whenever the table holds keys >= 1.
        statements.add(
            "SELECT setval(s, m) FROM (SELECT pg_get_serial_sequence("
                + Identifiers.literal(names.table(t.name()))
                + ", "
                + Identifiers.literal(column)
                + ") AS s, "
                + max
                + " AS m FROM "
                + names.table(t.name())
                + ") k WHERE s IS NOT NULL AND m > greatest(pg_sequence_last_value(s::regclass), 0)");
      }
    }
    return statements;
  }

  /** Renames and everything left out, one line each, in the order the statements are built. */
  public List<String> notes() {
    return List.copyOf(notes);
  }

  /** All statements and notes, for {@code ferry plan} and for running in phases. */
  public DdlPlan plan() {
    List<String> sequences = tables.keySet().stream().flatMap(t -> sequences(t).stream()).toList();
    return new DdlPlan(
        createTypes,
        createTables,
        primaryKeys,
        uniqueAndIndexes,
        foreignKeys,
        checks,
        sequences,
        notes);
  }

  /**
   * {@code TRUNCATE TABLE} of every table of the plan in one statement, so foreign keys between
   * them do not stand in the way ({@code replace} mode). Tables outside the plan that reference
   * them still do: PostgreSQL refuses, and nothing else is emptied.
   *
   * @throws IllegalStateException when the plan has no tables
   */
  public String truncateAll() {
    if (tables.isEmpty()) {
      throw new IllegalStateException("there is no table to truncate");
    }
    return "TRUNCATE TABLE "
        + tables.keySet().stream().map(names::table).collect(Collectors.joining(", "));
  }

  /**
   * The tables in waves by foreign key dependency, parents before children: load one wave after the
   * other when the foreign keys are in place during the load ({@code append}, {@code upsert},
   * {@code replace}). Tables in a foreign key cycle share a wave; a self reference does not count.
   * Only the foreign keys this plan creates are followed.
   */
  public List<List<String>> loadOrder() {
    return LoadOrder.waves(List.copyOf(tables.keySet()), parents);
  }

  /** The target schema's name, unquoted. */
  public String targetSchema() {
    return names.schemaName();
  }

  /** The target name of source table {@code table}, unquoted. */
  public String targetTable(String table) {
    tableNamed(table);
    return names.tableName(table);
  }

  /** The target of source table {@code table}: {@code "schema"."table"}, quoted. */
  public String table(String table) {
    tableNamed(table);
    return names.table(table);
  }

  /** The target column names of {@code table}, unquoted, in the source's column order. */
  public List<String> columns(String table) {
    tableNamed(table);
    return names.columns(table);
  }

  /** The target names of {@code table}'s primary key columns, unquoted; empty without one. */
  public List<String> keyColumns(String table) {
    Table t = tableNamed(table);
    return targetColumns(t, t.primaryKey());
  }

  /**
   * The target columns an {@code upsert} into {@code table} matches rows on ({@code ON CONFLICT}):
   * those of the unique index named {@code uniqueIndex} (its source or target name), or of the
   * primary key when none is named.
   *
   * @throws IllegalArgumentException when the table has no such unique index, or no primary key and
   *     none is named
   */
  public List<String> conflictKey(String table, Optional<String> uniqueIndex) {
    Table t = tableNamed(table);
    Map<String, List<String>> unique = uniqueIndexes.get(table);
    String candidates =
        unique.isEmpty()
            ? "it has no unique index either"
            : "its unique indexes: "
                + unique.keySet().stream()
                    .map(Identifiers::quote)
                    .collect(Collectors.joining(", "));
    if (uniqueIndex.isEmpty()) {
      if (t.primaryKey().isEmpty()) {
        throw new IllegalArgumentException(
            "table "
                + Identifiers.quote(table)
                + " has no primary key to upsert on: name a unique index as its key ("
                + candidates
                + ")");
      }
      return keyColumns(table);
    }
    String wanted = uniqueIndex.get();
    for (Map.Entry<String, List<String>> e : unique.entrySet()) {
      if (e.getKey().equals(wanted) || names.indexName(table, e.getKey()).equals(wanted)) {
        return targetColumns(t, e.getValue());
      }
    }
    throw new IllegalArgumentException(
        "table "
            + Identifiers.quote(table)
            + " has no unique index "
            + Identifiers.quote(wanted)
            + " to upsert on ("
            + candidates
            + ")");
  }

  private List<String> targetColumns(Table t, List<String> sourceColumns) {
    List<String> all = names.columns(t.name());
    return sourceColumns.stream()
        .map(c -> all.get(t.columns().indexOf(t.column(c).orElseThrow())))
        .toList();
  }

  private Table tableNamed(String table) {
    Table t = tables.get(table);
    if (t == null) {
      throw new IllegalArgumentException("table " + table + " is not in this plan");
    }
    return t;
  }

  private String createTable(Table t) {
    Set<String> inKey = Set.copyOf(t.primaryKey());
    String lines =
        t.columns().stream()
            .map(c -> "  " + columns.definition(t, c, inKey.contains(c.name())))
            .collect(Collectors.joining(",\n"));
    return "CREATE TABLE " + names.table(t.name()) + " (\n" + lines + "\n)";
  }

  private String primaryKey(Table t) {
    return "ALTER TABLE "
        + names.table(t.name())
        + " ADD CONSTRAINT "
        + names.primaryKey(t.name())
        + " PRIMARY KEY ("
        + columnList(t, t.primaryKey())
        + ")";
  }

  private Optional<String> index(Table t, Index i) {
    String what =
        "index " + Identifiers.quote(i.name()) + " of table " + Identifiers.quote(t.name());
    if (i.columns().contains("<expression>")) {
      notes.add("skipped " + what + ": it indexes an expression, which is not translated yet");
      return Optional.empty();
    }
    Optional<String> missing = missingColumn(t, i.columns());
    if (i.columns().isEmpty() || missing.isPresent()) {
      notes.add("skipped " + what + ": no column " + missing.orElse("listed"));
      return Optional.empty();
    }
    if (i.unique()) {
      uniqueKeys.get(t.name()).add(Set.copyOf(i.columns()));
      uniqueIndexes.get(t.name()).putIfAbsent(i.name(), i.columns());
    }
    return Optional.of(
        "CREATE "
            + (i.unique() ? "UNIQUE " : "")
            + "INDEX "
            + names.index(t.name(), i.name())
            + " ON "
            + names.table(t.name())
            + " ("
            + columnList(t, i.columns())
            + ")");
  }

  /** The first of {@code columns} that {@code t} lacks, as {@code "table"."column"}. */
  static Optional<String> missingColumn(Table t, List<String> columns) {
    Set<String> present = new HashSet<>();
    t.columns().forEach(c -> present.add(c.name()));
    return columns.stream().filter(c -> !present.contains(c)).findFirst().map(c -> where(t, c));
  }

  private String columnList(Table t, List<String> columns) {
    return names.columnList(t.name(), columns);
  }

  /** {@code "table"."column"}, for notes. */
  static String where(Table t, String column) {
    return Identifiers.quote(t.name()) + "." + Identifiers.quote(column);
  }
}
