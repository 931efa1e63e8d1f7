package dev.ferry.schemas.postgres;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which column the source fills by itself when an insert leaves it out, so PostgreSQL needs a
 * sequence behind it. Today that is SQLite's {@code INTEGER PRIMARY KEY}: a column declared exactly
 * {@code INTEGER} that is the whole primary key aliases the rowid. Add MySQL's AUTO_INCREMENT and
 * PostgreSQL's identity columns here when their catalogs report them.
 */
final class AutoIncrement {

  private static final Set<Kind> INTEGER_KINDS = EnumSet.of(Kind.INT16, Kind.INT32, Kind.INT64);

  private AutoIncrement() {}

  /** The column of {@code table} that needs a sequence, if any. */
  static Optional<Column> of(Table table) {
    if (table.primaryKey().size() != 1) {
      return Optional.empty();
    }
    return table.column(table.primaryKey().get(0)).filter(AutoIncrement::isRowidAlias);
  }

  private static boolean isRowidAlias(Column c) {
    // Still an integer after any cast: a sequence cannot fill a text column.
    return c.sourceType().strip().equalsIgnoreCase("INTEGER")
        && INTEGER_KINDS.contains(c.type().kind());
  }
}
