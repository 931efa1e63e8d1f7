package dev.ferry.schemas.sql;

/**
 * Identifier quoting, in one place. Names come from source catalogs and job files; quoting every
 * one of them keeps reserved words, mixed case and odd characters working and SQL injection out.
 */
public final class Identifiers {

  private Identifiers() {}

  /**
   * Standard SQL quoting (SQLite, PostgreSQL): {@code Order "Details"} → {@code "Order
   * ""Details"""}.
   */
  public static String quote(String name) {
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "identifier contains a NUL character: " + name.replace('\0', '?'));
    }
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** SQL string literal quoting for catalog look-ups that cannot take a bind parameter (PRAGMA). */
  public static String literal(String value) {
    return '\'' + value.replace("'", "''") + '\'';
  }
}
