package dev.ferry.schemas.postgres;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.types.ColumnType.Kind;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which columns the source fills by itself when an insert leaves them out, so PostgreSQL needs a
 * sequence behind them: every column the catalog marks {@link Column#autoIncrement()} (MySQL's
 * {@code AUTO_INCREMENT}, PostgreSQL's identity and {@code serial} columns), and in SQLite tables
 * the {@code INTEGER PRIMARY KEY} whether or not the catalog marks it: a column declared exactly
 * {@code INTEGER} that is the whole primary key aliases the rowid.
 *
 * <p>Only columns that still hold whole numbers after any cast get one: integers, and decimals
 * without a fraction (MySQL's {@code bigint unsigned}), which a {@code bigint} sequence fills. A
 * sequence cannot fill text.
 */
final class AutoIncrement {

  private static final Set<Kind> INTEGER_KINDS = EnumSet.of(Kind.INT16, Kind.INT32, Kind.INT64);

  private AutoIncrement() {}

  /** The columns of {@code table}, read from a {@code dialect} source, that get a sequence. */
  static List<Column> columns(Table table, String dialect) {
    Optional<Column> rowidAlias = dialect.equals("sqlite") ? rowidAlias(table) : Optional.empty();
    return table.columns().stream()
        .filter(c -> c.autoIncrement() || rowidAlias.filter(c::equals).isPresent())
        .filter(AutoIncrement::wholeNumbers)
        .toList();
  }

  /** The type of the sequence behind {@code column}, one of {@link #columns}. */
  static String sequenceType(Column column) {
    return INTEGER_KINDS.contains(column.type().kind())
        ? PostgresTypes.map(column.type())
        : "bigint";
  }

  /** Columns the source fills but that were cast away from integers, to be noted. */
  static List<Column> castAway(Table table) {
    return table.columns().stream().filter(c -> c.autoIncrement() && !wholeNumbers(c)).toList();
  }

  private static boolean wholeNumbers(Column c) {
    return INTEGER_KINDS.contains(c.type().kind())
        || (c.type().kind() == Kind.DECIMAL && c.type().scale() == 0);
  }

  private static Optional<Column> rowidAlias(Table table) {
    if (table.primaryKey().size() != 1) {
      return Optional.empty();
    }
    return table
        .column(table.primaryKey().get(0))
        .filter(c -> c.sourceType().strip().equalsIgnoreCase("INTEGER"));
  }
}
