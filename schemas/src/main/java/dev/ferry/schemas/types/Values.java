package dev.ferry.schemas.types;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts source values into the Java values ferry's rows carry for each {@link ColumnType}:
 * Boolean, Short, Integer, Long, Float, Double, BigDecimal, String, byte[], LocalDate, LocalTime,
 * Instant (TIMESTAMP) and LocalDateTime (TIMESTAMP_LOCAL).
 *
 * <p>Conversion is strict: nothing is rounded, truncated or guessed. A value that would lose
 * information is rejected with a reason a person can act on.
 */
public final class Values {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(NaN|Infinity|inf)");
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "(\\d{4})-(\\d{2})-(\\d{2})"
              + "(?:[ T](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
              + "\\s*(Z|z|UTC|[+-]\\d{2}(?::?\\d{2})?)?");
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
  private static final Pattern TIME_OF_DAY =
      Pattern.compile("(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?");

  private Values() {}

  /** Converts text (trimmed of surrounding blanks for non-text types) to {@code type}. */
  public static Object fromText(String text, ColumnType type, ZoneId zone) throws ValueRejected {
    String t = text.strip();
    switch (type.kind()) {
      case STRING:
        return fitLength(text, type);
      case JSON:
        return checkJson(text);
      case BYTES:
        return text.getBytes(StandardCharsets.UTF_8);
      case UUID:
        return parseUuid(t);
      case BOOLEAN:
        return parseBoolean(t);
      case INT16, INT32, INT64:
        if (INTEGER.matcher(t).matches()) {
          try {
            return fromLong(Long.parseLong(t), type);
          } catch (NumberFormatException e) {
            throw new ValueRejected(quote(t) + " is out of range for " + type);
          }
        }
        if (isFiniteNumber(t)) {
          return fromDecimal(exact(t, type), type);
        }
        throw new ValueRejected(quote(text) + " is not an integer");
      case FLOAT32, FLOAT64:
        if (!NUMBER.matcher(t).matches()) {
          throw new ValueRejected(quote(text) + " is not a number");
        }
        double d = Double.parseDouble(t.replace("inf", "Infinity"));
        if (isFiniteNumber(t) && (Double.isInfinite(d) || (d == 0 && hasNonZeroDigit(t)))) {
          throw new ValueRejected(quote(text) + " is out of range for " + type);
        }
        return fromDouble(d, type);
      case DECIMAL:
        if (!isFiniteNumber(t)) {
          throw new ValueRejected(quote(text) + " is not a decimal number");
        }
        return fromDecimal(exact(t, type), type);
      case DATE:
        return parseDate(t);
      case TIME:
        return parseTime(t);
      case TIMESTAMP:
        return toInstant(parseDateTime(t), zone, t);
      case TIMESTAMP_LOCAL:
        return toWallClock(parseDateTime(t), zone);
      default:
        throw new IllegalStateException("unhandled " + type);
    }
  }

  /** Converts an integer to {@code type}; ranges are checked, nothing wraps around. */
  public static Object fromLong(long v, ColumnType type) throws ValueRejected {
    switch (type.kind()) {
      case INT16:
        if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
          throw new ValueRejected(v + " is out of range for smallint (-32768..32767)");
        }
        return (short) v;
      case INT32:
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
          throw new ValueRejected(v + " is out of range for int");
        }
        return (int) v;
      case INT64:
        return v;
      case FLOAT32:
        return (float) v;
      case FLOAT64:
        return (double) v;
      case DECIMAL:
        return fromDecimal(BigDecimal.valueOf(v), type);
      case BOOLEAN:
        if (v == 0 || v == 1) {
          return v == 1;
        }
        throw new ValueRejected(v + " is not a boolean (expected 0 or 1)");
      case STRING:
        return fitLength(Long.toString(v), type);
      default:
        throw new ValueRejected("integer " + v + " is not a " + type + hint(type));
    }
  }

  /** Converts a floating-point number to {@code type}; integral targets need an integral value. */
  public static Object fromDouble(double v, ColumnType type) throws ValueRejected {
    switch (type.kind()) {
      case FLOAT64:
        return v;
      case FLOAT32:
        if (Double.isFinite(v) && (Math.abs(v) > Float.MAX_VALUE || (v != 0 && (float) v == 0))) {
          throw new ValueRejected(v + " is out of range for real");
        }
        return (float) v;
      case INT16, INT32, INT64, DECIMAL:
        if (!Double.isFinite(v)) {
          throw new ValueRejected(v + " is not a finite number, as " + type + " needs");
        }
        return fromDecimal(new BigDecimal(Double.toString(v)), type);
      case STRING:
        return fitLength(Double.toString(v), type);
      default:
        throw new ValueRejected("number " + v + " is not a " + type + hint(type));
    }
  }

  /** Converts an exact number to {@code type}, rejecting any loss of digits. */
  public static Object fromDecimal(BigDecimal v, ColumnType type) throws ValueRejected {
    switch (type.kind()) {
      case INT16, INT32, INT64:
        try {
          return fromLong(v.stripTrailingZeros().longValueExact(), type);
        } catch (ArithmeticException e) {
          throw new ValueRejected(show(v) + " is not an integer in range for " + type);
        }
      case DECIMAL:
        return fitDecimal(v, type);
      case FLOAT32, FLOAT64:
        double d = v.doubleValue();
        if (Double.isInfinite(d) || (d == 0 && v.signum() != 0)) {
          throw new ValueRejected(show(v) + " is out of range for " + type);
        }
        return fromDouble(d, type);
      case STRING:
        return fitLength(v.toPlainString(), type);
      default:
        throw new ValueRejected("number " + show(v) + " is not a " + type);
    }
  }

  /** Checks a decimal against precision and scale; extra trailing zeros are not a loss. */
  public static BigDecimal fitDecimal(BigDecimal v, ColumnType type) throws ValueRejected {
    // Check the magnitude before setScale: 1e999999999 must be rejected, not expanded.
    BigDecimal significant = v.stripTrailingZeros();
    if (significant.scale() > type.scale()) {
      throw new ValueRejected(
          show(v) + " has more than " + type.scale() + " decimal places for " + type);
    }
    if (v.signum() != 0
        && (long) significant.precision() - significant.scale() > type.precision() - type.scale()) {
      throw new ValueRejected(show(v) + " has too many digits for " + type);
    }
    return v.signum() == 0 ? BigDecimal.ZERO.setScale(type.scale()) : v.setScale(type.scale());
  }

  /** Checks a string against a {@code varchar(n)} limit, counted in characters. */
  public static String fitLength(String s, ColumnType type) throws ValueRejected {
    if (type.length() > 0 && s.codePointCount(0, s.length()) > type.length()) {
      throw new ValueRejected(
          "text of " + s.codePointCount(0, s.length()) + " characters is longer than " + type);
    }
    return s;
  }

  private static String checkJson(String text) throws ValueRejected {
    try (JsonParser p = JSON.createParser(text)) {
      JsonNode tree = JSON.readTree(p);
      if (tree == null || tree.isMissingNode()) {
        throw new ValueRejected("text is empty, not a JSON document");
      }
      if (p.nextToken() != null) {
        throw new ValueRejected("text is not one JSON document: extra content after it");
      }
      return text;
    } catch (JsonProcessingException e) {
      throw new ValueRejected("text is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ValueRejected("text is not valid JSON: " + e.getMessage());
    }
  }

  private static String parseUuid(String t) throws ValueRejected {
    // UUID.fromString alone also takes signs and short groups ("+0000000-0-0-0-0").
    if (UUID_TEXT.matcher(t).matches()) {
      try {
        return UUID.fromString(t).toString();
      } catch (IllegalArgumentException e) {
        // fall through to the rejection below
      }
    }
    throw new ValueRejected(quote(t) + " is not a UUID");
  }

  private static Boolean parseBoolean(String t) throws ValueRejected {
    switch (t.toLowerCase(Locale.ROOT)) {
      case "true", "t", "yes", "y", "on", "1":
        return true;
      case "false", "f", "no", "n", "off", "0":
        return false;
      default:
        throw new ValueRejected(quote(t) + " is not a boolean (true/false, yes/no, 1/0)");
    }
  }

  private static LocalDate parseDate(String t) throws ValueRejected {
    LocalDateTime dt = parseDateTime(t).local();
    if (!dt.toLocalTime().equals(LocalTime.MIDNIGHT)) {
      throw new ValueRejected(quote(t) + " is a date and time, not a date");
    }
    return dt.toLocalDate();
  }

  private static LocalTime parseTime(String t) throws ValueRejected {
    Matcher m = TIME_OF_DAY.matcher(t);
    if (!m.matches()) {
      throw new ValueRejected(quote(t) + " is not a time of day (expected HH:MM[:SS[.ffffff]])");
    }
    try {
      return LocalTime.of(
          Integer.parseInt(m.group(1)),
          Integer.parseInt(m.group(2)),
          m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
          nanos(m.group(4), t));
    } catch (DateTimeException e) {
      throw new ValueRejected(quote(t) + " is not a valid time: " + e.getMessage());
    }
  }

  /** A parsed date-time: the wall clock as written and its offset, {@code null} when none. */
  private record DateTime(LocalDateTime local, ZoneOffset offset) {}

  /**
   * A TIMESTAMP value: one with an offset keeps it, one without is read in {@code zone}. A wall
   * clock that never happened there (skipped by a daylight-saving change) is rejected; one that
   * happened twice takes the earlier offset, as {@link ZonedDateTime#of} does.
   */
  private static Instant toInstant(DateTime dt, ZoneId zone, String t) throws ValueRejected {
    if (dt.offset() != null) {
      return dt.local().toInstant(dt.offset());
    }
    if (zone.getRules().getValidOffsets(dt.local()).isEmpty()) {
      throw new ValueRejected(
          quote(t)
              + " does not exist in time zone "
              + zone
              + " (skipped by a daylight-saving change)");
    }
    return ZonedDateTime.of(dt.local(), zone).toInstant();
  }

  /** A TIMESTAMP_LOCAL value: kept as written, or moved from its offset to {@code zone}. */
  private static LocalDateTime toWallClock(DateTime dt, ZoneId zone) {
    if (dt.offset() == null) {
      return dt.local();
    }
    return dt.local().atOffset(dt.offset()).atZoneSameInstant(zone).toLocalDateTime();
  }

  /** Parses ISO-like date-times: {@code YYYY-MM-DD[( |T)HH:MM[:SS[.ffffff]]][Z|UTC|±HH[:MM]]}. */
  private static DateTime parseDateTime(String t) throws ValueRejected {
    DateTime plain = plainDateTime(t);
    if (plain != null) {
      return plain;
    }
    Matcher m = DATE_TIME.matcher(t);
    if (!m.matches()) {
      throw new ValueRejected(
          quote(t) + " is not a date/time (expected YYYY-MM-DD[ HH:MM:SS[.ffffff]][Z|±HH:MM])");
    }
    try {
      LocalDateTime local =
          LocalDateTime.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
              m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
              m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
              nanos(m.group(7), t));
      return new DateTime(local, m.group(8) == null ? null : offset(m.group(8)));
    } catch (DateTimeException e) {
      throw new ValueRejected(quote(t) + " is not a valid date/time: " + e.getMessage());
    }
  }

  /**
   * The common spelling {@code YYYY-MM-DD HH:MM:SS[.f{1,6}]} (space or T, no offset) without a
   * regular expression: most stored date-times look like this, and this is the hot path of a load.
   * Anything else, or anything invalid, returns null for the full parser to judge.
   */
  private static DateTime plainDateTime(String t) {
    int n = t.length();
    if (n < 19 || n > 26 || (n > 19 && (n == 20 || t.charAt(19) != '.'))) {
      return null;
    }
    if (t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(13) != ':' || t.charAt(16) != ':') {
      return null;
    }
    char sep = t.charAt(10);
    if (sep != ' ' && sep != 'T') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 7);
    int day = digits(t, 8, 10);
    int hour = digits(t, 11, 13);
    int minute = digits(t, 14, 16);
    int second = digits(t, 17, 19);
    int micros = n > 20 ? digits(t, 20, n) : 0;
    if ((year | month | day | hour | minute | second | micros) < 0) {
      return null;
    }
    for (int i = n; i < 26 && n > 20; i++) {
      micros *= 10;
    }
    try {
      return new DateTime(
          LocalDateTime.of(year, month, day, hour, minute, second, micros * 1000), null);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The number in {@code t[from, to)}, or -1 when a character there is not an ASCII digit. */
  private static int digits(String t, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static ZoneOffset offset(String text) {
    if (text.equalsIgnoreCase("Z") || text.equals("UTC")) {
      return ZoneOffset.UTC;
    }
    String digits = text.replace(":", "");
    int hours = Integer.parseInt(digits.substring(1, 3));
    int minutes = digits.length() > 3 ? Integer.parseInt(digits.substring(3, 5)) : 0;
    int sign = digits.charAt(0) == '-' ? -1 : 1;
    return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
  }

  private static int nanos(String fraction, String whole) throws ValueRejected {
    if (fraction == null) {
      return 0;
    }
    String padded = (fraction + "000000000").substring(0, 9);
    if (!padded.endsWith("000")) {
      throw new ValueRejected(quote(whole) + " has sub-microsecond digits, which would be lost");
    }
    return Integer.parseInt(padded);
  }

  /** A finite number in the NUMBER syntax (no NaN, inf or Infinity). */
  private static boolean isFiniteNumber(String t) {
    return NUMBER.matcher(t).matches() && t.indexOf('n') < 0 && t.indexOf('N') < 0;
  }

  private static boolean hasNonZeroDigit(String number) {
    int e = Math.max(number.indexOf('e'), number.indexOf('E'));
    return (e < 0 ? number : number.substring(0, e)).chars().anyMatch(c -> c >= '1' && c <= '9');
  }

  /** Reads a finite number exactly; an exponent beyond BigDecimal's range is out of range. */
  private static BigDecimal exact(String t, ColumnType type) throws ValueRejected {
    try {
      return new BigDecimal(t);
    } catch (NumberFormatException e) {
      throw new ValueRejected(quote(t) + " is out of range for " + type);
    }
  }

  /** A number for a message: plain unless that would run to hundreds of digits. */
  private static String show(BigDecimal v) {
    return Math.abs((long) v.precision() - v.scale()) > 40 || Math.abs(v.scale()) > 40
        ? v.toString()
        : v.toPlainString();
  }

  private static String hint(ColumnType type) {
    return switch (type.kind()) {
      case DATE, TIME, TIMESTAMP, TIMESTAMP_LOCAL ->
          " (if the column holds Unix epoch numbers, cast it to bigint in the job's casts)";
      default -> "";
    };
  }

  private static String quote(String s) {
    String shown = s.length() > 60 ? s.substring(0, 57) + "..." : s;
    return "'" + shown + "'";
  }
}
