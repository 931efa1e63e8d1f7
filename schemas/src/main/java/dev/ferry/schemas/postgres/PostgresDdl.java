package dev.ferry.schemas.postgres;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.ForeignKey;
import dev.ferry.schemas.inventory.Index;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.schemas.types.ValueRejected;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * PostgreSQL DDL for copying inventory tables into one schema, in the order pgloader's {@code
 * create} mode runs it: schema and tables first, with columns, types and NOT NULL but no keys;
 * then, once the rows are in, primary keys, unique and other indexes, foreign keys and sequences.
 * Every name goes through {@link PostgresNames} and is quoted.
 *
 * <pre>{@code
 * PostgresDdl ddl = PostgresDdl.of("shop", inventory.tables());
 * ddl.createTables().forEach(sql::execute);
 * // load rows into ddl.table("orders") with columns ddl.columns("orders")
 * ddl.plan().afterLoad().forEach(sql::execute);
 * }</pre>
 *
 * <p>{@code CREATE TABLE} fails on a table that exists, so {@code create} never writes into
 * someone's table. What cannot be translated is left out and said in {@link #notes()}: defaults
 * other than literals and {@code CURRENT_TIMESTAMP}, expression indexes, and foreign keys to tables
 * not copied or to columns without a primary key or unique index.
 */
public final class PostgresDdl {

  private final Map<String, Table> tables = new LinkedHashMap<>();
  private final TargetNames names;
  private final List<String> notes;
  private final List<String> createTables;
  private final List<String> primaryKeys;
  private final List<String> uniqueAndIndexes;
  private final List<String> foreignKeys;

  /** Unique column sets per table that PostgreSQL will have, which foreign keys may reference. */
  private final Map<String, List<Set<String>>> uniqueKeys = new LinkedHashMap<>();

  private PostgresDdl(String schema, List<Table> tableList) {
    for (Table t : tableList) {
      if (tables.putIfAbsent(t.name(), t) != null) {
        throw new IllegalArgumentException("table " + t.name() + " is listed twice");
      }
    }
    names = new TargetNames(schema, tableList);
    notes = new ArrayList<>(names.notes());
    createTables = new ArrayList<>(List.of("CREATE SCHEMA IF NOT EXISTS " + names.schema()));
    primaryKeys = new ArrayList<>();
    uniqueAndIndexes = new ArrayList<>();
    foreignKeys = new ArrayList<>();
    for (Table t : tableList) {
      createTables.add(createTable(t));
      uniqueKeys.put(t.name(), new ArrayList<>());
      if (!t.primaryKey().isEmpty()) {
        primaryKeys.add(primaryKey(t));
        uniqueKeys.get(t.name()).add(Set.copyOf(t.primaryKey()));
      }
    }
    for (Table t : tableList) {
      t.indexes().forEach(i -> index(t, i).ifPresent(uniqueAndIndexes::add));
    }
    for (Table t : tableList) {
      t.foreignKeys().forEach(fk -> foreignKey(t, fk).ifPresent(foreignKeys::add));
    }
  }

  /** The DDL for {@code tables} in the schema {@code schema}, created if missing. */
  public static PostgresDdl of(String schema, List<Table> tables) {
    return new PostgresDdl(schema, tables);
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

  /**
   * For a table whose key the source fills itself (today SQLite's {@code INTEGER PRIMARY KEY}),
   * create a sequence owned by the column, make it the column's default, and set it to the loaded
   * maximum + 1. Run after {@code table} is loaded; empty for other tables.
   */
  public List<String> sequences(String table) {
    Table t = tableNamed(table);
    Optional<Column> column = AutoIncrement.of(t);
    if (column.isEmpty()) {
      return List.of();
    }
    String name = column.get().name();
    String sequence = names.sequence(table);
    String target = names.table(table);
    String col = names.column(table, name);
    return List.of(
        "CREATE SEQUENCE IF NOT EXISTS "
            + sequence
            + " AS "
            + PostgresTypes.map(column.get().type())
            + " OWNED BY "
            + target
            + "."
            + col,
        "ALTER TABLE "
            + target
            + " ALTER COLUMN "
            + col
            + " SET DEFAULT nextval("
            + Identifiers.literal(sequence)
            + ")",
        "SELECT setval("
            + Identifiers.literal(sequence)
            + ", (SELECT coalesce(max("
            + col
            + "), 0) + 1 FROM "
            + target
            + "), false)");
  }

  /** Renames and everything left out, one line each, in the order the statements are built. */
  public List<String> notes() {
    return List.copyOf(notes);
  }

  /** All statements and notes, for {@code ferry plan} and for running in phases. */
  public DdlPlan plan() {
    List<String> sequences = tables.keySet().stream().flatMap(t -> sequences(t).stream()).toList();
    return new DdlPlan(createTables, primaryKeys, uniqueAndIndexes, foreignKeys, sequences, notes);
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

  private Table tableNamed(String table) {
    Table t = tables.get(table);
    if (t == null) {
      throw new IllegalArgumentException("table " + table + " is not in this plan");
    }
    return t;
  }

  private String createTable(Table t) {
    Set<String> inKey = Set.copyOf(t.primaryKey());
    String columns =
        t.columns().stream()
            .map(c -> "  " + columnDefinition(t, c, inKey.contains(c.name())))
            .collect(Collectors.joining(",\n"));
    return "CREATE TABLE " + names.table(t.name()) + " (\n" + columns + "\n)";
  }

  /**
   * Key columns are NOT NULL from the start, so a row with a NULL key is rejected on its own during
   * the load instead of failing the primary key afterwards (SQLite lets such rows in).
   */
  private String columnDefinition(Table t, Column c, boolean inKey) {
    StringBuilder b = new StringBuilder();
    b.append(names.column(t.name(), c.name())).append(' ').append(PostgresTypes.map(c.type()));
    try {
      PostgresDefaults.translate(c.defaultValue(), c.type())
          .ifPresent(d -> b.append(" DEFAULT ").append(d));
    } catch (ValueRejected e) {
      notes.add("skipped the default of " + where(t, c.name()) + ": " + e.getMessage());
    }
    if (!c.nullable() || inKey) {
      b.append(" NOT NULL");
    }
    return b.toString();
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

  private Optional<String> foreignKey(Table t, ForeignKey fk) {
    Optional<String> problem = problem(t, fk);
    if (problem.isPresent()) {
      notes.add(
          "skipped foreign key "
              + Identifiers.quote(fk.name())
              + " of table "
              + Identifiers.quote(t.name())
              + ": "
              + problem.get());
      return Optional.empty();
    }
    Table referenced = tables.get(fk.referencedTable());
    return Optional.of(
        "ALTER TABLE "
            + names.table(t.name())
            + " ADD CONSTRAINT "
            + names.foreignKey(t.name(), fk.name())
            + " FOREIGN KEY ("
            + columnList(t, fk.columns())
            + ") REFERENCES "
            + names.table(referenced.name())
            + " ("
            + columnList(referenced, fk.referencedColumns())
            + ")");
  }

  /** Why PostgreSQL would refuse {@code fk}, checked here so one bad key cannot stop the rest. */
  private Optional<String> problem(Table t, ForeignKey fk) {
    Table referenced = tables.get(fk.referencedTable());
    if (referenced == null) {
      return Optional.of(
          "it references table " + Identifiers.quote(fk.referencedTable()) + ", not copied");
    }
    if (fk.columns().isEmpty() || fk.columns().size() != fk.referencedColumns().size()) {
      return Optional.of("its columns do not pair with the referenced columns");
    }
    Optional<String> missing =
        missingColumn(t, fk.columns()).or(() -> missingColumn(referenced, fk.referencedColumns()));
    if (missing.isPresent()) {
      return Optional.of("no column " + missing.get());
    }
    if (!uniqueKeys.get(referenced.name()).contains(Set.copyOf(fk.referencedColumns()))) {
      return Optional.of(
          "PostgreSQL needs a primary key or unique index on "
              + Identifiers.quote(referenced.name())
              + " ("
              + fk.referencedColumns().stream()
                  .map(Identifiers::quote)
                  .collect(Collectors.joining(", "))
              + ")");
    }
    for (int i = 0; i < fk.columns().size(); i++) {
      Column from = t.column(fk.columns().get(i)).orElseThrow();
      Column to = referenced.column(fk.referencedColumns().get(i)).orElseThrow();
      if (family(from.type().kind()) != family(to.type().kind())) {
        return Optional.of(
            where(t, from.name())
                + " is "
                + from.type()
                + " but "
                + where(referenced, to.name())
                + " is "
                + to.type());
      }
    }
    return Optional.empty();
  }

  /** Kinds PostgreSQL compares with one index operator family (int2/int4/int8, float4/float8). */
  private static Kind family(Kind kind) {
    return switch (kind) {
      case INT16, INT32, INT64 -> Kind.INT64;
      case FLOAT32, FLOAT64 -> Kind.FLOAT64;
      default -> kind;
    };
  }

  private static Optional<String> missingColumn(Table t, List<String> columns) {
    Set<String> present = new HashSet<>();
    t.columns().forEach(c -> present.add(c.name()));
    return columns.stream().filter(c -> !present.contains(c)).findFirst().map(c -> where(t, c));
  }

  private String columnList(Table t, List<String> columns) {
    return columns.stream().map(c -> names.column(t.name(), c)).collect(Collectors.joining(", "));
  }

  private static String where(Table t, String column) {
    return Identifiers.quote(t.name()) + "." + Identifiers.quote(column);
  }
}
