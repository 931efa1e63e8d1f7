package dev.ferry.schemas.postgres;

import static dev.ferry.schemas.postgres.PostgresDdl.missingColumn;
import static dev.ferry.schemas.postgres.PostgresDdl.where;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.ForeignKey;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY} for the foreign keys PostgreSQL will accept,
 * checked here so one bad key cannot stop the rest: the referenced table is copied, the columns
 * exist and pair up, the referenced columns are a primary key or unique index, and the types
 * compare. What is left out is noted with the reason. Remembers which tables reference which, for
 * the load order.
 */
final class ForeignKeys {

  private final Map<String, Table> tables;
  private final TargetNames names;
  private final ColumnDefinitions columns;
  private final Map<String, List<Set<String>>> uniqueKeys;
  private final List<String> notes;
  private final Map<String, Set<String>> parents = new HashMap<>();

  /**
   * @param uniqueKeys per table, the column sets of its planned primary key and unique indexes
   */
  ForeignKeys(
      Map<String, Table> tables,
      TargetNames names,
      ColumnDefinitions columns,
      Map<String, List<Set<String>>> uniqueKeys,
      List<String> notes) {
    this.tables = tables;
    this.names = names;
    this.columns = columns;
    this.uniqueKeys = uniqueKeys;
    this.notes = notes;
  }

  /** Per table, the tables its planned foreign keys reference. */
  Map<String, Set<String>> parents() {
    return parents;
  }

  /** The statement for {@code fk} of {@code t}, or empty with a note. */
  Optional<String> statement(Table t, ForeignKey fk) {
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
    parents.computeIfAbsent(t.name(), k -> new HashSet<>()).add(referenced.name());
    return Optional.of(
        "ALTER TABLE "
            + names.table(t.name())
            + " ADD CONSTRAINT "
            + names.foreignKey(t.name(), fk.name())
            + " FOREIGN KEY ("
            + names.columnList(t.name(), fk.columns())
            + ") REFERENCES "
            + names.table(referenced.name())
            + " ("
            + names.columnList(referenced.name(), fk.referencedColumns())
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
      if (columns.hasOwnType(from) || columns.hasOwnType(to)) {
        // Kept PostgreSQL types and enum types compare only with themselves.
        String fromType = columns.type(t, from);
        String toType = columns.type(referenced, to);
        if (!fromType.equals(toType)) {
          return Optional.of(mismatch(t, from, fromType, referenced, to, toType));
        }
      } else if (family(from.type().kind()) != family(to.type().kind())) {
        return Optional.of(
            mismatch(t, from, from.type().toString(), referenced, to, to.type().toString()));
      }
    }
    return Optional.empty();
  }

  private static String mismatch(
      Table t, Column from, String fromType, Table referenced, Column to, String toType) {
    return where(t, from.name())
        + " is "
        + fromType
        + " but "
        + where(referenced, to.name())
        + " is "
        + toType;
  }

  /** Kinds PostgreSQL compares with one index operator family (int2/int4/int8, float4/float8). */
  private static Kind family(Kind kind) {
    return switch (kind) {
      case INT16, INT32, INT64 -> Kind.INT64;
      case FLOAT32, FLOAT64 -> Kind.FLOAT64;
      default -> kind;
    };
  }
}
