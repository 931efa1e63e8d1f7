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

  /**
   * {@code body} as a PostgreSQL dollar-quoted string, for {@code DO} blocks. Bodies hold names
   * from source catalogs, and a dollar quote ends at the first copy of its tag, so the tag is
   * {@code $ferry$}, else {@code $ferry1$}…, the first that appears nowhere before the closing one:
   * a table called {@code x$ferry$; DROP …} stays inside the string.
   */
  public static String dollarQuoted(String body) {
    String tag = "$ferry$";
    for (int n = 1; (body + tag).indexOf(tag) < body.length(); n++) {
      tag = "$ferry" + n + "$";
    }
    return tag + body + tag;
  }
}
