package dev.ferry.schemas.postgres;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.sql.Identifiers;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ValueRejected;
import dev.ferry.schemas.types.Values;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Source column defaults → PostgreSQL defaults. Only what means the same on both sides is
 * translated: numbers, quoted strings, {@code TRUE}/{@code FALSE} and {@code CURRENT_TIMESTAMP}
 * (also as MySQL and PostgreSQL write it: {@code current_timestamp()}, {@code
 * CURRENT_TIMESTAMP(6)}, {@code now()}). Function calls and other expressions differ between
 * dialects and are left for a person. A PostgreSQL source's {@code 'happy'::mood} is its literal:
 * on a column that keeps its PostgreSQL type the literal is kept as written, and PostgreSQL reads
 * it in that type.
 *
 * <p>A literal is converted with {@link Values#fromText} exactly as a row's value would be (so
 * {@code 0} on a boolean column becomes {@code false}, and {@code 'abc'} on an integer column is
 * refused here instead of failing the whole CREATE TABLE), then written as a PostgreSQL literal.
 * Timestamps without an offset are read as UTC, like ferry reads SQLite's.
 */
final class PostgresDefaults {

  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern QUOTED = Pattern.compile("'(?:[^']|'')*'");
  private static final Pattern NOW =
      Pattern.compile("(?i)CURRENT_TIMESTAMP(\\s*\\(\\s*\\d?\\s*\\))?|NOW\\s*\\(\\s*\\d?\\s*\\)");
  private static final Pattern NEXTVAL = Pattern.compile("(?i)nextval\\s*\\(.*");
  private static final Pattern LITERAL_CAST =
      Pattern.compile("('(?:[^']|'')*')::[\\w\\s\"$.\\[\\]]+");
  private static final String UTC_NOW = "(CURRENT_TIMESTAMP AT TIME ZONE 'UTC')";

  private PostgresDefaults() {}

  /**
   * The PostgreSQL default of {@code column} from a {@code dialect} source; empty for none. An
   * auto-increment column's {@code nextval(…)} is left out without a word: its sequence replaces
   * it.
   *
   * @throws ValueRejected naming why the default is not translated
   */
  static Optional<String> of(Column column, String dialect) throws ValueRejected {
    String expression = column.defaultValue();
    if (expression == null) {
      return Optional.empty();
    }
    if (column.autoIncrement() && NEXTVAL.matcher(expression.strip()).matches()) {
      return Optional.empty();
    }
    if (dialect.equals("postgres")) {
      Matcher cast = LITERAL_CAST.matcher(expression.strip());
      if (cast.matches()) {
        expression = cast.group(1);
        if (column.pgType() != null) {
          return Optional.of(expression);
        }
      }
    }
    return translate(expression, column.type(), dialect);
  }

  /**
   * The PostgreSQL default for {@code expression} of an SQLite column of {@code type}; empty for
   * none ({@code null} or {@code NULL}).
   *
   * @throws ValueRejected naming why the default is not translated
   */
  static Optional<String> translate(String expression, ColumnType type) throws ValueRejected {
    return translate(expression, type, "sqlite");
  }

  private static Optional<String> translate(String expression, ColumnType type, String dialect)
      throws ValueRejected {
    if (expression == null) {
      return Optional.empty();
    }
    String e = unwrap(expression.strip());
    String upper = e.toUpperCase(Locale.ROOT);
    if (upper.equals("NULL")) {
      return Optional.empty();
    }
    if (upper.equals("CURRENT_TIMESTAMP")
        || (!dialect.equals("sqlite") && NOW.matcher(e).matches())) {
      return Optional.of(now(type, dialect));
    }
    if (upper.equals("TRUE") || upper.equals("FALSE")) {
      return Optional.of(literal(Values.fromText(upper, type, ZoneOffset.UTC)));
    }
    if (NUMBER.matcher(e).matches()) {
      return Optional.of(literal(Values.fromText(e, type, ZoneOffset.UTC)));
    }
    if (QUOTED.matcher(e).matches()) {
      String text = e.substring(1, e.length() - 1).replace("''", "'");
      if (text.indexOf('\0') >= 0) {
        throw new ValueRejected("default text contains a NUL character, which PostgreSQL refuses");
      }
      return Optional.of(literal(Values.fromText(text, type, ZoneOffset.UTC)));
    }
    throw new ValueRejected(
        "default "
            + expression
            + " is not translated: only numbers, quoted strings, TRUE/FALSE and CURRENT_TIMESTAMP"
            + " are");
  }

  /**
   * SQLite writes CURRENT_TIMESTAMP as UTC text {@code YYYY-MM-DD HH:MM:SS}; keep that meaning. In
   * MySQL and PostgreSQL a wall clock column gets the session's local time, as {@code
   * LOCALTIMESTAMP} gives it.
   */
  private static String now(ColumnType type, String dialect) throws ValueRejected {
    return switch (type.kind()) {
      case TIMESTAMP -> "CURRENT_TIMESTAMP";
      case TIMESTAMP_LOCAL -> dialect.equals("sqlite") ? UTC_NOW : "LOCALTIMESTAMP";
      case STRING -> {
        if (type.length() > 0 && type.length() < "YYYY-MM-DD HH:MM:SS".length()) {
          throw new ValueRejected("default CURRENT_TIMESTAMP does not fit " + type);
        }
        yield "to_char(" + UTC_NOW + ", 'YYYY-MM-DD HH24:MI:SS')";
      }
      default -> throw new ValueRejected("default CURRENT_TIMESTAMP is not a " + type);
    };
  }

  private static String literal(Object value) {
    if (value instanceof Boolean
        || value instanceof Short
        || value instanceof Integer
        || value instanceof Long) {
      return value.toString();
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      // NaN and ±Infinity are only literals in quotes.
      return Double.isFinite(d) ? value.toString() : Identifiers.literal(value.toString());
    }
    if (value instanceof byte[] bytes) {
      return "decode(" + Identifiers.literal(HexFormat.of().formatHex(bytes)) + ", 'hex')";
    }
    // Text, JSON, UUID, dates and times: ISO text that PostgreSQL reads in the column's type.
    return Identifiers.literal(value.toString());
  }

  /** {@code (0)} → {@code 0}: SQLite keeps the parentheses of {@code DEFAULT (0)}. */
  private static String unwrap(String e) {
    String s = e;
    while (s.length() >= 2 && s.charAt(0) == '(' && s.charAt(s.length() - 1) == ')' && wraps(s)) {
      s = s.substring(1, s.length() - 1).strip();
    }
    return s;
  }

  /** Whether the first parenthesis closes at the end, as in {@code (1)} but not {@code (1)+(2)}. */
  private static boolean wraps(String s) {
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')' && --depth == 0) {
        return i == s.length() - 1;
      }
    }
    return false;
  }
}
