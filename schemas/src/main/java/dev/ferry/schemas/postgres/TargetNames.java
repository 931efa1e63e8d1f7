package dev.ferry.schemas.postgres;

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

/**
 * Every PostgreSQL name one plan uses, chosen once so that statements and reports agree.
 *
 * <p>Two namespaces: the columns of each table, and one for everything else in the schema. Tables,
 * indexes and sequences share PostgreSQL's relation namespace, a primary key is named by its index,
 * and a foreign key must not take its table's primary key name; one namespace for all of them is
 * stricter than PostgreSQL and never wrong. Names claim in a fixed order, so the same inventory
 * always gets the same names: tables, then the source's index and foreign key names, then the names
 * ferry makes up ({@code <table>_pkey}, {@code <table>_<column>_seq}), which give way to every
 * source name.
 */
final class TargetNames {

  private enum Kind {
    TABLE("table"),
    PRIMARY_KEY("primary key"),
    INDEX("index"),
    SEQUENCE("sequence"),
    FOREIGN_KEY("foreign key");

    private final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  private record Key(Kind kind, String table, String name) {}

  private final String schema;
  private final Map<Key, String> schemaNames = new HashMap<>();
  private final Map<String, PostgresNames> columnNames = new HashMap<>();
  private final List<String> notes = new ArrayList<>();

  TargetNames(String schema, List<Table> tables) {
    this.schema = PostgresNames.fit(schema);
    if (!this.schema.equals(schema)) {
      notes.add(
          renamed("schema " + Identifiers.quote(schema), this.schema, "longer than 63 bytes"));
    }
    Map<Key, String> wanted = new LinkedHashMap<>();
    for (Table t : tables) {
      wanted.put(new Key(Kind.TABLE, t.name(), t.name()), t.name());
    }
    for (Table t : tables) {
      for (Index i : t.indexes()) {
        wanted.put(new Key(Kind.INDEX, t.name(), i.name()), i.name());
      }
      for (ForeignKey fk : t.foreignKeys()) {
        wanted.put(new Key(Kind.FOREIGN_KEY, t.name(), fk.name()), fk.name());
      }
    }
    for (Table t : tables) {
      wanted.put(new Key(Kind.PRIMARY_KEY, t.name(), ""), t.name() + "_pkey");
      AutoIncrement.of(t)
          .ifPresent(
              c ->
                  wanted.put(
                      new Key(Kind.SEQUENCE, t.name(), ""), t.name() + "_" + c.name() + "_seq"));
    }
    List<Key> keys = List.copyOf(wanted.keySet());
    List<String> targets = PostgresNames.of(List.copyOf(wanted.values())).targets();
    for (int i = 0; i < keys.size(); i++) {
      Key key = keys.get(i);
      String target = targets.get(i);
      schemaNames.put(key, target);
      String source = wanted.get(key);
      boolean chosenByFerry = key.kind() == Kind.PRIMARY_KEY || key.kind() == Kind.SEQUENCE;
      if (!chosenByFerry && !source.equals(target)) {
        String what =
            key.kind().label
                + " "
                + Identifiers.quote(source)
                + (key.kind() == Kind.TABLE ? "" : " of table " + Identifiers.quote(key.table()));
        notes.add(renamed(what, target, new PostgresNames.Rename(source, target).reason()));
      }
    }
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
  }

  private static String renamed(String what, String target, String reason) {
    return "renamed " + what + " to " + Identifiers.quote(target) + ": " + reason;
  }

  /** The target schema, quoted. */
  String schema() {
    return Identifiers.quote(schema);
  }

  /** {@code "schema"."table"}. */
  String table(String table) {
    return qualified(Kind.TABLE, table, table);
  }

  String primaryKey(String table) {
    return name(Kind.PRIMARY_KEY, table, "");
  }

  String index(String table, String index) {
    return name(Kind.INDEX, table, index);
  }

  /** {@code "schema"."sequence"}. */
  String sequence(String table) {
    return qualified(Kind.SEQUENCE, table, "");
  }

  String foreignKey(String table, String foreignKey) {
    return name(Kind.FOREIGN_KEY, table, foreignKey);
  }

  /** A column of {@code table}, quoted. */
  String column(String table, String column) {
    return columnsOf(table).quote(column);
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
