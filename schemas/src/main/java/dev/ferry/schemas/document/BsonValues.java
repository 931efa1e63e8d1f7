package dev.ferry.schemas.document;

import dev.ferry.schemas.document.BsonTypes.ValueType;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.ValueRejected;
import dev.ferry.schemas.types.Values;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonValue;
import org.bson.UuidRepresentation;
import org.bson.types.Decimal128;

/**
 * One BSON value → the Beam value of its column (see {@code ColumnReader}): exact, nothing rounded
 * or guessed.
 *
 * <ul>
 *   <li>INT32, INT64 → Long (or the cast's integer type, range checked); into double only when the
 *       double holds the integer exactly.
 *   <li>DOUBLE → Double; into integers and decimals only when integral / within scale.
 *   <li>DECIMAL128 → BigDecimal with every digit, or {@code numeric} text; NaN and infinities are
 *       refused, PostgreSQL's numeric and ferry's decimals have neither.
 *   <li>DATE_TIME → Instant (timestamp), LocalDateTime at UTC (timestamp_local), LocalDate when it
 *       is midnight UTC (date).
 *   <li>OBJECT_ID → its 24 lower-case hex digits.
 *   <li>BINARY subtype 4, or subtype 3 in the spec's legacy byte order, of 16 bytes → uuid text;
 *       any binary → byte[] in a bytes column.
 *   <li>Text columns take strings, and the text of numbers, booleans, ObjectIds and dates (ISO
 *       8601); typed columns take strings through ferry's strict text parsing ({@link Values}).
 *   <li>json columns take anything, as {@link ExtendedJson}.
 * </ul>
 */
final class BsonValues {

  private BsonValues() {}

  /**
   * {@code v} (neither missing nor null) as the value of a column of type {@code to}.
   *
   * @throws ValueRejected saying what the value is and why it does not fit
   */
  static Object convert(BsonValue v, ValueType to, UuidRepresentation legacyUuid)
      throws ValueRejected {
    if (to.numeric()) {
      return exact(v).toPlainString();
    }
    ColumnType type = to.type();
    switch (type.kind()) {
      case JSON:
        return ExtendedJson.value(v);
      case STRING:
        return Values.fitLength(text(v, type), type);
      case BOOLEAN:
        if (v.isBoolean()) {
          return v.asBoolean().getValue();
        }
        break;
      case INT16, INT32, INT64, FLOAT32, FLOAT64, DECIMAL:
        return number(v, type);
      case UUID:
        if (v.isBinary()) {
          return uuid(v.asBinary(), legacyUuid);
        }
        break;
      case BYTES:
        if (v.isBinary()) {
          return v.asBinary().getData();
        }
        break;
      case DATE:
        if (v.isDateTime()) {
          LocalDateTime at = LocalDateTime.ofInstant(instant(v), ZoneOffset.UTC);
          if (!at.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)) {
            throw new ValueRejected("date-time " + at + "Z is not a date (it is not midnight UTC)");
          }
          return at.toLocalDate();
        }
        break;
      case TIMESTAMP:
        if (v.isDateTime()) {
          return instant(v);
        }
        break;
      case TIMESTAMP_LOCAL:
        if (v.isDateTime()) {
          return LocalDateTime.ofInstant(instant(v), ZoneOffset.UTC);
        }
        break;
      case TIME:
        break;
    }
    if (v.isString() || v.isSymbol()) {
      return Values.fromText(string(v), type, ZoneOffset.UTC);
    }
    throw new ValueRejected(describe(v) + " does not fit a " + type + " column");
  }

  /** A short description of a value for reasons: {@code string 'abc'}, {@code int32 5}. */
  static String describe(BsonValue v) {
    String shown =
        switch (v.getBsonType()) {
          case STRING -> quote(v.asString().getValue());
          case INT32 -> Integer.toString(v.asInt32().getValue());
          case INT64 -> Long.toString(v.asInt64().getValue());
          case DOUBLE -> Double.toString(v.asDouble().getValue());
          case DECIMAL128 -> v.asDecimal128().getValue().toString();
          case BOOLEAN -> Boolean.toString(v.asBoolean().getValue());
          case OBJECT_ID -> v.asObjectId().getValue().toHexString();
          case DATE_TIME -> instant(v).toString();
          case DOCUMENT -> "with " + v.asDocument().size() + " fields";
          case ARRAY -> "of " + v.asArray().size() + " elements";
          case BINARY ->
              "subtype " + v.asBinary().getType() + ", " + v.asBinary().getData().length + " bytes";
          default -> "";
        };
    String name = v.getBsonType().name().toLowerCase(java.util.Locale.ROOT);
    return shown.isEmpty() ? name : name + " " + shown;
  }

  private static Object number(BsonValue v, ColumnType type) throws ValueRejected {
    switch (v.getBsonType()) {
      case INT32, INT64:
        long l = v.asNumber().longValue();
        if (type.kind() == ColumnType.Kind.FLOAT64
            && new BigDecimal((double) l).compareTo(BigDecimal.valueOf(l)) != 0) {
          throw new ValueRejected(
              "integer " + l + " does not fit a double exactly (more than 53 bits)");
        }
        return Values.fromLong(l, type);
      case DOUBLE:
        return Values.fromDouble(v.asDouble().getValue(), type);
      case DECIMAL128:
        return Values.fromDecimal(exact(v), type);
      case STRING, SYMBOL:
        return Values.fromText(string(v), type, ZoneOffset.UTC);
      default:
        throw new ValueRejected(describe(v) + " is not a number, as a " + type + " column needs");
    }
  }

  /** An exact number: integers, finite doubles (as their shortest decimal) and Decimal128. */
  private static BigDecimal exact(BsonValue v) throws ValueRejected {
    switch (v.getBsonType()) {
      case INT32, INT64:
        return BigDecimal.valueOf(v.asNumber().longValue());
      case DOUBLE:
        double d = v.asDouble().getValue();
        if (!Double.isFinite(d)) {
          throw new ValueRejected("double " + d + " is not a finite number, as numeric needs");
        }
        return new BigDecimal(Double.toString(d));
      case DECIMAL128:
        Decimal128 dec = v.asDecimal128().getValue();
        if (dec.isNaN() || dec.isInfinite()) {
          throw new ValueRejected(
              "decimal128 " + dec + " is not a finite number, which numeric columns need");
        }
        // Decimal128's own conversion refuses negative zero; its text never does.
        return new BigDecimal(dec.toString());
      default:
        throw new ValueRejected(describe(v) + " is not a number, as a numeric column needs");
    }
  }

  private static String text(BsonValue v, ColumnType type) throws ValueRejected {
    return switch (v.getBsonType()) {
      case STRING, SYMBOL -> string(v);
      case OBJECT_ID -> v.asObjectId().getValue().toHexString();
      case INT32, INT64 -> Long.toString(v.asNumber().longValue());
      case DOUBLE -> Double.toString(v.asDouble().getValue());
      case DECIMAL128 -> v.asDecimal128().getValue().toString();
      case BOOLEAN -> Boolean.toString(v.asBoolean().getValue());
      case DATE_TIME -> instant(v).toString();
      default -> throw new ValueRejected(describe(v) + " does not fit a " + type + " column");
    };
  }

  private static String string(BsonValue v) {
    return v.isSymbol() ? v.asSymbol().getSymbol() : v.asString().getValue();
  }

  private static Instant instant(BsonValue v) {
    return Instant.ofEpochMilli(v.asDateTime().getValue());
  }

  private static String uuid(BsonBinary b, UuidRepresentation legacy) throws ValueRejected {
    byte subtype = b.getType();
    if (b.getData().length == 16) {
      if (subtype == BsonBinarySubType.UUID_STANDARD.getValue()) {
        return b.asUuid().toString();
      }
      if (subtype == BsonBinarySubType.UUID_LEGACY.getValue()) {
        return b.asUuid(legacy).toString();
      }
    }
    throw new ValueRejected(
        "binary (subtype "
            + subtype
            + ", "
            + b.getData().length
            + " bytes) is not a UUID: a uuid column takes subtypes 3 and 4 of 16 bytes");
  }

  private static String quote(String s) {
    return "'" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "'";
  }
}
