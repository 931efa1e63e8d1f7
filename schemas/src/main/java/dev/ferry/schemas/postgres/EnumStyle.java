package dev.ferry.schemas.postgres;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.schemas.types.ColumnType;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * How a MySQL {@code enum} column becomes a PostgreSQL column. Either way a value outside the
 * labels is refused row by row during the load and goes to the dead letters.
 */
public enum EnumStyle {
  /**
   * The column keeps its text type with {@code CHECK (col IN ('a', 'b', …))} in {@code CREATE
   * TABLE}: labels can be added later with a plain {@code ALTER TABLE}, and text sorts as text.
   */
  CHECK,
  /**
   * A type {@code CREATE TYPE "<table>_<column>" AS ENUM (…)} per column: sorts in label order like
   * MySQL's enums. Labels longer than PostgreSQL's 63 bytes cannot be enum labels; such columns
   * fall back to {@link #CHECK}.
   */
  TYPE;

  /** What the plan does for one column. */
  enum Use {
    /** Not an enum, or one kept as a PostgreSQL type ({@code pgType}). */
    NONE,
    /** Enum labels on a column cast to something other than text: they are not enforced. */
    CAST_AWAY,
    CHECK,
    TYPE
  }

  /** How {@code column} is planned under this style. */
  Use use(Column column) {
    if (column.enumValues().isEmpty() || column.pgType() != null) {
      return Use.NONE;
    }
    if (column.type().kind() != ColumnType.Kind.STRING) {
      return Use.CAST_AWAY;
    }
    return this == TYPE && tooLongLabel(column).isEmpty() ? Use.TYPE : Use.CHECK;
  }

  /** A label PostgreSQL could not hold in an enum type, if {@code column} has one. */
  static Optional<String> tooLongLabel(Column column) {
    return column.enumValues().stream()
        .filter(l -> l.getBytes(StandardCharsets.UTF_8).length > PostgresNames.MAX_BYTES)
        .findFirst()
        .map(Identifiers::literal);
  }
}
