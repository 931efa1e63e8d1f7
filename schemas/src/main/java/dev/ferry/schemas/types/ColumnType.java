package dev.ferry.schemas.types;

import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column's logical type: the one vocabulary every dialect maps into and every target maps out of.
 * Lengths, precision and scale travel with the type so no target has to guess them.
 *
 * <p>{@code ColumnType.parse("decimal(10,2)")} reads the same spelling {@link #toString()} prints,
 * which is also what job files use in {@code casts} and {@code type} rules.
 */
public record ColumnType(Kind kind, int length, int precision, int scale) implements Serializable {

  /** The kinds of values ferry carries. */
  public enum Kind {
    BOOLEAN,
    INT16,
    INT32,
    INT64,
    FLOAT32,
    FLOAT64,
    /** Exact decimal with {@code precision} digits, {@code scale} of them after the point. */
    DECIMAL,
    /** Text; {@code length} is the maximum number of characters, 0 for unbounded. */
    STRING,
    /** JSON document kept as text. */
    JSON,
    UUID,
    BYTES,
    DATE,
    /** Time of day with microseconds. */
    TIME,
    /** An instant on the UTC time line with microseconds. */
    TIMESTAMP,
    /** A wall-clock date and time with microseconds and no zone. */
    TIMESTAMP_LOCAL
  }

  public static final int MAX_DECIMAL_PRECISION = 38;

  private static final Pattern SPELLING =
      Pattern.compile("\\s*([a-z_0-9]+)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?\\s*");

  public ColumnType {
    if (kind == Kind.DECIMAL
        && (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale < 0 || scale > precision)) {
      throw new IllegalArgumentException(
          "decimal("
              + precision
              + ","
              + scale
              + ") is out of range: precision 1..38, 0 <= scale <= precision");
    }
  }

  public static ColumnType of(Kind kind) {
    return new ColumnType(kind, 0, 0, 0);
  }

  public static ColumnType string(int maxLength) {
    return new ColumnType(Kind.STRING, maxLength, 0, 0);
  }

  public static ColumnType decimal(int precision, int scale) {
    return new ColumnType(Kind.DECIMAL, 0, precision, scale);
  }

  /**
   * Reads a type as written in a job file: {@code boolean, smallint, int, bigint, real, double,
   * decimal(p,s), text, varchar(n), json, uuid, bytes, date, time, timestamp, timestamp_local}.
   *
   * @throws IllegalArgumentException naming the accepted spellings when {@code text} is not one
   */
  public static ColumnType parse(String text) {
    Matcher m = SPELLING.matcher(text.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw unknown(text);
    }
    String name = m.group(1);
    Integer a;
    Integer b;
    try {
      a = m.group(2) == null ? null : Integer.valueOf(m.group(2));
      b = m.group(3) == null ? null : Integer.valueOf(m.group(3));
    } catch (NumberFormatException e) {
      throw unknown(text);
    }
    // Only decimal(p[,s]) and varchar(n) take sizes; "int(5)" or "timestamp(3)" would be ignored.
    boolean sized = name.equals("decimal") || name.equals("numeric") || name.equals("varchar");
    if ((a != null && !sized) || (b != null && name.equals("varchar"))) {
      throw unknown(text);
    }
    switch (name) {
      case "boolean", "bool":
        return of(Kind.BOOLEAN);
      case "smallint", "int16":
        return of(Kind.INT16);
      case "int", "integer", "int32":
        return of(Kind.INT32);
      case "bigint", "int64", "long":
        return of(Kind.INT64);
      case "real", "float", "float32":
        return of(Kind.FLOAT32);
      case "double", "float64":
        return of(Kind.FLOAT64);
      case "decimal", "numeric":
        return decimal(a == null ? MAX_DECIMAL_PRECISION : a, b == null ? 0 : b);
      case "text", "string":
        return string(0);
      case "varchar":
        return string(a == null ? 0 : a);
      case "json", "jsonb":
        return of(Kind.JSON);
      case "uuid":
        return of(Kind.UUID);
      case "bytes", "bytea", "binary", "blob":
        return of(Kind.BYTES);
      case "date":
        return of(Kind.DATE);
      case "time":
        return of(Kind.TIME);
      case "timestamp", "timestamptz":
        return of(Kind.TIMESTAMP);
      case "timestamp_local", "datetime":
        return of(Kind.TIMESTAMP_LOCAL);
      default:
        throw unknown(text);
    }
  }

  private static IllegalArgumentException unknown(String text) {
    return new IllegalArgumentException(
        "unknown type '"
            + text
            + "': use one of boolean, smallint, int, bigint, real, double, decimal(p,s), text,"
            + " varchar(n), json, uuid, bytes, date, time, timestamp, timestamp_local");
  }

  @Override
  public String toString() {
    return switch (kind) {
      case BOOLEAN -> "boolean";
      case INT16 -> "smallint";
      case INT32 -> "int";
      case INT64 -> "bigint";
      case FLOAT32 -> "real";
      case FLOAT64 -> "double";
      case DECIMAL -> "decimal(" + precision + "," + scale + ")";
      case STRING -> length > 0 ? "varchar(" + length + ")" : "text";
      case JSON -> "json";
      case UUID -> "uuid";
      case BYTES -> "bytes";
      case DATE -> "date";
      case TIME -> "time";
      case TIMESTAMP -> "timestamp";
      case TIMESTAMP_LOCAL -> "timestamp_local";
    };
  }
}
