package dev.ferry.schemas.pgsource;

import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.sql.ColumnReader;
import dev.ferry.schemas.sql.ReadOptions;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.FloatText;
import dev.ferry.schemas.types.ValueRejected;
import dev.ferry.schemas.types.Values;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Column readers for PostgreSQL: each reads the server's text form of a value ({@link
 * PostgresSourceDialect#prepareRead} keeps results in the text protocol) and converts it to the
 * column's <em>current</em> logical type, so a cast in the job is honoured. Values of the source's
 * own type take a direct path; anything else goes through {@link Values#fromText}, which rejects
 * what does not fit instead of rounding or truncating it.
 *
 * <ul>
 *   <li>{@code infinity} and {@code -infinity} dates and timestamps, dates after year 9999, and the
 *       time {@code 24:00:00} have no value in ferry's types: the row is rejected with a reason
 *       that says to cast the column to text to keep them. Dates before year 1 ({@code BC}) are
 *       read on the proleptic calendar (1 BC is year 0), as ferry writes them.
 *   <li>{@code NaN} (and {@code ±Infinity} of an unconstrained numeric cast to a decimal) is
 *       rejected for decimal columns; {@code real} and {@code double} keep {@code NaN} and {@code
 *       ±Infinity}.
 *   <li>{@code bytea} is read as bytes; JSON, UUIDs, arrays and kept types as their text.
 * </ul>
 */
final class PostgresReaders {

  private static final String KEEP_AS_TEXT = "; cast the column to text in the job to keep it";

  private PostgresReaders() {}

  /** The reader of {@code column} as it is now (after casts). */
  static ColumnReader of(Column column, ReadOptions options) {
    ColumnType type = column.type();
    String source = column.sourceType();
    ZoneId zone = options.zone();
    switch (type.kind()) {
      case BOOLEAN:
        return (rs, i, events) -> {
          String s = rs.getString(i);
          return s == null ? null : bool(s, type, zone);
        };
      case INT16, INT32, INT64:
        return (rs, i, events) -> {
          String s = rs.getString(i);
          return s == null ? null : integer(s, type, zone);
        };
      case FLOAT32, FLOAT64:
        boolean real = source.equals("real");
        return (rs, i, events) -> {
          String s = rs.getString(i);
          return s == null ? null : floating(s, type, real, zone);
        };
      case DECIMAL:
        return (rs, i, events) -> {
          String s = rs.getString(i);
          return s == null ? null : decimal(s, type, zone);
        };
      case STRING:
        TextReader text = new TextReader(source, options.invalidUtf8());
        return (rs, i, events) -> {
          String s = text.read(rs, i);
          return s == null ? null : Values.fitLength(s, type);
        };
      case JSON:
        TextReader json = new TextReader(source, options.invalidUtf8());
        boolean checked = source.equals("json") || source.equals("jsonb");
        return (rs, i, events) -> {
          String s = json.read(rs, i);
          return s == null || checked ? s : Values.fromText(s, type, zone);
        };
      case UUID:
        boolean uuid = source.equals("uuid");
        return (rs, i, events) -> {
          String s = rs.getString(i);
          return s == null || uuid ? s : Values.fromText(s, type, zone);
        };
      case BYTES:
        if (source.equals("bytea")) {
          return (rs, i, events) -> rs.getBytes(i);
        }
        TextReader bytes = new TextReader(source, options.invalidUtf8());
        return (rs, i, events) -> {
          String s = bytes.read(rs, i);
          return s == null ? null : Values.fromText(s, type, zone);
        };
      case DATE, TIME, TIMESTAMP, TIMESTAMP_LOCAL:
        return (rs, i, events) -> {
          String s = rs.getString(i);
          return s == null ? null : dateTime(s, type, zone);
        };
      default:
        throw new IllegalArgumentException("no reader for " + type);
    }
  }

  private static Object bool(String s, ColumnType type, ZoneId zone) throws ValueRejected {
    return switch (s) {
      case "t" -> Boolean.TRUE;
      case "f" -> Boolean.FALSE;
      default -> Values.fromText(s, type, zone);
    };
  }

  private static Object integer(String s, ColumnType type, ZoneId zone) throws ValueRejected {
    long v;
    try {
      v = Long.parseLong(s);
    } catch (NumberFormatException e) {
      return Values.fromText(s, type, zone);
    }
    return Values.fromLong(v, type);
  }

  /**
   * PostgreSQL prints floats in the shortest form that reads back exactly ({@code
   * extra_float_digits} is positive under pgjdbc), and {@code NaN}, {@code Infinity}, {@code
   * -Infinity}, all of which Java parses. A {@code real} is parsed as a float, and widened exactly
   * when the column is cast to double: its short text parsed as a double is another number.
   */
  private static Object floating(String s, ColumnType type, boolean real, ZoneId zone)
      throws ValueRejected {
    boolean special = s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity");
    if (!special && !isPlainNumber(s)) {
      return Values.fromText(s, type, zone);
    }
    if (type.kind() == ColumnType.Kind.FLOAT32 || real) {
      float f = FloatText.parseFloat(s);
      if (!special && (Float.isInfinite(f) || (f == 0 && hasNonZeroDigit(s)))) {
        throw new ValueRejected("'" + s + "' is out of range for real");
      }
      return type.kind() == ColumnType.Kind.FLOAT32 ? (Object) f : (Object) (double) f;
    }
    double d = FloatText.parseDouble(s);
    if (!special && (Double.isInfinite(d) || (d == 0 && hasNonZeroDigit(s)))) {
      throw new ValueRejected("'" + s + "' is out of range for double");
    }
    return d;
  }

  private static Object decimal(String s, ColumnType type, ZoneId zone) throws ValueRejected {
    if (s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity")) {
      throw new ValueRejected("'" + s + "' is not a number that " + type + " holds" + KEEP_AS_TEXT);
    }
    BigDecimal v;
    try {
      v = new BigDecimal(s);
    } catch (NumberFormatException e) {
      return Values.fromText(s, type, zone);
    }
    return Values.fitDecimal(v, type);
  }

  /**
   * Dates and times in PostgreSQL's ISO output ({@code DateStyle} is ISO under pgjdbc): what no
   * Java date-time holds is rejected by name, the rest parsed strictly.
   */
  private static Object dateTime(String s, ColumnType type, ZoneId zone) throws ValueRejected {
    if (s.equals("infinity") || s.equals("-infinity")) {
      throw new ValueRejected(
          "'" + s + "' is not a point in time that " + type + " holds" + KEEP_AS_TEXT);
    }
    if (s.endsWith(" BC")) {
      return beforeChrist(dateTime(s.substring(0, s.length() - 3), type, zone));
    }
    if (type.kind() == ColumnType.Kind.TIME) {
      if (s.startsWith("24:00:00")) {
        throw new ValueRejected(
            "'" + s + "' (the end of the day) is not a time of day that time holds" + KEEP_AS_TEXT);
      }
      return Values.fromText(s, type, zone);
    }
    int dash = s.indexOf('-', 1);
    if (dash > 4 && isDigits(s, 0, dash)) {
      throw new ValueRejected(
          "'" + s + "' is after year 9999, which " + type + " does not hold" + KEEP_AS_TEXT);
    }
    // With the session in UTC, timestamptz prints "+00": parse the wall clock as a UTC instant.
    if (type.kind() == ColumnType.Kind.TIMESTAMP && s.endsWith("+00")) {
      return Values.fromText(s.substring(0, s.length() - 3), type, ZoneOffset.UTC);
    }
    return Values.fromText(s, type, zone);
  }

  /**
   * A date or time PostgreSQL printed with {@code BC}, on the proleptic ISO calendar Java uses:
   * PostgreSQL has no year 0, so 1 BC is year 0 and 44 BC year -43. ferry writes such dates itself
   * (MySQL's year 0, a dump's dates), so it reads them back.
   */
  private static Object beforeChrist(Object v) {
    if (v instanceof java.time.LocalDate d) {
      return d.withYear(1 - d.getYear());
    }
    if (v instanceof java.time.LocalDateTime t) {
      return t.withYear(1 - t.getYear());
    }
    if (v instanceof java.time.Instant i) {
      java.time.LocalDateTime t = java.time.LocalDateTime.ofInstant(i, ZoneOffset.UTC);
      return t.withYear(1 - t.getYear()).toInstant(ZoneOffset.UTC);
    }
    return v;
  }

  private static boolean isPlainNumber(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasNonZeroDigit(String number) {
    int e = Math.max(number.indexOf('e'), number.indexOf('E'));
    return (e < 0 ? number : number.substring(0, e)).chars().anyMatch(c -> c >= '1' && c <= '9');
  }

  private static boolean isDigits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
