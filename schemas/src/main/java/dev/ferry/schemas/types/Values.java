package dev.ferry.schemas.types;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Locale;
import java.util.UUID;
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
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

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
        return DateTimeText.date(t);
      case TIME:
        return DateTimeText.time(t);
      case TIMESTAMP:
        return DateTimeText.instant(t, zone);
      case TIMESTAMP_LOCAL:
        return DateTimeText.wallClock(t, zone);
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

  static String quote(String s) {
    String shown = s.length() > 60 ? s.substring(0, 57) + "..." : s;
    return "'" + shown + "'";
  }
}
