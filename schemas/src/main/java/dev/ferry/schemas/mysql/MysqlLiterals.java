package dev.ferry.schemas.mysql;

import java.util.ArrayList;
import java.util.List;

/**
 * MySQL string literals as the catalog prints them: enum and set labels in {@code COLUMN_TYPE} and
 * MariaDB's quoted defaults. Both double a quote ({@code 'it''s'}) and escape with a backslash
 * ({@code 'back\\slash'}, {@code 'line\nbreak'}).
 */
final class MysqlLiterals {

  private MysqlLiterals() {}

  /** The strings of a comma-separated list of literals: {@code 'a','b,c'} → [a, b,c]. */
  static List<String> stringList(String literals) {
    List<String> values = new ArrayList<>();
    int i = 0;
    while (i < literals.length()) {
      char c = literals.charAt(i);
      if (c == '\'') {
        StringBuilder value = new StringBuilder();
        i = readQuoted(literals, i, value);
        values.add(value.toString());
      } else {
        i++; // the commas and any blanks between literals
      }
    }
    return values;
  }

  /**
   * The string of one literal ({@code 'it''s'} → {@code it's}), or null when {@code text} is not
   * exactly one quoted literal.
   */
  static String unquote(String text) {
    if (text.length() < 2 || text.charAt(0) != '\'') {
      return null;
    }
    StringBuilder value = new StringBuilder();
    int end = readQuoted(text, 0, value);
    return end == text.length() ? value.toString() : null;
  }

  /**
   * Reads the literal opening at {@code start} into {@code out}; returns the index after its
   * closing quote, or {@code text.length() + 1} when it never closes.
   */
  private static int readQuoted(String text, int start, StringBuilder out) {
    int i = start + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\'') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
          out.append('\'');
          i += 2;
          continue;
        }
        return i + 1;
      }
      if (c == '\\' && i + 1 < text.length()) {
        out.append(unescape(text.charAt(i + 1)));
        i += 2;
        continue;
      }
      out.append(c);
      i++;
    }
    return text.length() + 1;
  }

  /** MySQL's escape sequences; {@code \%} and {@code \_} keep their backslash, as MySQL does. */
  private static String unescape(char c) {
    return switch (c) {
      case '0' -> "\0";
      case 'b' -> "\b";
      case 'n' -> "\n";
      case 'r' -> "\r";
      case 't' -> "\t";
      case 'Z' -> "\u001a";
      case '%', '_' -> "\\" + c;
      default -> String.valueOf(c);
    };
  }
}
