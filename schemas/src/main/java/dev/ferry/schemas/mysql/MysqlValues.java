package dev.ferry.schemas.mysql;

import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ColumnType.Kind;
import dev.ferry.schemas.types.FloatText;
import dev.ferry.schemas.types.Utf8;
import dev.ferry.schemas.types.ValueRejected;
import dev.ferry.schemas.types.Values;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * MySQL values, as the server sends them in text form, → ferry values of a column's current logical
 * type. The conversions behind {@link MysqlDialect#reader}; each takes the raw value the driver
 * hands over unconverted ({@code getString} for numbers and dates, {@code getBytes} for text and
 * bits) so results do not depend on driver options.
 */
public final class MysqlValues {

  private MysqlValues() {}

  /**
   * Whether {@code text} is a MySQL zero date: {@code 0000-00-00}, {@code 0000-00-00 00:00:00}, or
   * any date whose month or day is zero ({@code 2024-00-15}), which MySQL stores when {@code
   * NO_ZERO_DATE}/{@code NO_ZERO_IN_DATE} are off and no calendar holds.
   */
  public static boolean isZeroDate(String text) {
    return text.length() >= 10
        && text.charAt(4) == '-'
        && ((text.charAt(5) == '0' && text.charAt(6) == '0')
            || (text.charAt(8) == '0' && text.charAt(9) == '0'));
  }

  /**
   * A {@code set} value ({@code a,b}: MySQL forbids commas in members) as a PostgreSQL array
   * literal, every element double-quoted with {@code "} and {@code \} escaped: {@code {"a","b"}}.
   * The empty set is {@code {}}.
   */
  public static String setArray(String members) {
    if (members.isEmpty()) {
      return "{}";
    }
    StringBuilder out = new StringBuilder(members.length() + 8).append('{');
    int start = 0;
    while (true) {
      int comma = members.indexOf(',', start);
      String member = comma < 0 ? members.substring(start) : members.substring(start, comma);
      out.append('"');
      for (int i = 0; i < member.length(); i++) {
        char c = member.charAt(i);
        if (c == '"' || c == '\\') {
          out.append('\\');
        }
        out.append(c);
      }
      out.append('"');
      if (comma < 0) {
        return out.append('}').toString();
      }
      out.append(',');
      start = comma + 1;
    }
  }

  /** A {@code set} value as a JSON array of its members, for a column cast to json. */
  static String setJson(String members) {
    if (members.isEmpty()) {
      return "[]";
    }
    StringBuilder out = new StringBuilder("[");
    for (String member : members.split(",", -1)) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append('"');
      for (int i = 0; i < member.length(); i++) {
        char c = member.charAt(i);
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          default -> {
            if (c < 0x20) {
              out.append(String.format("\\u%04x", (int) c));
            } else {
              out.append(c);
            }
          }
        }
      }
      out.append('"');
    }
    return out.append(']').toString();
  }

  /** An integer column's value; {@code tinyint(1)} as boolean takes 0 and 1 only. */
  static Object fromInteger(long v, ColumnType type) throws ValueRejected {
    if (type.kind() == Kind.BOOLEAN && v != 0 && v != 1) {
      throw new ValueRejected(
          v + " is not a boolean (expected 0 or 1): cast the column to smallint to keep it");
    }
    return Values.fromLong(v, type);
  }

  /** A {@code bigint unsigned} value, which may exceed a signed long. */
  static Object fromUnsigned(String text, ColumnType type) throws ValueRejected {
    return type.kind() == Kind.STRING
        ? Values.fitLength(text, type)
        : Values.fromDecimal(new BigDecimal(text), type);
  }

  /** A {@code bit(width)} value: big-endian bytes, as the server sends them. */
  static Object fromBits(byte[] bits, int width, ColumnType type) throws ValueRejected {
    switch (type.kind()) {
      case BYTES:
        return bits;
      case STRING:
        StringBuilder digits = new StringBuilder(new BigInteger(1, bits).toString(2));
        while (digits.length() < width) {
          digits.insert(0, '0');
        }
        return Values.fitLength(digits.toString(), type);
      case BOOLEAN:
        BigInteger flag = new BigInteger(1, bits);
        if (flag.bitLength() > 1) {
          throw new ValueRejected(
              "bit value b'" + flag.toString(2) + "' is not a boolean (expected b'0' or b'1')");
        }
        return flag.signum() != 0;
      default:
        return Values.fromDecimal(new BigDecimal(new BigInteger(1, bits)), type);
    }
  }

  /**
   * A {@code float} value, selected widened to double ({@code col * 1E0}) so that every digit of
   * the stored float arrives; the server's own text for a float keeps only six.
   */
  static Object fromFloat(String text, ColumnType type) throws ValueRejected {
    float f = (float) FloatText.parseDouble(text);
    return switch (type.kind()) {
      case FLOAT32 -> f;
      case FLOAT64 -> (double) f;
      case STRING -> Values.fitLength(Float.toString(f), type);
      default -> Values.fromDecimal(new BigDecimal(Float.toString(f)), type);
    };
  }

  /** A {@code decimal} value: exact text, kept as is for {@code numeric(p,s)} above 38 digits. */
  static Object fromDecimal(String text, ColumnType type) throws ValueRejected {
    return type.kind() == Kind.STRING
        ? Values.fitLength(text, type)
        : Values.fromDecimal(new BigDecimal(text), type);
  }

  /**
   * An {@code enum} value. MySQL stores the empty string (index 0) when an insert without strict
   * mode gave a value that is not a label; that is not a value of the column.
   */
  static Object fromEnum(String label, List<String> labels, ColumnType type, ZoneId zone)
      throws ValueRejected {
    if (label.isEmpty() && !labels.contains("")) {
      throw new ValueRejected(
          "'' is not one of the enum's labels: MySQL stored it for an invalid value inserted"
              + " without strict mode");
    }
    return Values.fromText(label, type, zone);
  }

  /** A {@code set} value: a PostgreSQL array literal while the column keeps {@code text[]}. */
  static Object fromSet(String members, boolean keptArray, ColumnType type, ZoneId zone)
      throws ValueRejected {
    if (keptArray) {
      return setArray(members);
    }
    return type.kind() == Kind.JSON ? setJson(members) : Values.fromText(members, type, zone);
  }

  /** Binary bytes; a 16-byte value cast to uuid is read as the UUID's bytes, big-endian. */
  static Object fromBinary(byte[] bytes, ColumnType type, ZoneId zone, Utf8.Policy utf8)
      throws ValueRejected {
    if (type.kind() == Kind.BYTES) {
      return bytes;
    }
    if (type.kind() == Kind.UUID && bytes.length == 16) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      return new UUID(b.getLong(), b.getLong()).toString();
    }
    return Values.fromText(Utf8.decode(bytes, utf8), type, zone);
  }

  /**
   * A {@code timestamp} value, which the UTC session prints as a UTC wall clock. Cast to a wall
   * clock ({@code timestamp_local}) it is shown in {@code zone}; cast to text it carries {@code Z}.
   */
  static Object fromTimestamp(String text, ColumnType type, ZoneId zone) throws ValueRejected {
    return type.kind() == Kind.TIMESTAMP
        ? Values.fromText(text, type, ZoneOffset.UTC)
        : Values.fromText(text + "Z", type, zone);
  }

  /**
   * A {@code time} value. MySQL's TIME also holds durations from -838:59:59 to 838:59:59; only a
   * time of day fits {@code time}, the rest is rejected with what to do.
   */
  static Object fromTime(String text, ColumnType type, ZoneId zone) throws ValueRejected {
    if (type.kind() == Kind.TIME) {
      int colon = text.indexOf(':');
      if (colon != 2 || text.charAt(0) > '2' || (text.charAt(0) == '2' && text.charAt(1) > '3')) {
        throw new ValueRejected(
            "'"
                + text
                + "' is not a time of day (00:00:00 to 23:59:59.999999): MySQL's time also holds"
                + " durations; cast the column to text to keep them");
      }
    }
    return Values.fromText(text, type, zone);
  }
}
