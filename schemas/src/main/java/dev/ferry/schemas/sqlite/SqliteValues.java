package dev.ferry.schemas.sqlite;

import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.Utf8;
import dev.ferry.schemas.types.ValueRejected;
import dev.ferry.schemas.types.Values;
import java.time.ZoneId;

/**
 * SQLite stored values → ferry values. SQLite keeps whatever was inserted (a DATETIME column may
 * hold 0, '2024' or 'yesterday'), so each value is checked against the column's logical type by its
 * storage class: INTEGER (Long), REAL (Double), TEXT (String) or BLOB (byte[]).
 */
public final class SqliteValues {

  private SqliteValues() {}

  /**
   * Converts one stored value.
   *
   * @param stored what the driver returned for the cell: null, Integer, Long, Double, String or
   *     byte[]
   * @param zone the zone of date-times stored without an offset
   */
  public static Object convert(Object stored, ColumnType type, ZoneId zone, Utf8.Policy utf8)
      throws ValueRejected {
    if (stored == null) {
      return null;
    }
    if (stored instanceof Integer i) {
      return Values.fromLong(i, type);
    }
    if (stored instanceof Long l) {
      return Values.fromLong(l, type);
    }
    if (stored instanceof Double d) {
      return Values.fromDouble(d, type);
    }
    if (stored instanceof String s) {
      return Values.fromText(s, type, zone);
    }
    if (stored instanceof byte[] bytes) {
      return switch (type.kind()) {
        case BYTES -> bytes;
        case STRING, JSON, UUID -> Values.fromText(Utf8.decode(bytes, utf8), type, zone);
        default ->
            throw new ValueRejected("binary value of " + bytes.length + " bytes is not a " + type);
      };
    }
    throw new ValueRejected(
        "unexpected stored value of class " + stored.getClass().getSimpleName());
  }
}
