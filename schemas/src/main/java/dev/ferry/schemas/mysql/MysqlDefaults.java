package dev.ferry.schemas.mysql;

import dev.ferry.schemas.mysql.MysqlTypes.Stored;
import dev.ferry.schemas.sql.Identifiers;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code COLUMN_DEFAULT} values → the default expressions ferry's inventory carries: SQL NULL for
 * none, numbers as written, strings as standard SQL literals ({@code 'it''s'}), {@code
 * CURRENT_TIMESTAMP}, and any other expression as the server prints it.
 *
 * <p>The two servers print defaults differently. MariaDB 10.2.7 and later quote string defaults
 * with MySQL escapes ({@code 'a\\b'}) and print a missing default as the word {@code NULL}; MySQL
 * prints strings bare ({@code abc}) and marks expressions with {@code DEFAULT_GENERATED} in {@code
 * EXTRA}. Zero dates ({@code '0000-00-00'}) become no default, as their values become NULL.
 */
final class MysqlDefaults {

  /**
   * A normalized default.
   *
   * @param expression the default, or null for none
   * @param zeroDate whether the source default was a zero date (the column then must accept NULL)
   */
  record Default(String expression, boolean zeroDate) {}

  private static final Default NONE = new Default(null, false);

  private static final Pattern NOW =
      Pattern.compile(
          "(?i)(current_timestamp|now|localtimestamp|localtime)\\s*(\\(\\s*\\d*\\s*\\))?");
  private static final Pattern BITS = Pattern.compile("(?i)b'([01]*)'");

  private MysqlDefaults() {}

  /**
   * Normalizes {@code raw}.
   *
   * @param stored how the column's values are stored
   * @param isBoolean whether the column maps to boolean ({@code bit(1)}, {@code tinyint(1)})
   * @param extra the column's {@code EXTRA}
   * @param quoted whether the server quotes string defaults (MariaDB 10.2.7+)
   */
  static Default normalize(
      String raw, Stored stored, boolean isBoolean, String extra, boolean quoted) {
    if (raw == null) {
      return NONE;
    }
    String text = raw.strip();
    if (quoted) {
      if (text.equals("NULL")) {
        return NONE;
      }
      String value = MysqlLiterals.unquote(text);
      return value != null ? literal(value, stored) : expression(text, isBoolean);
    }
    boolean generated =
        extra != null && extra.toUpperCase(Locale.ROOT).contains("DEFAULT_GENERATED");
    // MySQL 5.7 marks neither: CURRENT_TIMESTAMP only on date-times, b'..' only on bits
    boolean now =
        (stored == Stored.DATETIME || stored == Stored.TIMESTAMP) && NOW.matcher(text).matches();
    boolean bits = stored == Stored.BIT && BITS.matcher(text).matches();
    if (generated || now || bits) {
      return expression(text, isBoolean);
    }
    return literal(raw, stored); // MySQL prints literal defaults bare, strings unquoted
  }

  private static Default literal(String value, Stored stored) {
    return switch (stored) {
      case DATE, DATETIME, TIMESTAMP ->
          MysqlValues.isZeroDate(value) ? new Default(null, true) : quote(value);
      case SET -> quote(MysqlValues.setArray(value));
      case INTEGER, UNSIGNED_BIGINT, FLOAT, DOUBLE, DECIMAL, YEAR -> new Default(value, false);
      default -> quote(value);
    };
  }

  private static Default expression(String text, boolean isBoolean) {
    if (NOW.matcher(text).matches()) {
      return new Default("CURRENT_TIMESTAMP", false);
    }
    Matcher bits = BITS.matcher(text);
    if (bits.matches() && isBoolean) {
      // bit(1) DEFAULT b'1': a boolean column's 1 or 0
      return new Default(bits.group(1).contains("1") ? "1" : "0", false);
    }
    return new Default(text, false);
  }

  private static Default quote(String value) {
    return new Default(Identifiers.literal(value), false);
  }
}
