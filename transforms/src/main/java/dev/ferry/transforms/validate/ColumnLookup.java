package dev.ferry.transforms.validate;

import java.util.List;

/** Finds a configured column by name, or says in one line which names the table does have. */
final class ColumnLookup {

  private ColumnLookup() {}

  /**
   * The position of {@code column} in {@code names}.
   *
   * @param what how the error starts, e.g. {@code "rule for"} gives "rule for orders.statuz: ..."
   * @throws IllegalArgumentException when the table has no such column
   */
  static int indexOf(String what, String table, List<String> names, String column) {
    int i = names.indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException(
          what + " " + table + "." + column + ": " + missing(table, names, column));
    }
    return i;
  }

  /** "table orders has no column statuz; columns are id, email, ...". */
  static String missing(String table, List<String> names, String column) {
    return "table "
        + table
        + " has no column "
        + column
        + "; columns are "
        + String.join(", ", names);
  }
}
