package dev.ferry.schemas.postgres;

import dev.ferry.schemas.inventory.Check;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.ForeignKey;
import dev.ferry.schemas.inventory.Index;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.Identifiers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every PostgreSQL name one plan uses, chosen once so that statements and reports agree.
 *
 * <p>Namespaces: the columns of each table; the constraints of each table (its foreign keys and
 * checks beside its primary key name); and one for everything else in the schema. Tables, indexes
 * and sequences share PostgreSQL's relation namespace, types share {@code pg_type} with every
 * table's row type, and a primary key is named by its index; one namespace for all of them is
 * stricter than PostgreSQL and never wrong. Foreign keys and checks are no relations: they only
 * need names their table's other constraints do not have, so a foreign key keeps its name beside
 * the index MySQL made for it under the same name. Names claim in a fixed order, so the same
 * inventory always gets the same names: tables, then the source's types and index names, then the
 * names ferry makes up ({@code <table>_pkey}, {@code <table>_<column>_seq}, {@code
 * <table>_<column>} for an enum type), which give way to every source name. Constraints follow the
 * same rule per table, after the primary key: foreign keys, named checks, then {@code
 * <table>_check} for an unnamed check and {@code <table>_<column>_check} for an enum's labels.
 */
final class TargetNames {

  private enum Kind {
    TABLE("table"),
    TYPE("type"),
    PRIMARY_KEY("primary key"),
    INDEX("index"),
    SEQUENCE("sequence"),
    FOREIGN_KEY("foreign key"),
    ENUM_TYPE("enum type"),
    CHECK("check"),
    UNNAMED_CHECK("check"),
    ENUM_CHECK("enum check");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** Names ferry makes up are not reported when they change. */
    boolean chosenByFerry() {
      return this == PRIMARY_KEY
          || this == SEQUENCE
          || this == ENUM_TYPE
          || this == UNNAMED_CHECK
          || this == ENUM_CHECK;
    }
  }

  private record Key(Kind kind, String table, String name) {}

  private final String schema;
  private final Map<Key, String> schemaNames = new HashMap<>();
  private final Map<Key, String> constraintNames = new HashMap<>();
  private final Map<String, PostgresNames> columnNames = new HashMap<>();
  private final List<String> notes = new ArrayList<>();

  /**
   * @param userTypes the source's types the tables use, by name
   * @param dialect the source's dialect, which decides the columns that get sequences
   * @param enumStyle decides which enum columns get a type and which a check
   */
  TargetNames(
      String schema,
      List<Table> tables,
      List<String> userTypes,
      String dialect,
      EnumStyle enumStyle) {
    this.schema = PostgresNames.fit(schema);
    if (!this.schema.equals(schema)) {
      notes.add(
          renamed("schema " + Identifiers.quote(schema), this.schema, "longer than 63 bytes"));
    }
    Map<Key, String> wanted = new LinkedHashMap<>();
    for (Table t : tables) {
      wanted.put(new Key(Kind.TABLE, t.name(), t.name()), t.name());
    }
    for (String type : userTypes) {
      wanted.put(new Key(Kind.TYPE, "", type), type);
    }
    for (Table t : tables) {
      for (Index i : t.indexes()) {
        wanted.put(new Key(Kind.INDEX, t.name(), i.name()), i.name());
      }
    }
    for (Table t : tables) {
      wanted.put(new Key(Kind.PRIMARY_KEY, t.name(), ""), t.name() + "_pkey");
      for (Column c : AutoIncrement.columns(t, dialect)) {
        wanted.put(new Key(Kind.SEQUENCE, t.name(), c.name()), t.name() + "_" + c.name() + "_seq");
      }
      for (Column c : t.columns()) {
        if (enumStyle.use(c) == EnumStyle.Use.TYPE) {
          wanted.put(new Key(Kind.ENUM_TYPE, t.name(), c.name()), t.name() + "_" + c.name());
        }
      }
    }
    claim(wanted, schemaNames);
    for (Table t : tables) {
      PostgresNames columns = PostgresNames.of(t.columns().stream().map(Column::name).toList());
      columnNames.put(t.name(), columns);
      for (PostgresNames.Rename r : columns.renames()) {
        notes.add(
            renamed(
                "column " + Identifiers.quote(t.name()) + "." + Identifiers.quote(r.from()),
                r.to(),
                r.reason()));
      }
    }
    for (Table t : tables) {
      claimConstraints(t, enumStyle);
    }
  }

  /**
   * Foreign keys and checks claim their names among the table's constraint names: its primary key
   * comes first with the target it already has, so it keeps it.
   */
  private void claimConstraints(Table t, EnumStyle enumStyle) {
    Map<Key, String> wanted = new LinkedHashMap<>();
    wanted.put(new Key(Kind.PRIMARY_KEY, t.name(), ""), schemaNames.get(pkKey(t.name())));
    for (ForeignKey fk : t.foreignKeys()) {
      wanted.put(new Key(Kind.FOREIGN_KEY, t.name(), fk.name()), fk.name());
    }
    List<Check> checks = t.checks();
    for (int i = 0; i < checks.size(); i++) {
      if (named(checks.get(i))) {
        wanted.put(new Key(Kind.CHECK, t.name(), String.valueOf(i)), checks.get(i).name());
      }
    }
    for (int i = 0; i < checks.size(); i++) {
      if (!named(checks.get(i))) {
        wanted.put(new Key(Kind.UNNAMED_CHECK, t.name(), String.valueOf(i)), t.name() + "_check");
      }
    }
    for (Column c : t.columns()) {
      if (enumStyle.use(c) == EnumStyle.Use.CHECK) {
        wanted.put(
            new Key(Kind.ENUM_CHECK, t.name(), c.name()), t.name() + "_" + c.name() + "_check");
      }
    }
    claim(wanted, constraintNames);
  }

  private static boolean named(Check check) {
    return check.name() != null && !check.name().isBlank();
  }

  /** Gives every wanted name its target in {@code into}; notes source names that changed. */
  private void claim(Map<Key, String> wanted, Map<Key, String> into) {
    List<Key> keys = List.copyOf(wanted.keySet());
    List<String> targets = PostgresNames.of(List.copyOf(wanted.values())).targets();
    for (int i = 0; i < keys.size(); i++) {
      Key key = keys.get(i);
      String target = targets.get(i);
      into.put(key, target);
      String source = wanted.get(key);
      if (!key.kind().chosenByFerry() && !source.equals(target)) {
        String what =
            key.kind().label
                + " "
                + Identifiers.quote(source)
                + (key.table().isEmpty() || key.kind() == Kind.TABLE
                    ? ""
                    : " of table " + Identifiers.quote(key.table()));
        notes.add(renamed(what, target, new PostgresNames.Rename(source, target).reason()));
      }
    }
  }

  private static Key pkKey(String table) {
    return new Key(Kind.PRIMARY_KEY, table, "");
  }

  private static String renamed(String what, String target, String reason) {
    return "renamed " + what + " to " + Identifiers.quote(target) + ": " + reason;
  }

  /** The target schema, quoted. */
  String schema() {
    return Identifiers.quote(schema);
  }

  /** The target schema, unquoted. */
  String schemaName() {
    return schema;
  }

  /** The target name of {@code table}, unquoted. */
  String tableName(String table) {
    String target = schemaNames.get(new Key(Kind.TABLE, table, table));
    if (target == null) {
      throw new IllegalArgumentException("table " + table + " is not in this plan");
    }
    return target;
  }

  /** The column renames of {@code table}. */
  List<PostgresNames.Rename> columnRenames(String table) {
    return columnsOf(table).renames();
  }

  /** {@code "schema"."table"}. */
  String table(String table) {
    return qualified(Kind.TABLE, table, table);
  }

  String primaryKey(String table) {
    return name(Kind.PRIMARY_KEY, table, "");
  }

  /** {@code "schema"."type"} for a type of the source. */
  String type(String type) {
    return qualified(Kind.TYPE, "", type);
  }

  /** {@code "schema"."table_column"}, the enum type of a MySQL enum column. */
  String enumType(String table, String column) {
    return qualified(Kind.ENUM_TYPE, table, column);
  }

  /** The name of check number {@code index} of {@code table}, quoted. */
  String check(String table, int index) {
    Key named = new Key(Kind.CHECK, table, String.valueOf(index));
    Key unnamed = new Key(Kind.UNNAMED_CHECK, table, String.valueOf(index));
    String target = constraintNames.getOrDefault(named, constraintNames.get(unnamed));
    if (target == null) {
      throw new IllegalArgumentException(
          "check " + index + " of table " + table + " is not planned");
    }
    return Identifiers.quote(target);
  }

  /** The name of the check holding the labels of enum column {@code column}, quoted. */
  String enumCheck(String table, String column) {
    String target = constraintNames.get(new Key(Kind.ENUM_CHECK, table, column));
    if (target == null) {
      throw new IllegalArgumentException(
          "enum check of " + table + "." + column + " is not planned");
    }
    return Identifiers.quote(target);
  }

  String index(String table, String index) {
    return name(Kind.INDEX, table, index);
  }

  /** The target name of an index, unquoted. */
  String indexName(String table, String index) {
    String target = schemaNames.get(new Key(Kind.INDEX, table, index));
    if (target == null) {
      throw new IllegalArgumentException("index " + index + " of table " + table + " is unknown");
    }
    return target;
  }

  /** {@code "schema"."sequence"} of an auto-increment column. */
  String sequence(String table, String column) {
    return qualified(Kind.SEQUENCE, table, column);
  }

  String foreignKey(String table, String foreignKey) {
    String target = constraintNames.get(new Key(Kind.FOREIGN_KEY, table, foreignKey));
    if (target == null) {
      throw new IllegalArgumentException(
          "foreign key " + foreignKey + " of table " + table + " is not in this plan");
    }
    return Identifiers.quote(target);
  }

  /** A column of {@code table}, quoted. */
  String column(String table, String column) {
    return columnsOf(table).quote(column);
  }

  /** {@code "a", "b"}: the quoted target names of {@code columns} of {@code table}. */
  String columnList(String table, List<String> columns) {
    return columns.stream().map(c -> column(table, c)).collect(Collectors.joining(", "));
  }

  /** The target column names of {@code table}, unquoted, in column order. */
  List<String> columns(String table) {
    return columnsOf(table).targets();
  }

  private PostgresNames columnsOf(String table) {
    PostgresNames columns = columnNames.get(table);
    if (columns == null) {
      throw new IllegalArgumentException("table " + table + " is not in this plan");
    }
    return columns;
  }

  /** Renames a person should know about, in the order they were chosen. */
  List<String> notes() {
    return List.copyOf(notes);
  }

  private String qualified(Kind kind, String table, String name) {
    return schema() + "." + name(kind, table, name);
  }

  private String name(Kind kind, String table, String name) {
    String target = schemaNames.get(new Key(kind, table, name));
    if (target == null) {
      throw new IllegalArgumentException(
          kind.label + " " + name + " of table " + table + " is not in this plan");
    }
    return Identifiers.quote(target);
  }
}
